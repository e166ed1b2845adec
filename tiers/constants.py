from django.db import models
from django.utils.translation import gettext_lazy as _


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
