"""The forms of the application steps and of the transitions' confirm pages.

Every field of a step is optional: a draft may be saved half-written; completeness is checked at
submission (``content.blocking_issues``). File fields name the attachment section they feed.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import ModelMultipleChoiceField
from tiers.constants import CoverageRule, MaturityLevel
from tiers.eligibility import CORE_SEGMENTS

from .constants import (
    ASSESSMENT_REPORT,
    BASICS,
    DECLARATIONS,
    GENERAL,
    MATURITY,
    OUTCOMES,
    SECTION_LABELS,
    Declaration,
    Kind,
    segment_section,
)
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
        application), so nothing is offered that would be refused at the last step."""
        from tiers.eligibility import offer_rules
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


class MaturityForm(StepForm):
    section = MATURITY
    file_sections = {"assessment_report": ASSESSMENT_REPORT}

    maturity_level = forms.TypedChoiceField(
        label=_("Smart-manufacturing capability maturity level (GB/T 39116-2020)"), required=False, coerce=int,
        empty_value=None, choices=[("", "—"), *MaturityLevel.choices],
    )
    assessment_report = evidence_field(_("Maturity assessment report"))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        if application.tier.min_maturity:
            self.fields["maturity_level"].help_text = _("This tier requires at least level %(level)s (Art. 5 (5)).") % {
                "level": application.tier.min_maturity}


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
    section = OUTCOMES
    file_sections = {"evidence": OUTCOMES}

    outcomes = forms.CharField(label=_("Outcomes (建设成效)"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    evidence = evidence_field(_("Evidence for the outcomes"))


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
        sections = [GENERAL, BASICS, DECLARATIONS, MATURITY,
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
