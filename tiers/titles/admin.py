"""Titles, renames and certificates in the Django admin: records, changed only through their services."""
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_base import RecordAdmin
from portal.errors import ActionRefused

from . import certificates
from .models import AnnualReport, Certificate, CertificateCounter, PrerequisiteLoss, RenameRequest, Title


@admin.register(Title)
class TitleAdmin(RecordAdmin, SimpleHistoryAdmin):
    """Granted by the review services; revoked (Art. 15) or renamed (Art. 16) only through their services."""

    list_display = ["enterprise_name", "tier", "year", "status", "recognized_on"]
    list_filter = ["tier", "status", "year"]
    search_fields = ["enterprise_name", "enterprise__credit_code"]
    portal_page = "titles:title_detail"
    portal_note = _("A title is never edited: it is revoked on the portal (Art. 15), and a new name or credit code "
                    "is carried over by a rename request (Art. 16).")


@admin.register(RenameRequest)
class RenameRequestAdmin(RecordAdmin):
    private_downloads = {"evidence": ("titles:rename_evidence", "pk")}
    """Every step is taken on the portal's pages, through ``tiers.titles.renames`` (Art. 16)."""

    list_display = ["pk", "old_name", "new_name", "kind", "route", "status", "requested_at"]
    list_filter = ["route", "status", "kind"]
    search_fields = ["old_name", "new_name", "old_credit_code", "new_credit_code"]
    portal_page = "titles:rename_detail"
    portal_note = _("Renames and restructurings are decided on the portal, by the route Art. 16 sets for the title.")


@admin.register(Certificate)
class CertificateAdmin(RecordAdmin):
    private_downloads = {"file": ("titles:certificate_download", "pk")}
    list_display = ["number", "enterprise_name", "tier", "year", "status", "validity", "attempts", "issued_on"]
    list_filter = ["status", "validity", "tier", "year"]
    search_fields = ["number", "enterprise_name", "credit_code"]
    actions = ["retry_rendering"]
    portal_page = "titles:certificate_list"
    portal_note = _("An issued certificate is a legal record: superseded or revoked, never changed. Failed renderings "
                    "are retried on the certificates page.")

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
class CertificateCounterAdmin(RecordAdmin):
    list_display = ["tier", "year", "city", "last"]


@admin.register(AnnualReport)
class AnnualReportAdmin(RecordAdmin):
    list_display = ["year", "enterprise", "standards_led", "standards_joined", "solutions_formed", "people_trained",
                    "updated_at"]
    list_filter = ["year"]
    list_select_related = ["enterprise"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    portal_page = "titles:annual_reports"
    portal_note = _("The enterprise files and updates its annual report on the portal (Art. 14).")


@admin.register(PrerequisiteLoss)
class PrerequisiteLossAdmin(RecordAdmin):
    list_display = ["title", "prerequisite", "noticed_at", "reported_at"]
    list_select_related = ["title__tier", "prerequisite__tier"]
    portal_page = "titles:prerequisite_loss_report"
    portal_note = _("Recorded when a prerequisite title is revoked; a provincial officer records the report on the "
                    "portal (Art. 13, 15).")
