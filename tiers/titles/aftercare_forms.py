"""Forms of life after recognition: opening and concluding monitoring evaluations, the enterprise's
report and rectification, revocation cases, statements, decisions and overturns (Art. 14, 15).

Each step's form takes the object it acts on as ``obj`` (the views pass it), so it can ask for MIIT's
document only where MIIT decides, and files are checked by their content (``portal.uploads``)."""
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import ActionRefused
from portal.uploads import check_upload
from tiers.constants import Authority
from tiers.forms import DateInput
from tiers.models import Tier

from .constants import TITLE_GROUNDS, OverturnBasis, RevocationGround
from .forms import AnnualReportForm
from .revocation import MIN_STATEMENT_DAYS, ensure_statement_long_enough

TEXT = {"rows": 4}


def _in_days(days):
    return lambda: timezone.localdate() + datetime.timedelta(days=days)


def _check_statement_due(form, due):
    """Show the statement period's refusal (too short in working days, or a year not loaded) on its field."""
    try:
        ensure_statement_long_enough(due)
    except ActionRefused as refused:
        form.add_error("statement_due", str(refused))


class EvidenceField(forms.FileField):
    """A PDF, JPEG or PNG, checked by content; the refusal names the file."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded:
            try:
                check_upload(uploaded)
            except ActionRefused as exc:
                raise forms.ValidationError(str(exc)) from exc
        return uploaded


class StepForm(forms.Form):
    """A step's form; ``obj`` is the evaluation or case it acts on."""

    def __init__(self, *args, obj=None, **kwargs):
        self.obj = obj
        super().__init__(*args, **kwargs)


class MiitDocumentMixin:
    """Adds MIIT's document where MIIT decides (excellence, leading), as ``document`` (one line)."""

    def add_document_field(self, label):
        if self.obj is not None and self.obj.authority == Authority.MIIT:
            self.fields["document"] = forms.CharField(
                label=label, max_length=200,
                help_text=_("The number and date of MIIT's document; the provincial department records it and does "
                            "not decide alone (Art. 13)."))


# --- monitoring evaluations ---------------------------------------------------------------------------

class OpenEvaluationForm(forms.Form):
    """For one title (``title``), or for every active title of a tier (and year, and city)."""

    tier = forms.ModelChoiceField(label=_("Tier"), queryset=Tier.objects.none())
    year = forms.IntegerField(label=_("Year recognized (optional)"), required=False, min_value=2000, max_value=2100)
    city = forms.ModelChoiceField(label=_("City (optional)"), queryset=None, required=False)
    period_year = forms.IntegerField(label=_("Year evaluated"), min_value=2000, max_value=2100,
                                     initial=lambda: timezone.localdate().year)
    requirements = forms.CharField(label=_("What the report must cover"), widget=forms.Textarea(attrs=TEXT),
                                   initial=_("How the factory ran, the change of its key indicators, its capability "
                                             "maturity level, the work Art. 14 names (standards, solutions, "
                                             "training, sharing experience) and the evidence."))
    report_due = forms.DateField(label=_("Report due"), widget=DateInput(), initial=_in_days(30))
    basis = forms.CharField(label=_("MIIT's notice or request"), max_length=200, required=False,
                            help_text=_("Required for excellence and leading titles: the MIIT document the evaluation "
                                        "follows (Art. 13)."))

    def __init__(self, *args, user, title=None, **kwargs):
        from portal.accounts.constants import Role
        from portal.accounts.models import City

        super().__init__(*args, **kwargs)
        self.title = title
        city_official = getattr(user, "role", None) == Role.CITY_OFFICIAL
        authorities = [Authority.CITY] if city_official else [Authority.PROVINCE, Authority.MIIT]
        self.fields["tier"].queryset = Tier.objects.filter(authority__in=authorities).order_by("order")
        self.fields["city"].queryset = City.objects.order_by("code")
        if city_official:
            del self.fields["city"]
        if title is not None:
            for name in ("tier", "year", "city"):
                self.fields.pop(name, None)

    def clean_report_due(self):
        due = self.cleaned_data["report_due"]
        if due <= timezone.localdate():
            raise forms.ValidationError(_("The report deadline must be after today."))
        return due


class MonitoringReportForm(StepForm):
    """The enterprise's monitoring report: indicators, how it ran, the Art. 14 items and the evidence."""

    maturity_level = forms.TypedChoiceField(label=_("Capability maturity level (GB/T 39116-2020)"), coerce=int,
                                            choices=[("", "---------"), *((n, str(n)) for n in range(1, 6))])
    efficiency_gain = forms.DecimalField(label=_("Production efficiency gain (%)"), max_digits=6, decimal_places=2)
    cost_reduction = forms.DecimalField(label=_("Operating cost reduction (%)"), max_digits=6, decimal_places=2)
    cycle_reduction = forms.DecimalField(label=_("Development cycle reduction (%)"), max_digits=6, decimal_places=2)
    defect_reduction = forms.DecimalField(label=_("Defect rate reduction (%)"), max_digits=6, decimal_places=2)
    energy_reduction = forms.DecimalField(label=_("Energy per unit of output reduction (%)"), max_digits=6,
                                          decimal_places=2)
    report_summary = forms.CharField(label=_("How the smart factory ran in the period"),
                                     widget=forms.Textarea(attrs=TEXT))
    evidence = EvidenceField(label=_("Evidence (PDF, JPEG or PNG)"),
                             help_text=_("The monitoring report with its supporting documents, as one file."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in AnnualReportForm().fields.items():  # the Art. 14 items, then the evidence last
            self.fields[name] = field
        self.fields["evidence"] = self.fields.pop("evidence")


class PassForm(StepForm, MiitDocumentMixin):
    reasons = forms.CharField(label=_("Comments (optional)"), required=False, widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_document_field(_("MIIT's conclusion (document)"))


class FailForm(StepForm, MiitDocumentMixin):
    reasons = forms.CharField(label=_("Why it did not pass"), widget=forms.Textarea(attrs=TEXT),
                              help_text=_("The enterprise reads these reasons."))
    requirements = forms.CharField(label=_("What must be rectified"), widget=forms.Textarea(attrs=TEXT))
    due = forms.DateField(label=_("Rectification due"), widget=DateInput(), initial=_in_days(60))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_document_field(_("MIIT's conclusion (document)"))


class RectificationForm(StepForm):
    rectification_summary = forms.CharField(label=_("What was rectified, and how"), widget=forms.Textarea(attrs=TEXT))
    evidence = EvidenceField(label=_("Evidence (PDF, JPEG or PNG)"))


class ReevaluationPassForm(PassForm):
    pass


class ReevaluationFailForm(StepForm, MiitDocumentMixin):
    reasons = forms.CharField(label=_("Why it still does not meet the standard"), widget=forms.Textarea(attrs=TEXT),
                              help_text=_("These are the facts of the revocation case on Art. 15 (3) that opens."))
    statement_due = forms.DateField(
        label=_("The enterprise may state its case until"), widget=DateInput(), initial=_in_days(15))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement_due"].help_text = _("At least %(days)d working days after today.") % {
            "days": MIN_STATEMENT_DAYS}
        self.add_document_field(_("MIIT's re-evaluation (document)"))

    def clean_statement_due(self):
        due = self.cleaned_data["statement_due"]
        try:
            ensure_statement_long_enough(due)
        except ActionRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return due


class CloseEvaluationForm(StepForm):
    reason = forms.CharField(label=_("Why it is closed without a conclusion"), widget=forms.Textarea(attrs=TEXT))


# --- revocation cases -------------------------------------------------------------------------------

ENTERPRISE_GROUNDS = [(value, label) for value, label in RevocationGround.choices if value not in TITLE_GROUNDS]


class OpenCaseForm(forms.Form):
    """A case on one of the enterprise's grounds (Art. 15 (1), (2), (4), (5))."""

    ground = forms.ChoiceField(label=_("Ground (Art. 15)"), choices=[("", "---------"), *ENTERPRISE_GROUNDS],
                               help_text=_("Ground (3) is opened from an evaluation failed after rectification."))
    facts = forms.CharField(label=_("Facts"), widget=forms.Textarea(attrs=TEXT),
                            help_text=_("What happened, when, and the document or authority that establishes it."))
    evidence = EvidenceField(label=_("Evidence (optional)"), required=False)
    statement_due = forms.DateField(
        label=_("The enterprise may state its case until"), widget=DateInput(), initial=_in_days(15), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement_due"].help_text = _(
            "At least %(days)d working days after today; none on ground (2), as the enterprise no longer exists.") % {
            "days": MIN_STATEMENT_DAYS}

    def clean(self):
        data = super().clean()
        if data.get("ground") and data["ground"] != RevocationGround.TERMINATED:
            if not data.get("statement_due"):
                self.add_error("statement_due", _("Give the enterprise a deadline to state its case."))
            else:
                _check_statement_due(self, data["statement_due"])
        return data


class StatementForm(StepForm):
    statement = forms.CharField(label=_("Your statement (陈述申辩)"), widget=forms.Textarea(attrs={"rows": 8}))
    evidence = EvidenceField(label=_("Evidence (optional)"), required=False)


class DecisionForm(StepForm):
    """Revoke or dismiss; where MIIT decides, its document."""

    reasons = forms.CharField(label=_("Reasons of the decision"), widget=forms.Textarea(attrs=TEXT),
                              help_text=_("The enterprise reads these reasons."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.obj is not None and self.obj.authority == Authority.MIIT:
            self.fields["miit_document_number"] = forms.CharField(label=_("MIIT document number"), max_length=100)
            self.fields["miit_document_date"] = forms.DateField(label=_("MIIT document date"), widget=DateInput())


class RevokeDecisionForm(DecisionForm):
    decided_on = forms.DateField(label=_("Revoked on"), widget=DateInput(), initial=timezone.localdate)


class OverturnForm(StepForm):
    basis = forms.ChoiceField(label=_("Overturned by"), choices=OverturnBasis.choices)
    document = forms.CharField(label=_("The decision or judgment"), max_length=200,
                               help_text=_("Its number and date."))
    reasons = forms.CharField(label=_("What it found"), widget=forms.Textarea(attrs=TEXT))


class NoteForm(StepForm):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
