"""Choices of titles, their renames and their certificates."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tiers.constants import Authority


class TitleStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Superseded")
    REVOKED = "revoked", _("Revoked")


class RevocationGround(models.TextChoices):
    """Art. 15: the grounds on which a title is revoked."""

    FALSE_INFORMATION = "false_information", _("False information or other violations in the application (Art. 15 (1))")
    TERMINATED = "terminated", _("The enterprise was legally terminated (Art. 15 (2))")
    FAILED_MONITORING = "failed_monitoring", _("Failed operation monitoring after rectification (Art. 15 (3))")
    MAJOR_ACCIDENT = "major_accident", _("A major environmental, safety or quality accident (Art. 15 (4))")
    OTHER_VIOLATION = "other_violation", _("Other violation punished so that it no longer qualifies (Art. 15 (5))")


class RenameKind(models.TextChoices):
    """Art. 16: a change of name (更名) or a restructuring (重组), which may also change the credit code."""

    RENAME = "rename", _("Rename")
    RESTRUCTURING = "restructuring", _("Restructuring")


class RenameRoute(models.TextChoices):
    """Art. 16: who decides a rename, by the authority that recognized the title (``Tier.authority``)."""

    CITY = "city", _("The city bureau decides and files the decision with the province (Art. 16)")
    PROVINCE = "province", _("Through the city bureau to the provincial department (Art. 16)")
    MIIT = "miit", _("Per MIIT's requirements, through the city bureau and the provincial department (Art. 16)")


ROUTE_FOR_AUTHORITY: dict[str, RenameRoute] = {Authority.CITY: RenameRoute.CITY, Authority.PROVINCE: RenameRoute.PROVINCE,
                       Authority.MIIT: RenameRoute.MIIT}


class RenameStatus(models.TextChoices):
    """Where a rename request stands; the transitions are declared in ``tiers.renames.TRANSITIONS``."""

    SUBMITTED = "submitted", _("Submitted to the city bureau")
    CITY_APPROVED = "city_approved", _("Approved by the city bureau and filed with the province")
    CITY_FORWARDED = "city_forwarded", _("Forwarded by the city bureau to the province")
    # Context: the applications app says "Approved"/"Rejected" of an application review, in other words.
    APPROVED = "approved", pgettext_lazy("rename request", "Approved")
    REJECTED = "rejected", pgettext_lazy("rename request", "Rejected")


RENAME_OPEN_STATUSES = frozenset({RenameStatus.SUBMITTED, RenameStatus.CITY_FORWARDED})
RENAME_APPROVED_STATUSES = frozenset({RenameStatus.CITY_APPROVED, RenameStatus.APPROVED})


class RenderStatus(models.TextChoices):
    """Whether the certificate's PDF exists yet (technical state, not legal)."""

    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Rendering failed")


class Validity(models.TextChoices):
    """What public verification answers (legal state); only review/certificates.py changes it."""

    VALID = "valid", _("Valid")
    SUPERSEDED = "superseded", _("Superseded")
    REVOKED = "revoked", _("Revoked")


# Certificate numbers: SDZN-<tier>-<year>-<sequence>, e.g. SDZN-XJ-2026-0001.
# SDZN = 山东智能 (Shandong smart); the tier part is the pinyin initials of the tier's Chinese name.
NUMBER_PREFIX = "SDZN"
TIER_ABBREVIATIONS = {
    "basic": "JC",       # 基础级
    "advanced": "XJ",    # 先进级
    "excellence": "ZY",  # 卓越级
    "leading": "LH",     # 领航级
    "scenario": "CJ",    # 优秀场景
}
# Basic titles recognised by a city carry the city's division code (its own series): SDZN-JC-370100-2026-0001.
NUMBER_REGEX = r"SDZN-[A-Z]{2}(-\d{6})?-\d{4}-\d{4,}"


class SupportPurpose(models.TextChoices):
    """What a support list is drawn for: the forms of support Art. 17 names."""

    TECHNICAL_UPGRADE = "technical_upgrade", _("Technical upgrading")
    SPECIAL_FUNDS = "special_funds", _("Special fund applications")
    PROCUREMENT = "procurement", _("Government procurement")
    PILOT = "pilot", _("Pilots and demonstrations")
    FINANCE = "finance", _("Financial services")
    PUBLICITY = "publicity", _("Brand publicity")
    TRAINING = "training", _("Training and promotion of cases")


class EvaluationStatus(models.TextChoices):
    """Where an operation monitoring evaluation (运行监测评估) stands; its table is ``monitoring.EVALUATION``."""

    OPEN = "open", _("Awaiting the enterprise's monitoring report")
    REPORTED = "reported", _("Report submitted, awaiting the evaluation")
    RECTIFYING = "rectifying", _("Not passed: rectification required")
    RECTIFIED = "rectified", _("Rectification submitted, awaiting the re-evaluation")
    PASSED = "passed", pgettext_lazy("evaluation", "Passed")
    FAILED = "failed", _("Failed after rectification")
    CLOSED = "closed", _("Closed without a conclusion")


EVALUATION_OPEN_STATUSES = frozenset({EvaluationStatus.OPEN, EvaluationStatus.REPORTED, EvaluationStatus.RECTIFYING,
                                      EvaluationStatus.RECTIFIED})


class CaseStatus(models.TextChoices):
    """Where a revocation case (Art. 15) stands; its table is ``revocation.CASE``."""

    STATEMENT_PERIOD = "statement_period", _("Open: the enterprise may state its case")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting the decision")
    REVOKED = "revoked", _("Title revoked")
    DISMISSED = "dismissed", _("Dismissed: the title stands")
    OVERTURNED = "overturned", _("Revocation overturned: the title is restored")


CASE_OPEN_STATUSES = frozenset({CaseStatus.STATEMENT_PERIOD, CaseStatus.AWAITING_DECISION})

# The lists' status filters take, besides each status, one value for the group a dashboard counts: the
# evaluations and cases still open (the two sets above), the titles not superseded by a rename.
UNDER_WAY = "under_way"
NOT_SUPERSEDED = "not_superseded"

# Art. 15 (2): a terminated enterprise no longer exists to state its case; (3) concerns one title.
GROUNDS_WITHOUT_STATEMENT = frozenset({RevocationGround.TERMINATED})
TITLE_GROUNDS = frozenset({RevocationGround.FAILED_MONITORING})


class OverturnBasis(models.TextChoices):
    """Why a revocation no longer stands."""

    ADMINISTRATIVE_REVIEW = "administrative_review", _("Administrative review (行政复议)")
    COURT = "court", _("Court judgment (行政诉讼)")
    SELF_CORRECTION = "self_correction", _("Corrected by the deciding authority")
