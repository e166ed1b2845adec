"""The forms of the application steps and of the transitions' confirm pages.

Every field of a step is optional: a draft may be saved half-written; completeness is checked at
submission (``content.blocking_issues``). File fields name the attachment section they feed.
"""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import ModelMultipleChoiceField
from tiers.constants import CoverageRule, Indicator, MaturityLevel
from tiers.eligibility import CORE_SEGMENTS
from tiers.forms import DateInput

from .constants import (
    ASSESSMENT_REPORT,
    BASICS,
    DECLARATIONS,
    FINANCES,
    GENERAL,
    MATURITY,
    OUTCOMES,
    SECTION_LABELS,
    AssessmentSource,
    Declaration,
    Kind,
    segment_section,
)
from .figures import FIGURE_LABELS, UNIT_HINTS, change_percent, years_for
from .models import Application

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
EVIDENCE_HELP = _("PDF, JPEG or PNG. Choose a file to add it; files already added are listed below.")


def evidence_field(label):
    return forms.FileField(label=label, required=False, help_text=EVIDENCE_HELP,
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))


def current_scenarios():
    from tiers.models import Scenario

    return Scenario.objects.filter(guide__is_current=True, is_active=True).select_related("segment")


class ScenarioChoiceField(ModelMultipleChoiceField):
    """A scenario of the guide's current edition, named with its segment (环节) and the guide's stage."""

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.segment.name} · {obj.stage}）"


class StepForm(forms.Form):
    """A step's form. ``file_sections`` maps each file field to its attachment section."""

    file_sections: dict = {}
    table_field_names: frozenset = frozenset()  # fields the step's template lays out in a table

    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)

    def model_fields(self):
        """The cleaned values that are fields of the Application itself."""
        return {name: value for name, value in self.cleaned_data.items()
                if name not in self.file_sections and name not in ("scenarios", "narrative", "accept")}


class NewApplicationForm(forms.Form):
    round_tier = forms.ChoiceField(label=_("Round and tier"), widget=forms.RadioSelect)

    def __init__(self, *args, enterprise, **kwargs):
        """Offers each open round and tier the enterprise may apply for; ``unavailable`` lists the others
        with why (its city not in the round, the prerequisite title missing, a title held, an open
        application, no quota of the city for a tier that needs one), so nothing is offered that would be
        refused at the last step or that its city could never recommend (Art. 12)."""
        from tiers.eligibility import offer_rules
        from tiers.quotas import lacks_quota
        from tiers.rounds import open_rounds, open_rounds_for
        from tiers.titles.selectors import held_titles

        from .constants import OPEN_STATUSES

        super().__init__(*args, **kwargs)
        self.options, self.unavailable = {}, []
        held = held_titles(enterprise)
        open_tier_ids = set(Application.objects.filter(enterprise=enterprise, kind=Kind.TIER, status__in=OPEN_STATUSES)
                            .values_list("round_id", "tier_id"))
        for round_ in open_rounds_for(enterprise):
            for tier in round_.tiers.all().order_by("order"):
                refused = offer_rules(tier, held)
                if refused:
                    self.unavailable.append((round_, tier, refused[0].message, refused[0].article))
                elif (round_.pk, tier.pk) in open_tier_ids:
                    self.unavailable.append((round_, tier, _("Your enterprise already has an open application for "
                                                             "this tier in this round."), "Art. 4"))
                elif lacks_quota(round=round_, tier=tier, city=enterprise.city):
                    self.unavailable.append((round_, tier, _(
                        "No quota of recommendations has been set for %(city)s for this tier in this round, so the "
                        "city could not recommend an application; it is offered once the quota is set (Art. 12).")
                        % {"city": enterprise.city.name}, "Art. 12"))
                else:
                    self.options[f"{round_.pk}:{tier.pk}"] = (round_, tier)
        for round_ in open_rounds().exclude(cities=enterprise.city).prefetch_related("tiers"):
            self.unavailable.append((round_, None, _("%(city)s does not take part in this round.")
                                     % {"city": enterprise.city.name}, "Art. 4"))
        self.fields["round_tier"].choices = [(key, f"{r.name} · {t.name}") for key, (r, t) in self.options.items()]

    def clean_round_tier(self):
        return self.options[self.cleaned_data["round_tier"]]


class BasicsForm(StepForm):
    section = BASICS

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        if application.is_scenario_award:
            self.fields["scenarios"] = ScenarioChoiceField(
                label=_("Typical scenarios you apply for (Art. 10)"), queryset=current_scenarios(), required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("From the current edition of the typical scenario guide; one or more."),
            )
            self.initial.setdefault("scenarios", list(application.scenarios.all()))


class DeclarationsForm(StepForm):
    section = DECLARATIONS
    file_sections = {f"evidence_{d}": f"declaration_{d}" for d in Declaration.values}

    declares_operations_sound = forms.BooleanField(label=Declaration.OPERATIONS_SOUND.label, required=False)
    operations_sound_text = forms.CharField(label=_("Explanation and the evidence you attach"), required=False,
                                            widget=forms.Textarea(attrs={"rows": 3}))
    evidence_operations_sound = evidence_field(_("Evidence for Art. 5 (2)"))
    declares_secure_controllable = forms.BooleanField(label=Declaration.SECURE_CONTROLLABLE.label, required=False)
    secure_controllable_text = forms.CharField(label=_("Explanation and the evidence you attach"), required=False,
                                               widget=forms.Textarea(attrs={"rows": 3}))
    evidence_secure_controllable = evidence_field(_("Evidence for Art. 5 (3)"))
    declares_organisation_and_team = forms.BooleanField(label=Declaration.ORGANISATION_AND_TEAM.label,
                                                        required=False)
    organisation_and_team_text = forms.CharField(label=_("Explanation and the evidence you attach"), required=False,
                                                 widget=forms.Textarea(attrs={"rows": 3}))
    evidence_organisation_and_team = evidence_field(_("Evidence for Art. 5 (4)"))
    above_size_explanation = forms.CharField(
        label=_("Why your enterprise is not on your city's above-size industrial enterprise list"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your city's latest above-size list does not name your enterprise. You may still apply: say why "
                    "(e.g. it became above-size after the list was drawn up); the city bureau reads this when it "
                    "pre-screens (Art. 5 (1))."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        from .checks import above_size_unlisted

        # Asked only when the city holds an above-size list without the enterprise (or one was given before).
        if not (above_size_unlisted(application) or application.above_size_explanation):
            del self.fields["above_size_explanation"]


def amount_field(label, *, signed=False):
    """万元, two decimals; negative only where ``signed`` (a loss)."""
    return forms.DecimalField(label=label, required=False, max_digits=14, decimal_places=2,
                              min_value=None if signed else 0,
                              widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal",
                                                             "class": "form-control form-control-sm"}))


class FinancesForm(StepForm):
    """Operating income, total profit and R&D spending of the three years before the round's year
    (Art. 5 (2): "近三年经营和财务状况良好"), in 10,000 yuan. Total profit may be a loss."""

    section = FINANCES

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.years = years_for(application.round)
        for year in self.years:
            for name, label in FIGURE_LABELS.items():
                self.fields[f"{name}_{year}"] = amount_field(
                    _("%(year)s %(figure)s (10,000 yuan)") % {"year": year, "figure": label},
                    signed=name == "total_profit")
        self.table_field_names = set(self.fields)

    def rows(self):
        """(year, [bound fields in FIGURE_LABELS order]) for the table the step shows."""
        return [(year, [self[f"{name}_{year}"] for name in FIGURE_LABELS]) for year in self.years]

    def model_fields(self):
        return {}

    def financial_years(self):
        return {year: {name: self.cleaned_data.get(f"{name}_{year}") for name in FIGURE_LABELS}
                for year in self.years}


class MaturityForm(StepForm):
    """The level (Art. 5 (5)) and where it comes from: the assessment's source, report number, date and score,
    with the report attached; officials check these against the report."""

    section = MATURITY
    file_sections = {"assessment_report": ASSESSMENT_REPORT}

    assessment_source = forms.ChoiceField(
        label=_("Source of the maturity assessment"), required=False,
        choices=[("", "—"), *AssessmentSource.choices],
        help_text=_("The self-assessment on the national smart-manufacturing capability maturity assessment "
                    "platform, or an assessment or certification by a third party."),
    )
    assessment_report_number = forms.CharField(label=_("Report number"), required=False, max_length=60,
                                               help_text=_("As printed on the assessment report."))
    assessment_date = forms.DateField(label=_("Assessment date"), required=False, widget=DateInput())
    assessment_score = forms.DecimalField(
        label=_("Assessment score"), required=False, min_value=Decimal("0"), max_value=Decimal("5"),
        max_digits=3, decimal_places=2, help_text=_("From 0 to 5, with two decimals, as on the report."),
    )
    maturity_level = forms.TypedChoiceField(
        label=_("Smart-manufacturing capability maturity level (GB/T 39116-2020)"), required=False, coerce=int,
        empty_value=None, choices=[("", "—"), *MaturityLevel.choices],
    )
    assessment_report = evidence_field(_("Maturity assessment report"))
    assessment_explanation = forms.CharField(
        label=_("Notes on the assessment"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. If an official queried the report, explain here or attach a corrected report."),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        if application.tier.min_maturity:
            self.fields["maturity_level"].help_text = _("This tier requires at least level %(level)s (Art. 5 (5)).") % {
                "level": application.tier.min_maturity}
            self.fields["assessment_date"].help_text = _(
                "This round accepts assessments dated %(date)s or later (at most %(months)s months before it "
                "opened, Art. 5 (5)).") % {"date": application.round.earliest_assessment_date.isoformat(),
                                           "months": application.round.max_assessment_age_months}


class SegmentForm(StepForm):
    narrative = forms.CharField(
        label=_("What the factory has built in this segment"), required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Leave empty if the factory does not cover this segment."),
    )

    def __init__(self, *args, application, segment, **kwargs):
        self.segment = segment
        self.section = segment_section(segment.code)
        self.file_sections = {"evidence": self.section}
        super().__init__(*args, application=application, **kwargs)
        self.fields["scenarios"] = ScenarioChoiceField(
            label=_("Typical scenarios covered"), required=False, widget=forms.CheckboxSelectMultiple,
            queryset=current_scenarios().filter(segment=segment),
        )
        self.fields["evidence"] = evidence_field(_("Evidence for this segment"))
        if application.tier.coverage_rule == CoverageRule.ALL_IN_PRINCIPLE:
            if segment.code in CORE_SEGMENTS:
                self.fields["narrative"].help_text = _(
                    "This tier must cover this segment (Art. 7, 8): it cannot be left out with a justification.")
            else:
                self.fields["missing_justification"] = forms.CharField(
                    label=_("If the factory does not cover this segment: why (Art. 8; reviewers see this)"),
                    required=False, widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("Only when the description above is left empty."),
                )


class OutcomesForm(StepForm):
    """The outcomes (建设成效): the free text, the five indicators before and after (each with its unit;
    the change is computed), and the evidence."""

    section = OUTCOMES
    file_sections = {"evidence": OUTCOMES}
    PARTS = ("before", "after", "unit")

    outcomes = forms.CharField(label=_("Outcomes (建设成效)"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    evidence = evidence_field(_("Evidence for the outcomes"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        self.table_field_names = set()
        labels = {"before": _("%(indicator)s before"), "after": _("%(indicator)s after"),
                  "unit": _("%(indicator)s unit")}
        for indicator in Indicator:
            for part in self.PARTS:
                name = f"{indicator.value}_{part}"
                text = labels[part] % {"indicator": indicator.label}
                if part == "unit":
                    field = forms.CharField(label=text, required=False, max_length=30,
                                            widget=forms.TextInput(attrs={"placeholder": UNIT_HINTS[indicator],
                                                                          "class": "form-control form-control-sm"}))
                else:
                    field = forms.DecimalField(label=text, required=False, min_value=0, max_digits=16,
                                               decimal_places=4,
                                               widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal",
                                                                                 "class": "form-control form-control-sm"}))
                self.fields[name] = field
                self.table_field_names.add(name)
        self.order_fields(["outcomes", *sorted(self.table_field_names), "evidence"])

    def rows(self):
        """(indicator, [before, after, unit bound fields], change % of the values shown) for the step's table."""
        rows = []
        for indicator in Indicator:
            bound = [self[f"{indicator.value}_{part}"] for part in self.PARTS]
            values = [self.initial.get(f"{indicator.value}_{part}") for part in self.PARTS[:2]]
            rows.append((indicator, bound, change_percent(*values)))
        return rows

    def model_fields(self):
        return {"outcomes": self.cleaned_data.get("outcomes", "")}

    def indicator_values(self):
        return {indicator.value: {part: self.cleaned_data.get(f"{indicator.value}_{part}")
                                  for part in self.PARTS} for indicator in Indicator}


class PledgeForm(StepForm):
    accept = forms.BooleanField(
        label=_("We pledge that the content of this application and its attachments is true, and that it holds "
                "no state secret and no commercial secret. We know that false information is ground for revoking "
                "the title (Art. 15 (1))."),
        required=False,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


class VerifyAssessmentForm(forms.Form):
    """Marking the maturity assessment report verified (Art. 5 (5)): an optional note."""

    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


class QueryAssessmentForm(VerifyAssessmentForm):
    """Querying the maturity assessment report: what does not agree with it, which the enterprise reads."""

    note = forms.CharField(label=_("What does not agree with the report (the enterprise reads this)"),
                           widget=forms.Textarea(attrs={"rows": 4}))


class StopForm(forms.Form):
    """Stopping an application whose prerequisite title was revoked (Art. 12, 13, 15)."""

    reason = forms.CharField(label=_("Why it stops"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


class ReturnForRevisionForm(forms.Form):
    """One comment box per section; at least one must be filled. ``cleaned_data["comments"]`` maps section→text."""

    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)
        sections = [GENERAL, BASICS, DECLARATIONS, FINANCES, MATURITY,
                    *(key for key in SECTION_LABELS if key.startswith("segment_")), OUTCOMES]
        for section in sections:
            self.fields[f"comment_{section}"] = forms.CharField(
                label=SECTION_LABELS[section], required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean(self):
        cleaned = super().clean()
        comments = {name.removeprefix("comment_"): value.strip() for name, value in cleaned.items()
                    if name.startswith("comment_") and value and value.strip()}
        if not comments:
            raise forms.ValidationError(_("Write at least one comment saying what must be revised."))
        cleaned["comments"] = comments
        return cleaned


class StampedScanForm(forms.Form):
    """The enterprise's scan of a printed document after signing and stamping it."""

    scan = forms.FileField(
        label=_("Signed and stamped scan (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
        help_text=_("Print the document, sign it, stamp it with the enterprise's seal and upload the scan. "
                    "A new upload keeps the earlier ones on record."),
    )
