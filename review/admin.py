"""Review in the Django admin. Decisions, scores, notices and declarations are records written by the
review services (read-only here); the rubric and panel sizes are reference data edited
here with an audit row."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_base import AuditedAdmin, RecordAdmin

from .models import (
    CityDocument,
    ConflictDeclaration,
    CriterionScore,
    ExpertAssignment,
    ExpertPanelSize,
    MiitOutcome,
    NoticeEntry,
    Objection,
    PublicNotice,
    RubricCriterion,
)


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
    private_downloads = {"evidence": ("review:objection_evidence", "pk")}
    list_display = ["__str__", "notice", "application", "kind", "received_on", "status"]
    list_filter = ["status", "kind"]


@admin.register(MiitOutcome)
class MiitOutcomeAdmin(RecordAdmin):
    private_downloads = {"document_file": ("review:miit_document", "application_id")}
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


@admin.register(CityDocument)
class CityDocumentAdmin(RecordAdmin):
    """The letters and summary tables printed for a city's stamp (``review.city.documents``)."""

    portal_page = "review:city_recommendations"
    portal_note = _("Printed again on the city's recommendations page.")
    private_downloads = {"file": ("review:city_document", "pk")}
    list_display = ["city", "round", "tier", "kind", "status", "attempts", "created_at", "rendered_at"]
    list_filter = ["kind", "status", "city", "tier"]
    list_select_related = ["city", "round", "tier"]


@admin.register(RecommendationLetter)
class RecommendationLetterAdmin(RecordAdmin):
    private_downloads = {"file": ("review:recommendation_letter", "pk")}
    list_display = ["original_name", "city", "round", "tier", "uploaded_by", "uploaded_at"]
    list_filter = ["city", "tier"]
