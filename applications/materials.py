"""What an application of a tier must carry, read from what the form and its rules require, so the
enterprise's guide lists the materials a call asks for and can never drift from the form.

Each material names the rule codes (``tiers.eligibility``, ``content.completeness_issues``) that refuse
a submission without it: a test holds the list equal to what an empty draft of each tier is refused
for. The documents printed from the portal to sign and stamp have no rule code: the city's pre-screen
waits for them (``documents.ensure_stamped_documents``).
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.i18n import in_active_language
from tiers.constants import CoverageRule, Indicator
from tiers.eligibility import ASSESSMENT_PARTS, CORE_SEGMENTS

from .constants import BASICS, DECLARATIONS, FINANCES, MATURITY, OUTCOMES, PLEDGE, Declaration, DocumentKind
from .figures import FIGURE_LABELS, years_for


@dataclass(frozen=True)
class Material:
    key: str
    label: str  # in the active language
    step: str  # the form's step where it is given ("" for the documents uploaded after submission)
    rules: frozenset = frozenset()  # the codes refusing a submission without it


def _names(items):
    return ", ".join(str(item) for item in items)


def materials_for(tier, round=None):
    """The materials an application of ``tier`` (in ``round``, when known: its years and its oldest
    accepted assessment) must carry, in the form's order."""
    found = []
    if tier.prerequisite is not None:
        found.append(Material("prerequisite", _("An active %(tier)s title (Art. 12, 13)") % {
            "tier": tier.prerequisite.name}, BASICS, frozenset({"prerequisite_title_missing"})))
    if tier.is_scenario:
        found.append(Material("scenarios", _("The typical scenarios of the guide you apply for (Art. 10)"), BASICS,
                              frozenset({"scenario_missing"})))
    for declaration in Declaration:
        found.append(Material(
            f"declaration_{declaration.value}",
            _("%(declaration)s: declared, with evidence attached") % {"declaration": declaration.label},
            DECLARATIONS, frozenset({f"declaration_{declaration.value}", f"evidence_{declaration.value}"})))
    figures = _names(FIGURE_LABELS.values())
    if round is not None:
        years = _names(years_for(round))
        label = _("%(figures)s (10,000 yuan) of %(years)s") % {"figures": figures, "years": years}
    else:
        label = _("%(figures)s (10,000 yuan) of the three years before the round's year") % {"figures": figures}
    found.append(Material("financials", label, FINANCES, frozenset({"financials_missing"})))
    if tier.min_maturity is not None:
        parts = _names(in_active_language(zh, en) for _name, zh, en in ASSESSMENT_PARTS)
        label = _("Smart-manufacturing capability maturity level %(level)s or higher (GB/T 39116-2020), from an "
                  "assessment: its %(parts)s") % {"level": tier.min_maturity, "parts": parts}
        if round is not None:
            label += " " + _("(dated %(date)s or later)") % {"date": round.earliest_assessment_date.isoformat()}
        found.append(Material("maturity", label, MATURITY,
                              frozenset({"maturity_missing", "assessment_provenance_missing"})))
        found.append(Material("assessment_report", _("The maturity assessment report, attached"), MATURITY,
                              frozenset({"assessment_report_missing"})))
    found.append(_segments(tier))
    found.append(Material("outcomes", _("The outcomes (建设成效) of the smart factory, described"), OUTCOMES,
                          frozenset({"outcomes_missing"})))
    indicators = _names(i.label for i in Indicator)
    if tier.is_scenario:
        label = _("At least one outcome indicator before and after, with its unit (%(names)s)") % {"names": indicators}
    else:
        label = _("The outcome indicators before and after, with their units: %(names)s") % {"names": indicators}
    found.append(Material("indicators", label, OUTCOMES, frozenset({"indicators_missing"})))
    found.append(Material("pledge", _("The pledge (承诺书), accepted"), PLEDGE, frozenset({"pledge_missing"})))
    for kind in DocumentKind:
        found.append(Material(f"stamped_{kind.value}", _(
            "%(document)s printed from the portal after submission, signed, stamped and uploaded"
        ) % {"document": kind.label}, ""))
    return found


def _segments(tier):
    rule = tier.coverage_rule
    if rule == CoverageRule.AT_LEAST_ONE:
        return Material("segments", _("At least one segment of the manufacturing process, described"), "",
                        frozenset({"no_segment_covered"}))
    segments = list(tier.required_segments.order_by("order"))
    if rule == CoverageRule.ALL_IN_PRINCIPLE:
        core = [s for s in segments if s.code in CORE_SEGMENTS]
        return Material("segments", _("Every segment in principle: %(core)s without exception, and a written "
                                      "justification for each other one not covered") % {"core": _names(
                                          s.name for s in core)}, "",
                        frozenset({"core_segment_missing", "segment_justification_missing"}))
    return Material("segments", _("These segments, described: %(segments)s") % {
        "segments": _names(s.name for s in segments)}, "", frozenset({"segments_missing"} if segments else ()))
