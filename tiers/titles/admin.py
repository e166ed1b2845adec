"""Titles, renames and certificates in the Django admin: records, changed only through their services."""
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.errors import ActionRefused

from . import certificates
from .models import Certificate, CertificateCounter, RenameRequest, Title



@admin.register(Title)
class TitleAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise_name", "tier", "year", "status", "recognized_on"]
    list_filter = ["tier", "status", "year"]
    search_fields = ["enterprise_name", "enterprise__credit_code"]
    # Revocation (Art. 15) and renames (Art. 16) change a title only through their services, with audit rows.
    readonly_fields = ["status", "superseded_by", "revoked_on", "revocation_ground", "revocation_note"]


@admin.register(RenameRequest)
class RenameRequestAdmin(admin.ModelAdmin):
    """Read-only: every step is taken on the portal's pages, through ``tiers.renames``."""

    list_display = ["pk", "old_name", "new_name", "kind", "route", "status", "requested_at"]
    list_filter = ["route", "status", "kind"]
    search_fields = ["old_name", "new_name", "old_credit_code", "new_credit_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False



@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "enterprise_name", "tier", "year", "status", "validity", "attempts", "issued_on"]
    list_filter = ["status", "validity", "tier", "year"]
    search_fields = ["number", "enterprise_name", "credit_code"]
    actions = ["retry_rendering"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.action(description=_("Retry rendering of the selected certificates"))
    def retry_rendering(self, request, queryset):
        done = 0
        for certificate in queryset:
            try:
                certificates.retry_render(certificate, actor=request.user)
                done += 1
            except ActionRefused as exc:
                self.message_user(request, f"{certificate.number}: {exc}", messages.WARNING)
        self.message_user(request, _("%(count)d certificate(s) queued for rendering.") % {"count": done})


@admin.register(CertificateCounter)
class CertificateCounterAdmin(admin.ModelAdmin):
    list_display = ["tier", "year", "last"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
