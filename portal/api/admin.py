"""The tokens in the Django admin: records the services write (``RecordAdmin``). An admin issues one on
its own page (``tokens.issue_token``; the token is shown once, on the answer to that form, and kept
nowhere) and revokes with the list's action (``tokens.revoke_token``); each one audit row."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.accounts.models import City
from portal.accounts.permissions import is_admin
from portal.admin_base import RecordAdmin
from portal.errors import ActionRefused

from .models import ApiRequest, ApiToken
from .scopes import Scope
from .tokens import check_scopes, issue_token, revoke_token


class IssueTokenForm(forms.Form):
    client = forms.CharField(label=_("client"), max_length=120,
                             help_text=_("Who uses the token: the department or system, and a contact."))
    scopes = forms.MultipleChoiceField(label=_("scopes"), choices=Scope.choices,
                                       widget=forms.CheckboxSelectMultiple)
    city = forms.ModelChoiceField(label=_("restricted to the city"), queryset=City.objects.order_by("code"),
                                  required=False, help_text=_("Required for a city's applications scope; "
                                                              "then every scope reads only that city."))
    expires_at = forms.DateTimeField(label=_("expires at"), required=False,
                                     help_text=_("Empty: until revoked. Format 2026-12-31 18:00."))

    def clean(self):
        data = super().clean()
        if "scopes" in data:
            try:
                check_scopes(data["scopes"], data.get("city"))
            except ActionRefused as refused:
                raise ValidationError(str(refused)) from refused
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(RecordAdmin):
    list_display = ["client", "prefix", "scope_list", "city", "created_at", "expires_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["city"]
    search_fields = ["client", "prefix"]
    actions = ["revoke"]
    change_list_template = "admin/portal/apitoken/change_list.html"
    portal_note = _("Issued on this admin's own page and revoked with the list's action; each is audited.")

    @admin.display(description=_("scopes"))
    def scope_list(self, obj):
        return "; ".join(str(label) for label in obj.scope_labels())

    def get_urls(self):
        issue = path("issue/", self.admin_site.admin_view(self.issue_view), name="portal_apitoken_issue")
        return [issue, *super().get_urls()]

    def issue_view(self, request):
        if not is_admin(request.user):
            raise PermissionDenied
        form = IssueTokenForm(request.POST or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": _("Issue an API token")}
        if request.method == "POST" and form.is_valid():
            token, raw = issue_token(actor=request.user, **form.cleaned_data)
            # The only time the token is seen: the answer to this POST, never cached or kept.
            response = TemplateResponse(request, "admin/portal/apitoken/issued.html",
                                        {**context, "token": token, "raw": raw, "title": _("API token issued")})
            response["Cache-Control"] = "no-store"
            return response
        return TemplateResponse(request, "admin/portal/apitoken/issue.html", context)

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request, queryset):
        if not is_admin(request.user):
            self.message_user(request, _("Only an administrator can revoke tokens."), messages.ERROR)
            return
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            revoke_token(token, actor=request.user)
        self.message_user(request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.",
                                            len(tokens)) % {"count": len(tokens)})


@admin.register(ApiRequest)
class ApiRequestAdmin(RecordAdmin):
    list_display = ["at", "token", "method", "path", "status", "client_ip"]
    list_filter = ["status"]
    list_select_related = ["token"]
    search_fields = ["path", "token__client", "token__prefix", "client_ip"]
    show_full_result_count = False
