"""Applications and what was submitted with them are records: statuses, comments and versions change only
through the workflow (and its audit rows), so nothing is added, changed or deleted here."""
from django.contrib import admin
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.admin_base import EstimatedCountPaginator, RecordAdmin

from .models import (
    Application,
    ApplicationSegment,
    ApplicationVersion,
    AssessmentCheck,
    Attachment,
    DishonestScreening,
    FinancialYear,
    GeneratedDocument,
    OutcomeIndicator,
    ReturnComment,
    StampedScan,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["section", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at", "removed_at"]
    readonly_fields = fields


class VersionInline(ReadOnlyInline):
    model = ApplicationVersion
    fields = ["number", "submitted_by", "submitted_at"]
    readonly_fields = fields


class ReadOnlyAdmin(RecordAdmin):
    """Records of what was submitted: viewable by admins, never edited or deleted here."""


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "tier", "round", "status", "current_version", "updated_at"]
    list_filter = ["status", "tier", "round"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    inlines = [AttachmentInline, VersionInline]
    list_select_related = ["enterprise", "tier", "round"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator


@admin.register(ReturnComment)
class ReturnCommentAdmin(ReadOnlyAdmin):
    """A return for revision (退回修改) is read beside the version it was written on: never removed."""

    list_display = ["application", "version", "section", "author", "created_at"]


@admin.register(ApplicationSegment)
class ApplicationSegmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "segment"]
    list_filter = ["segment"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    private_downloads = {"file": ("applications:attachment", "pk")}
    list_display = ["application", "section", "original_name", "content_type", "size", "uploaded_at", "removed_at"]
    list_filter = ["content_type", "section"]
    search_fields = ["original_name", "application__enterprise__name"]


@admin.register(ApplicationVersion)
class ApplicationVersionAdmin(ReadOnlyAdmin):
    list_display = ["application", "number", "submitted_by", "submitted_at"]


@admin.register(DishonestScreening)
class DishonestScreeningAdmin(RecordAdmin):
    """Written by the daily screening (``applications.screening``) with the revocation cases it opens."""

    list_display = ["enterprise", "title", "listed_on", "ground", "case_group", "screened_at"]
    list_select_related = ["enterprise", "title__tier"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    portal_page = "titles:case_list"
    portal_note = _("The daily screening against the dishonest-entity list marks each listing it opened revocation "
                    "cases for (Art. 5 (2), 15); the cases are decided on the portal.")


@admin.register(FinancialYear)
class FinancialYearAdmin(ReadOnlyAdmin):
    """A year's finances (Art. 5 (2)), entered by the enterprise on its application."""

    list_display = ["application", "year", "operating_income", "total_profit", "rd_spending"]


@admin.register(OutcomeIndicator)
class OutcomeIndicatorAdmin(ReadOnlyAdmin):
    """An outcome indicator before and after, entered by the enterprise on its application."""

    list_display = ["application", "indicator", "before", "after", "unit"]
    list_filter = ["indicator"]


@admin.register(AssessmentCheck)
class AssessmentCheckAdmin(ReadOnlyAdmin):
    """An official's mark on the maturity assessment report (Art. 5 (5)): changed only by its lifecycle."""

    list_display = ["application", "status", "checked_by", "checked_at"]
    list_filter = ["status"]
    list_select_related = ["application__enterprise", "application__tier", "application__round", "checked_by"]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(ReadOnlyAdmin):
    """The 申报书 and 承诺书 printed from a submitted version (``applications.documents``); asked for again
    from the application's page, never edited here."""

    portal_note = gettext_lazy("Asked for again on the application's page (Documents to sign and stamp).")
    private_downloads = {"file": ("applications:document", "pk")}
    list_display = ["application", "version", "kind", "status", "attempts", "rendered_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["application__enterprise", "application__tier", "application__round", "version"]
    search_fields = ["application__enterprise__name", "content_digest", "sha256"]


@admin.register(StampedScan)
class StampedScanAdmin(ReadOnlyAdmin):
    """The enterprise's signed and stamped scans, uploaded on the application's page."""

    private_downloads = {"file": ("applications:stamped", "pk")}
    list_display = ["application", "version", "kind", "original_name", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    list_select_related = ["application__enterprise", "application__tier", "application__round", "version"]
    search_fields = ["original_name", "application__enterprise__name", "sha256"]
