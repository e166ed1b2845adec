from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TierCode(models.TextChoices):
    BASIC = "basic", _("Basic (city level)")
    ADVANCED = "advanced", _("Advanced (provincial level)")
    EXCELLENCE = "excellence", _("Excellence")
    LEADING = "leading", _("Leading")
    SCENARIO = "scenario", _("Provincial excellent scenario")


class Authority(models.TextChoices):
    """Who recognizes a tier (Art. 4, 11-13)."""

    CITY = "city", _("City bureau")
    PROVINCE = "province", _("Provincial department")
    MIIT = "miit", _("MIIT, on the province's recommendation")


class SegmentCode(models.TextChoices):
    """The five segments (环节) of Art. 6-9."""

    FACTORY_CONSTRUCTION = "factory_construction", _("Factory construction")
    RD_DESIGN = "rd_design", _("R&D and design")
    PRODUCTION_OPERATIONS = "production_operations", _("Production operations")
    PRODUCTION_MANAGEMENT = "production_management", _("Production management")
    OPERATIONS_MANAGEMENT = "operations_management", _("Operations management")


class CoverageRule(models.TextChoices):
    """How many segments an application of a tier must cover."""

    LISTED = "listed", _("At least the listed segments")
    ALL_IN_PRINCIPLE = "all_in_principle", _("In principle all five; a missing one needs a justification")
    ALL = "all", _("All five")
    AT_LEAST_ONE = "at_least_one", _("At least one segment (excellent scenarios, Art. 10)")


class MaturityLevel(models.IntegerChoices):
    """GB/T 39116-2020 smart-manufacturing capability maturity levels."""

    PLANNING = 1, _("Level 1 — planning")
    STANDARDISED = 2, _("Level 2 — standardised")
    INTEGRATED = 3, _("Level 3 — integrated")
    OPTIMISED = 4, _("Level 4 — optimised")
    LEADING = 5, _("Level 5 — leading")


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


ROUTE_FOR_AUTHORITY = {Authority.CITY: RenameRoute.CITY, Authority.PROVINCE: RenameRoute.PROVINCE,
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
