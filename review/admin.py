"""Review in the Django admin. Certificates, decisions, scores, notices and declarations are records written by
the review services (read-only here; certificates keep their retry action); the holiday table, the rubric and
panel sizes are reference data edited here with an audit row."""
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from portal.admin_base import AuditedAdmin, RecordAdmin
from portal.errors import ActionRefused

from . import certificates
from .models import Certificate, CertificateCounter


@admin.register(Certificate)
class CertificateAdmin(RecordAdmin):
    list_display = ["number", "enterprise_name", "tier", "year", "status", "validity", "attempts", "issued_on"]
    list_filter = ["status", "validity", "tier", "year"]
    search_fields = ["number", "enterprise_name", "credit_code"]
    actions = ["retry_rendering"]
    portal_page = "review:certificate_list"
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
    list_display = ["tier", "year", "last"]


# --- the province (review/models/province.py) ------------------------------------------------------
from .models import (  # noqa: E402
    CalendarDay, ConflictDeclaration, CriterionScore, ExpertAssignment, ExpertPanelSize, MiitOutcome, NoticeEntry,
    Objection, PublicNotice, RubricCriterion,
)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    """The holiday table the notices' working days respect (holidays, and weekends worked instead)."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(ExpertPanelSize)
class ExpertPanelSizeAdmin(AuditedAdmin):
    """Experts per application for one round and tier (otherwise settings.REVIEW_EXPERTS_PER_APPLICATION)."""

    list_display = ["round", "tier", "experts"]
    list_filter = ["tier"]


@admin.register(RubricCriterion)
class RubricCriterionAdmin(AuditedAdmin):
    list_display = ["tier", "order", "segment", "name_zh", "weight", "max_score", "active"]
    list_filter = ["tier", "active"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(RecordAdmin):
    """Read-only here: declare conflicts on the conflicts page, which withdraws affected assignments."""

    list_display = ["expert", "enterprise", "declared_at", "recorded_by"]
    search_fields = ["expert__username", "enterprise__name"]
    portal_page = "review:conflicts"
    portal_note = _("Conflicts of interest are declared on the portal, which withdraws the affected assignments.")


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(RecordAdmin):
    list_display = ["application", "expert", "assigned_at", "submitted_at", "total", "withdrawn_at"]


@admin.register(CriterionScore)
class CriterionScoreAdmin(RecordAdmin):
    list_display = ["assignment", "criterion", "score", "max_score", "weight"]


@admin.register(NoticeEntry)
class NoticeEntryAdmin(RecordAdmin):
    list_display = ["notice", "application", "title"]


@admin.register(PublicNotice)
class PublicNoticeAdmin(RecordAdmin):
    list_display = ["title", "round", "tier", "starts_on", "ends_on", "published_by"]


@admin.register(Objection)
class ObjectionAdmin(RecordAdmin):
    list_display = ["__str__", "notice", "application", "kind", "received_on", "status"]
    list_filter = ["status", "kind"]


@admin.register(MiitOutcome)
class MiitOutcomeAdmin(RecordAdmin):
    list_display = ["application", "result", "document_number", "document_date"]


# --- City bureaus: read-only records of what the city's services wrote (changed only through them) ------
from .models import CityRanking, Filing, PrescreenDecision, RecommendationLetter  # noqa: E402


@admin.register(Filing)
class FilingAdmin(RecordAdmin):
    list_display = ["title", "city", "status", "filed_at", "times_filed", "responded_at"]
    list_filter = ["status", "city"]
    search_fields = ["title__enterprise_name", "application__enterprise__credit_code"]


@admin.register(PrescreenDecision)
class PrescreenDecisionAdmin(RecordAdmin):
    list_display = ["application", "version", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]


@admin.register(CityRanking)
class CityRankingAdmin(RecordAdmin):
    list_display = ["application", "city", "round", "tier", "rank", "ranked_at"]
    list_filter = ["city", "tier"]


@admin.register(RecommendationLetter)
class RecommendationLetterAdmin(RecordAdmin):
    list_display = ["original_name", "city", "round", "tier", "uploaded_by", "uploaded_at"]
    list_filter = ["city", "tier"]
