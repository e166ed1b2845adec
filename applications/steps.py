"""The steps of the guided application form, in order, and what each shows beside its fields."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tiers.models import Segment

from . import forms
from .constants import (
    ASSESSMENT_FIELDS,
    BASICS,
    DECLARATIONS,
    FINANCES,
    MATURITY,
    OUTCOMES,
    PLEDGE,
    segment_section,
)


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    section: str
    segment: object = None

    def form(self, application, *args, **kwargs):
        if self.segment is not None:
            return forms.SegmentForm(*args, application=application, segment=self.segment, **kwargs)
        form_class = {
            BASICS: forms.BasicsForm, DECLARATIONS: forms.DeclarationsForm, FINANCES: forms.FinancesForm,
            MATURITY: forms.MaturityForm,
            OUTCOMES: forms.OutcomesForm, PLEDGE: forms.PledgeForm,
        }.get(self.key)
        return form_class(*args, application=application, **kwargs) if form_class else None

    def requirement(self, application):
        """The tier's text for this step (Art. 6-10), shown beside the fields."""
        tier = application.tier
        if self.segment is not None:
            requirement = tier.requirements.filter(segment=self.segment).first()
            return requirement.text if requirement else None
        if self.key == OUTCOMES:
            return tier.outcomes or None
        return None


def steps_for(application):
    segments = list(Segment.objects.order_by("order"))
    return [
        Step(BASICS, _("Round and tier") if not application.is_scenario_award else _("Round and scenarios"), BASICS),
        Step(DECLARATIONS, _("Declarations (Art. 5)"), DECLARATIONS),
        Step(FINANCES, _("Operations and finances"), FINANCES),
        Step(MATURITY, _("Maturity level"), MATURITY),
        *(Step(segment_section(s.code), s.name, segment_section(s.code), segment=s) for s in segments),
        Step(OUTCOMES, _("Outcomes"), OUTCOMES),
        Step(PLEDGE, _("Pledge"), PLEDGE),
        Step("review", _("Check and submit"), "review"),
    ]


def initial_for(step, application):
    """What the step's form shows: the application's saved values."""
    if step.segment is not None:
        entry = application.segments.filter(segment=step.segment).first()
        return {"narrative": entry.narrative if entry else "",
                "scenarios": list(entry.scenarios.all()) if entry else [],
                "missing_justification": (application.missing_segment_justifications or {}).get(step.segment.code, "")}
    if step.key == PLEDGE:
        return {"accept": bool(application.pledge_accepted_at)}
    if step.key == FINANCES:
        from .content import financial_values

        return {f"{name}_{year}": value for year, values in financial_values(application).items()
                for name, value in values.items()}
    if step.key == OUTCOMES:
        from .content import indicator_values

        return {"outcomes": application.outcomes,
                **{f"{key}_{part}": value for key, values in indicator_values(application).items()
                   for part, value in values.items()}}
    names = {
        DECLARATIONS: ["declares_operations_sound", "operations_sound_text", "declares_secure_controllable",
                       "secure_controllable_text", "declares_organisation_and_team", "organisation_and_team_text",
                       "above_size_explanation"],
        MATURITY: [*ASSESSMENT_FIELDS, "assessment_explanation"],
        BASICS: [],
    }.get(step.key, [])
    return {name: getattr(application, name) for name in names}


# Which step answers each unmet rule (``tiers.eligibility`` and ``content.completeness_issues`` codes).
RULE_STEPS = {
    "maturity_missing": MATURITY, "maturity_below_minimum": MATURITY, "assessment_report_missing": MATURITY,
    "assessment_provenance_missing": MATURITY, "assessment_date_in_future": MATURITY, "assessment_expired": MATURITY,
    "outcomes_missing": OUTCOMES,
    "pledge_missing": PLEDGE, "scenario_missing": BASICS, "scenario_duplicate": BASICS,
    "prerequisite_title_missing": BASICS, "title_already_held": BASICS,
    "above_size_unlisted": DECLARATIONS, "on_dishonest_list": DECLARATIONS,
    "financials_missing": FINANCES, "indicators_missing": OUTCOMES,
}
SEGMENT_RULES = {"core_segment_missing", "segments_missing", "segment_justification_missing", "missing_justification"}
DONE, MISSING, COMMENTED, OPTIONAL = "done", "missing", "commented", "optional"


def step_states(application, steps=None, *, issues=None, comments=None):
    """{step key: "done" | "missing" | "commented" | "optional"} — what the step buttons show, and where
    "continue" resumes. A step is missing when an unmet rule is answered there, commented when the last
    return asked for something there; a segment step with a narrative is done, without one it is
    missing while the coverage rules are unmet and optional otherwise."""
    from .content import blocking_issues
    from .selectors import latest_return_comments

    steps = steps or steps_for(application)
    issues = blocking_issues(application) if issues is None else issues
    comments = latest_return_comments(application) if comments is None else comments
    codes = {issue.code for issue in issues}
    missing_steps = {RULE_STEPS[c] for c in codes if c in RULE_STEPS}
    if any(c.startswith(("declaration_", "evidence_")) for c in codes):
        missing_steps.add(DECLARATIONS)
    coverage_unmet = bool(codes & SEGMENT_RULES)
    narratives = {entry.segment_id: bool(entry.narrative.strip()) for entry in application.segments.all()}
    states = {}
    for step in steps:
        if step.key == "review":
            states[step.key] = MISSING if issues else DONE
        elif step.section in comments:
            states[step.key] = COMMENTED
        elif step.segment is not None:
            states[step.key] = DONE if narratives.get(step.segment.pk) else (MISSING if coverage_unmet else OPTIONAL)
        else:
            states[step.key] = MISSING if step.key in missing_steps else DONE
    return states


def resume_step(application, steps=None, states=None):
    """Where "continue" opens: the first step commented or missing, else the final check."""
    steps = steps or steps_for(application)
    states = states or step_states(application, steps)
    return next((s.key for s in steps if states[s.key] in (COMMENTED, MISSING) and s.key != "review"), "review")
