"""Forms of the province's and the experts' pages, and of the province transitions' confirm pages.

A transition's form takes ``application=`` (``applications.views.transition`` passes it); its
``cleaned_data`` is the transition's ``data`` (``reason`` becomes the audit row's message, which the
enterprise reads in its timeline).
"""
import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.forms import ACCEPT
from portal.accounts.models import Enterprise
from portal.calendar.working_days import default_period, notice_working_days
from portal.errors import ActionRefused
from portal.forms import ModelMultipleChoiceField
from review.models import ObjectionKind, ObjectionStatus, RubricCriterion
from tiers.constants import Authority
from tiers.models import Round, Segment, Tier

from .services import ensure_notice_long_enough

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _TransitionForm(forms.Form):
    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


class ReasonForm(_TransitionForm):
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("The enterprise and the city read this. Do not name experts or objectors."))


class NoteForm(_TransitionForm):
    reason = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The enterprise and the city read this. Do not name experts or objectors."))


def expert_label(obj):
    parts = [str(obj)]
    if obj.organisation:
        parts.append(obj.organisation)
    if obj.city_id:
        parts.append(obj.city.name)
    load = getattr(obj, "open_assignments", None)
    if load is not None:
        parts.append(str(_("%(n)s open assignment(s)") % {"n": load}))
    return " · ".join(parts)


class ExpertChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return expert_label(obj)


class AssignExpertsForm(forms.Form):
    """The experts of the panel, chosen among the eligible ones (preselected: the least loaded)."""

    experts = ExpertChoiceField(label=_("Experts"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, eligible, required, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required
        self.fields["experts"].queryset = eligible
        self.fields["experts"].help_text = _("Choose %(n)s. Experts with a declared conflict, of the enterprise's "
                                             "city or working for it are not listed.") % {"n": required}
        if not self.is_bound:
            self.initial["experts"] = [e.pk for e in list(eligible)[:required]]


class AddExpertForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("Add an expert"), queryset=None)

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = eligible
        self.fields["expert"].label_from_instance = expert_label


class WithdrawAssignmentForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing the expert"), max_length=500)


class ScoreSheetForm(forms.Form):
    """One number per active criterion, and the expert's comments."""

    comment = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        fields = {}
        for criterion in criteria:
            label = criterion.name if not criterion.segment_id else f"{criterion.segment.name} · {criterion.name}"
            if criterion.segment_id and criterion.name == criterion.segment.name:
                label = criterion.name
            fields[f"score_{criterion.pk}"] = forms.DecimalField(
                label=label, required=False, min_value=0, max_value=criterion.max_score, decimal_places=1,
                help_text=_("0 to %(max)s points (weight %(weight)s)") % {"max": criterion.max_score,
                                                                         "weight": criterion.weight},
                widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "max": criterion.max_score}),
            )
            if initial_scores and criterion.pk in initial_scores:
                self.initial[f"score_{criterion.pk}"] = initial_scores[criterion.pk]
        # The criteria first, the comments last.
        comment = self.fields.pop("comment")
        self.fields.update(fields)
        self.fields["comment"] = comment

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.criteria]


class ConflictForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.select_related("city"))
    reason = forms.CharField(label=_("What the conflict is"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("e.g. employment in the last three years, a consulting contract, a relative."))

    def __init__(self, *args, expert_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].label_from_instance = lambda e: f"{e.name} · {e.city.name} · {e.credit_code}"
        if expert_queryset is not None:
            self.fields = {"expert": forms.ModelChoiceField(label=_("Expert"), queryset=expert_queryset),
                           **self.fields}


class RubricCriterionForm(forms.ModelForm):
    class Meta:
        model = RubricCriterion
        fields = ["order", "segment", "name_zh", "name_en", "weight", "max_score", "active"]
        widgets = {"order": forms.NumberInput(attrs={"style": "width: 5em"}),
                   "weight": forms.NumberInput(attrs={"style": "width: 6em", "step": "0.5"}),
                   "max_score": forms.NumberInput(attrs={"style": "width: 6em"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.all()
        self.fields["segment"].empty_label = _("(whole application)")
        for field in self.fields.values():
            widget = field.widget
            css = {"checkbox": "form-check-input", "select": "form-select form-select-sm"}.get(
                getattr(widget, "input_type", None), "form-control form-control-sm")
            widget.attrs["class"] = css


    def has_changed(self):
        # An extra row left without a name is empty, whatever its "active" box says.
        if not self.instance.pk and not any(
                (self.data.get(self.add_prefix(name)) or "").strip() for name in ("name_zh", "name_en")):
            return False
        return super().has_changed()


RubricFormSet = forms.modelformset_factory(RubricCriterion, form=RubricCriterionForm, extra=2, can_delete=False)


class NoticeForm(forms.Form):
    """A notice of approved applications of one round and one tier."""

    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.all())
    tier = forms.ModelChoiceField(label=_("Tier"), queryset=Tier.objects.filter(authority=Authority.PROVINCE))
    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=240, required=False,
                               help_text=_("Shown on English pages; empty: the Chinese title is shown."))
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)
    applications = ModelMultipleChoiceField(label=_("Approved applications"), queryset=None,
                                            widget=forms.CheckboxSelectMultiple)
    objection_contact = forms.CharField(label=_("Objections to"), max_length=200,
                                        help_text=_("The office, the person and the telephone number."))
    objection_address = forms.CharField(label=_("Objection address"), max_length=300,
                                        help_text=_("The postal address and/or e-mail address for written objections."))

    def __init__(self, *args, approved, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = approved
        self.initial.setdefault("objection_contact", settings.NOTICE_OBJECTION_CONTACT)
        self.initial.setdefault("objection_address", settings.NOTICE_OBJECTION_ADDRESS)
        self.fields["applications"].label_from_instance = (
            lambda a: f"{a.enterprise.name} · {a.enterprise.city.name} · {a.tier.name} · {a.round.display_name}")
        self.fields["ends_on"].help_text = _(
            "At least %(days)d working days (weekends and holidays skipped); leave empty for exactly that.") % {
            "days": notice_working_days()}
        if not self.is_bound:
            try:
                starts_on, ends_on = default_period(timezone.localdate())
            except ActionRefused:  # next year's holidays not loaded: said again when the form is sent
                return
            self.initial.setdefault("starts_on", starts_on)
            self.initial.setdefault("ends_on", ends_on)

    def clean(self):
        cleaned = super().clean()
        round_, tier, chosen = cleaned.get("round"), cleaned.get("tier"), cleaned.get("applications")
        if round_ and tier and chosen:
            if any(a.round_id != round_.pk or a.tier_id != tier.pk for a in chosen):
                self.add_error("applications", _("A notice lists applications of one round and one tier."))
        starts_on = cleaned.get("starts_on")
        if starts_on and starts_on < timezone.localdate():
            self.add_error("starts_on", _("A notice cannot start in the past."))
        try:
            if starts_on and not cleaned.get("ends_on"):
                cleaned["ends_on"] = default_period(starts_on)[1]
            if starts_on and cleaned.get("ends_on") and cleaned["ends_on"] < starts_on:
                self.add_error("ends_on", _("A notice cannot end before it starts."))
            elif starts_on and cleaned.get("ends_on"):
                ensure_notice_long_enough(starts_on, cleaned["ends_on"])
        except ActionRefused as refused:
            self.add_error("ends_on", str(refused))
        return cleaned


class ObjectionForm(forms.Form):
    application = forms.ModelChoiceField(label=_("Objection to"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ObjectionKind.choices, widget=forms.RadioSelect,
                             help_text=_("Only written objections: an organisation's with its stamp, a person's "
                                         "signed. Anonymous objections are not accepted."))
    objector_name = forms.CharField(label=_("Objector (person or organisation)"), max_length=120)
    objector_contact = forms.CharField(label=_("Objector's contact"), max_length=200,
                                       help_text=_("Seen only by the department; never published, never shown "
                                                   "to the enterprise."))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 5}))
    evidence = forms.FileField(label=_("Evidence (optional)"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                               help_text=_("PDF, JPEG or PNG, e.g. a scan of the stamped or signed letter."))

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice = notice
        from applications.models import Application

        self.fields["application"].queryset = Application.objects.filter(notice_entry__notice=notice).select_related(
            "enterprise")
        self.fields["application"].label_from_instance = lambda a: a.enterprise.name
        if not self.is_bound:
            self.initial.setdefault("received_on", min(timezone.localdate(), notice.ends_on))


class ResolveObjectionForm(forms.Form):
    status = forms.ChoiceField(label=_("Resolution"), widget=forms.RadioSelect, choices=[
        (ObjectionStatus.DISMISSED, _("Dismissed: the application stays on the notice")),
        (ObjectionStatus.UPHELD, _("Upheld: the application is rejected")),
    ])
    resolution = forms.CharField(label=_("Reasoning"), widget=forms.Textarea(attrs={"rows": 5}),
                                 help_text=_("If upheld, the enterprise reads this as the reason for the "
                                             "rejection: do not name the objector."))


class MiitOutcomeForm(forms.Form):
    document_number = forms.CharField(label=_("MIIT document number"), max_length=120,
                                      help_text=_("As printed on MIIT's document."),
                                      widget=forms.TextInput(attrs={"placeholder": "工信厅联通装函〔2026〕100号"}))
    document_date = forms.DateField(label=_("Document date"), widget=DATE)
    document_file = forms.FileField(label=_("Document (PDF, optional)"), required=False,
                                    widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}))

    def clean_document_date(self):
        value = self.cleaned_data["document_date"]
        if value > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("The document date cannot be in the future."))
        return value
