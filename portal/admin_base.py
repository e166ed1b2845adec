"""Admin base classes shared by the apps: the Django admin never goes round the portal's rules or its audit trail.

Every model registered in the admin takes one of two bases (tests/portal/test_admin_guard.py checks it):

- ``RecordAdmin``: what the services write, and audit there (titles, filings, scores, quotas, rounds ...).
  Shown here, never added, changed, reverted or deleted here; ``portal_page`` links to the portal page
  that changes it under the regulation's rules.
- ``AuditedAdmin``: reference data admins may edit here (segments, tiers, the scenario guide, calendar
  days, users ...). Each add, change or delete writes one portal audit row (``admin.added``,
  ``admin.changed``, ``admin.deleted``) in the same transaction as the change, with the changed fields
  before and after; a row that anything refers to is not deleted.
"""
import json

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection, models, router, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .audit import audit
from .audit_sentences import register_verbs

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "admin.added": gettext_lazy("Added in the administration"),
    "admin.changed": gettext_lazy("Changed in the administration"),
    "admin.deleted": gettext_lazy("Deleted in the administration"),
    "admin.action": gettext_lazy("Action on selected rows in the administration"),
})

SECRET = "***"


class RecordAdmin(admin.ModelAdmin):
    """A record written only by the services (and audited there): viewable in the admin, never added,
    changed, reverted or deleted here. Actions that call a service (e.g. retry a certificate's rendering)
    stay.

    ``portal_note`` says where and under which article the record is changed; ``portal_page`` is the URL
    name of that portal page (called with the pk when it takes one). Both show on the record, the link
    also on the list.
    """

    portal_page = None
    portal_note = None
    # Private files (every FileField here) have no URL: the record shows the file's name linked to the
    # portal's permission-checked download, ``{field: (url name, attribute giving its argument)}``.
    private_downloads: dict = {}

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.file_fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for name in self.file_fields:
            setattr(self, f"{name}_download", self._download_display(name))

    def _download_display(self, name):
        field = self.model._meta.get_field(name)

        @admin.display(description=field.verbose_name)
        def show(obj):
            value = getattr(obj, name)
            if not value:
                return "—"
            label = value.name.rsplit("/", 1)[-1]
            if name not in self.private_downloads:
                return label
            url_name, attribute = self.private_downloads[name]
            return format_html('<a href="{}">{}</a>', reverse(url_name, args=[getattr(obj, attribute)]), label)
        return show

    def get_fields(self, request, obj=None):
        return [f"{n}_download" if n in self.file_fields else n for n in super().get_fields(request, obj)]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        fields += [f"{n}_download" for n in self.file_fields]
        return fields + ["where_changed"] if self.portal_page or self.portal_note else fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, *args, **kwargs):
        # simple_history lets anyone who may *view* a record POST an old version back over it.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, *args, **kwargs)

    def _portal_url(self, obj):
        try:
            return reverse(self.portal_page, args=[obj.pk])
        except NoReverseMatch:
            return reverse(self.portal_page)

    @admin.display(description=gettext_lazy("on the portal"))
    def portal_link(self, obj):
        return format_html('<a href="{}">{}</a>', self._portal_url(obj), _("Change it on the portal"))

    @admin.display(description=gettext_lazy("where it is changed"))
    def where_changed(self, obj):
        if not self.portal_page:
            return self.portal_note
        return format_html('{} <a href="{}">{}</a>', self.portal_note or "", self._portal_url(obj),
                           _("Change it on the portal"))

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return columns + ["portal_link"] if self.portal_page else columns



def _plain(value):
    """A JSON-friendly, readable form of a field's value."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (models.QuerySet, models.Manager)):
        value = value.all()
    if isinstance(value, (models.QuerySet, list, tuple, set, frozenset)):
        return sorted(str(v) for v in value)
    return str(value)


def _field_value(obj, name, form=None, *, source):
    """``name``'s value on a saved model instance (``source`` "db" or "form"), or a form's for other fields."""
    if "password" in name:
        return SECRET
    try:
        field = obj._meta.get_field(name)
    except Exception:
        field = None
    if field is not None and field.many_to_many:
        if source == "db":
            return _plain(getattr(obj, name).all()) if obj.pk else []
        return _plain(form.cleaned_data.get(name)) if form is not None else _plain(getattr(obj, name).all())
    if field is not None and field.concrete:
        return _plain(getattr(obj, field.name))
    if form is not None:
        return _plain(form.initial.get(name) if source == "db" else form.cleaned_data.get(name))
    return None


def _stored(obj):
    """The row as stored now (``obj`` in memory may already carry the form's new values)."""
    return type(obj)._base_manager.get(pk=obj.pk) if obj.pk else None


def _state(obj):
    return {f.name: _field_value(obj, f.name, source="db") for f in obj._meta.concrete_fields}


class AuditedAdmin(admin.ModelAdmin):
    """Reference data edited in the admin, each add, change and delete with one portal audit row in the
    change's transaction (inline rows included in their parent's row). Rows referred to are not deleted."""

    # --- collect the changes while Django saves ----------------------------------------------------
    def _pending(self, request):
        if not hasattr(request, "_admin_audit"):
            request._admin_audit = {"before": {}, "after": {}}
        return request._admin_audit

    def save_model(self, request, obj, form, change):
        pending = self._pending(request)
        if change:
            stored = _stored(obj)
            for name in form.changed_data:
                pending["before"][name] = _field_value(stored, name, form, source="db")
                pending["after"][name] = _field_value(obj, name, form, source="form")
        super().save_model(request, obj, form, change)
        if not change:
            for name in form.fields:
                pending["after"][name] = _field_value(obj, name, form, source="form")

    def save_formset(self, request, form, formset, change):
        pending = self._pending(request)
        label = formset.model._meta.model_name
        changed = []
        for inline in formset.initial_forms:
            if inline.instance.pk is None:
                continue
            if formset.can_delete and formset._should_delete_form(inline):
                pending["before"][f"{label}:{inline.instance}"] = _state(inline.instance)
                pending["after"][f"{label}:{inline.instance}"] = None
            elif inline.has_changed():
                changed.append((inline, _stored(inline.instance)))
        super().save_formset(request, form, formset, change)
        for inline, stored in changed:
            key = f"{label}:{inline.instance}"
            pending["before"][key] = {n: _field_value(stored, n, inline, source="db") for n in inline.changed_data}
            pending["after"][key] = {n: _field_value(inline.instance, n, inline, source="form")
                                     for n in inline.changed_data}
        for obj in formset.new_objects:
            pending["before"][f"{label}:{obj}"] = None
            pending["after"][f"{label}:{obj}"] = _state(obj)

    # --- write the one audit row when Django logs the change (inside the view's transaction) ---------
    def _message(self, message):
        if isinstance(message, list):
            return LogEntry(change_message=json.dumps(message)).get_change_message()
        return str(message)

    def log_addition(self, request, obj, message):
        pending = request.__dict__.pop("_admin_audit", {"after": {}})
        audit(request.user, "admin.added", obj, after=pending["after"], message=self._message(message))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        pending = request.__dict__.pop("_admin_audit", None)
        if pending is None:  # a view that saves without save_model, e.g. a user's password form
            fields = [f for part in (message or []) for f in part.get("changed", {}).get("fields", [])]
            pending = {"before": dict.fromkeys(fields, SECRET), "after": dict.fromkeys(fields, SECRET)}
        if pending["before"] or pending["after"]:
            audit(request.user, "admin.changed", obj, before=pending["before"], after=pending["after"],
                  message=self._message(message))
        return super().log_change(request, obj, message)

    # --- deletes: one row per deleted object, refused for rows in use -------------------------------
    def delete_model(self, request, obj):
        with transaction.atomic(using=router.db_for_write(self.model)):
            audit(request.user, "admin.deleted", obj, before=_state(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The "delete selected" action runs outside a transaction: the rows and their audit go together.
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset:
                audit(request.user, "admin.deleted", obj, before=_state(obj))
            super().delete_queryset(request, queryset)

    def get_deleted_objects(self, objs, request):
        """Django refuses a delete that lists protected objects; a row anything refers to is one (not only
        PROTECT: a CASCADE or a many-to-many link would silently change records that rely on it)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_use = [reason for obj in objs for reason in uses_of(obj)]
        return deleted, counts, perms_needed, list(protected) + in_use

    # --- other writing views: actions and simple_history's revert ----------------------------------
    def response_action(self, request, queryset):
        action = request.POST.get("action", "")
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if action == "delete_selected" or not selected:  # deletes are audited per row in delete_queryset
            return super().response_action(request, queryset)
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().response_action(request, queryset)
            audit(request.user, "admin.action", None, after={
                "model": self.model._meta.label, "action": action, "selected": selected,
                "all": request.POST.get("select_across") == "1",
            }, message=action)
        return response

    def history_form_view(self, request, *args, **kwargs):
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, *args, **kwargs)


def uses_of(obj):
    """Why ``obj`` cannot be deleted: one translated line per kind of row that refers to it."""
    reasons = []
    # include_hidden: a foreign key with related_name="+" still refers to the row.
    for rel in obj._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and rel.is_relation):
            continue
        related = rel.related_model
        # simple_history's copies keep their own history of a deleted row; an m2m's link table is
        # counted through the m2m itself, which names the model that holds it.
        if getattr(related, "instance_type", None) is not None or related._meta.auto_created:
            continue
        count = related._base_manager.filter(**{rel.field.name: obj}).count()
        if count:
            reasons.append(_("%(object)s is referred to by %(count)d %(what)s, so it cannot be deleted.")
                           % {"object": obj, "count": count, "what": related._meta.verbose_name_plural})
    return list(dict.fromkeys(reasons))


def reregister(site, model, base):
    """Put a third-party app's admin of ``model`` under ``base`` (RecordAdmin or AuditedAdmin), keeping
    its list, forms and actions."""
    if not site.is_registered(model):
        return
    current = type(site.get_model_admin(model))
    site.unregister(model)
    site.register(model, type(current.__name__, (base, current), {"__module__": __name__}))


class EstimatedCountPaginator(Paginator):
    """The admin's pages of a table of hundreds of thousands of rows: unfiltered, the number of rows is
    PostgreSQL's estimate (``pg_class.reltuples``, kept by ANALYZE and autovacuum) instead of a COUNT
    over the whole table on every page; filtered, the exact count of the (smaller) result."""

    @cached_property
    def count(self):
        qs = self.object_list
        if connection.vendor == "postgresql" and not qs.query.where:
            with connection.cursor() as cursor:
                cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [qs.model._meta.db_table])
                row = cursor.fetchone()
            if row and row[0] > 10_000:
                return row[0]
        return super().count
