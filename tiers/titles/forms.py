"""Forms of titles: certificate verification, rename requests (Art. 16), the support list and the annual report."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.errors import ActionRefused
from portal.forms import ModelMultipleChoiceField
from tiers.forms import DateInput

from .constants import NUMBER_REGEX, RenameKind, SupportPurpose
from .models import AnnualReport, Title


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"), max_length=40,
        help_text=_("As printed on the certificate, e.g. SDZN-XJ-2026-0001."),
    )

    def clean_number(self):
        number = self.cleaned_data["number"].strip().upper()
        if not re.fullmatch(NUMBER_REGEX, number):
            raise forms.ValidationError(_("This is not a certificate number."))
        return number



class TitleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, title):
        return f"{title.tier.name} · {title.year} · {title.enterprise_name}"


class RenameRequestForm(forms.Form):
    """The enterprise's request (Art. 16). The checks are the service's; the form repeats the ones a
    person can correct on the spot, so they appear beside the field."""

    titles = TitleChoiceField(
        label=_("Titles to rename"), queryset=Title.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("Basic titles go to the city bureau; advanced titles and excellent scenarios through the city "
                    "to the provincial department; excellence and leading titles follow MIIT (Art. 16)."),
    )
    kind = forms.ChoiceField(label=_("Kind of change"), choices=RenameKind.choices, widget=forms.RadioSelect,
                             initial=RenameKind.RENAME)
    new_name = forms.CharField(label=_("New name"), max_length=120,
                               help_text=_("Exactly as on the new business licence."))
    new_credit_code = forms.CharField(
        label=_("New unified social credit code"), max_length=24, required=False,
        help_text=_("Only for a restructuring that changed the credit code; leave empty otherwise."),
    )
    reason = forms.CharField(label=_("What changed and why"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(
        label=_("Evidence: the change of the business licence"),
        help_text=_("PDF, JPEG or PNG; its content is checked, not its name."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, enterprise, **kwargs):
        from tiers.titles.renames import titles_open_for_rename

        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        self.fields["titles"].queryset = titles_open_for_rename(enterprise)
        if not self.is_bound:
            self.initial.setdefault("titles", list(self.fields["titles"].queryset))

    def clean_new_credit_code(self):
        from portal.accounts import credit_code as cc

        return cc.normalize(self.cleaned_data.get("new_credit_code", ""))

    def clean_evidence(self):
        from portal.uploads import check_upload

        evidence = self.cleaned_data["evidence"]
        try:
            check_upload(evidence)
        except ActionRefused as exc:
            raise forms.ValidationError(str(exc), code="upload") from None
        return evidence

    def clean(self):
        from tiers.titles.renames import check_new_credit_code

        data = super().clean()
        code = data.get("new_credit_code", "")
        if code == self.enterprise.credit_code:
            code = data["new_credit_code"] = ""
        if code and data.get("kind") == RenameKind.RENAME:
            self.add_error("new_credit_code", _("A rename keeps the credit code; choose “restructuring” if the "
                                                "credit code changed."))
        elif code:
            try:
                check_new_credit_code(self.enterprise, code)
            except ActionRefused as exc:
                self.add_error("new_credit_code", str(exc))
        name = (data.get("new_name") or "").strip()
        if name and name == self.enterprise.name and not code:
            self.add_error("new_name", _("This is the current name; nothing would change."))
        return data


class RenameNoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RenameReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The enterprise reads this reason."))


class MiitApprovalForm(forms.Form):
    document_number = forms.CharField(label=_("MIIT document number"), max_length=100,
                                      help_text=_("As printed on MIIT's approval document."))
    document_date = forms.DateField(label=_("MIIT document date"), widget=DateInput())
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))




class SupportExportForm(forms.Form):
    """Why the support list leaves the portal (Art. 17): recorded with every export."""

    purpose = forms.ChoiceField(label=_("Form of support (Art. 17)"), choices=SupportPurpose.choices)
    recipient = forms.CharField(
        label=_("For which department and programme"), max_length=120,
        help_text=_("For example: 省财政厅 2027年度技术改造专项资金 (required: the export is recorded)."))


class AnnualReportForm(forms.ModelForm):
    """The enterprise's annual report (Art. 14); counts may be zero, the details say what they were."""

    class Meta:
        model = AnnualReport
        fields = ["standards_led", "standards_joined", "standards_detail", "solutions_formed", "solutions_detail",
                  "people_trained", "visits_hosted", "cases_published", "experience_detail"]
        widgets = {name: forms.Textarea(attrs={"rows": 3})
                   for name in ("standards_detail", "solutions_detail", "experience_detail")}
