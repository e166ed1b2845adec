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


class Indicator(models.TextChoices):
    """The outcome indicators (建设成效) an application gives before and after building the smart factory,
    as the calls ask for them (see ``tiers.eligibility``)."""

    PRODUCTION_EFFICIENCY = "production_efficiency", _("Production efficiency")
    OPERATING_COST = "operating_cost", _("Operating cost")
    DEVELOPMENT_CYCLE = "development_cycle", _("Product development cycle")
    DEFECT_RATE = "defect_rate", _("Defect rate")
    ENERGY_PER_OUTPUT = "energy_per_output", _("Energy per unit of output")


# An improvement is a rise for efficiency and a fall for every other indicator.
INDICATORS_BETTER_HIGHER = frozenset({Indicator.PRODUCTION_EFFICIENCY})

# The three figures of each of the three years before the round's year (Art. 5 (2)), in 10,000 yuan (万元).
FINANCIAL_FIGURES = ("operating_income", "total_profit", "rd_spending")
