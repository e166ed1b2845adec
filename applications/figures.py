"""The application's structured figures: three years of finances (Art. 5 (2)) and the outcome indicators
(建设成效) before and after, with the change each shows. Plain functions; the models hold the values."""
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from tiers.constants import FINANCIAL_FIGURES, INDICATORS_BETTER_HIGHER, Indicator

FIGURE_LABELS = {
    "operating_income": _("Operating income"),
    "total_profit": _("Total profit"),
    "rd_spending": _("R&D spending"),
}
# What each indicator is usually measured in; the enterprise gives its own unit.
UNIT_HINTS = {
    Indicator.PRODUCTION_EFFICIENCY: "件/人·天",
    Indicator.OPERATING_COST: "万元/年",
    Indicator.DEVELOPMENT_CYCLE: "天",
    Indicator.DEFECT_RATE: "%",
    Indicator.ENERGY_PER_OUTPUT: "吨标准煤/万元",
}
ONE_DECIMAL = Decimal("0.1")
assert tuple(FIGURE_LABELS) == FINANCIAL_FIGURES


def years_for(round_):
    """The three years before the round's year, oldest first (a 2026 round asks for 2023, 2024, 2025)."""
    return tuple(range(round_.year - 3, round_.year))


def change_percent(before, after):
    """(after − before) / before × 100, to one decimal; None when a value is missing or when ``before`` is
    zero and ``after`` is not (a change from nothing has no percentage); 0 when both are zero."""
    if before is None or after is None:
        return None
    before, after = Decimal(before), Decimal(after)
    if before == 0:
        return Decimal("0.0") if after == 0 else None
    return ((after - before) / before * 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def improved(indicator, change):
    """Whether a change (percent) is an improvement: a rise for efficiency, a fall for the others."""
    if change is None or change == 0:
        return None
    return change > 0 if indicator in INDICATORS_BETTER_HIGHER else change < 0


def financial_warnings(years):
    """What looks wrong but does not block: R&D spending above the year's operating income.
    ``years``: {year: {figure: Decimal or None}}. Returns messages, oldest year first."""
    warnings = []
    for year in sorted(years):
        values = years[year] or {}
        income, rd = values.get("operating_income"), values.get("rd_spending")
        if income is not None and rd is not None and rd > income:
            warnings.append(_("%(year)s: R&D spending (%(rd)s) is above the operating income (%(income)s); "
                              "please check the figures.") % {"year": year, "rd": rd, "income": income})
    return warnings


def decimal_text(value):
    """A Decimal as the snapshot and the exports keep it: exact, without exponent; None stays None."""
    if value is None:
        return None
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
