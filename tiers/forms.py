from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.accounts.models import City
from portal.forms import ModelMultipleChoiceField

from .models import QuotaPlan, Round, Scenario, ScenarioGuide, SegmentRequirement, Tier

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    """An HTML date input; its value must be ISO (the Chinese locale's format would leave it empty)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CityChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, city):
        return f"{city.name}（{city.code}）"


class CityRoundForm(forms.ModelForm):
    """A round's name, year and dates: a city bureau's own basic round (the tier and the city are fixed)."""

    class Meta:
        model = Round
        fields = ["year", "name", "name_en", "opens_at", "closes_at", "note"]
        widgets = {
            "opens_at": DateTimeLocalInput(),
            "closes_at": DateTimeLocalInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class RoundForm(CityRoundForm):
    """A provincial round: also its tiers, cities and the accepted age of a maturity assessment."""

    tiers = ModelMultipleChoiceField(
        label=_("Open tiers"), queryset=Tier.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    cities = CityChoiceField(
        label=_("Participating cities"), queryset=City.objects.order_by("code"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave out a city that runs its own process, such as Qingdao in past rounds."),
    )

    class Meta(CityRoundForm.Meta):
        fields = ["year", "name", "name_en", "opens_at", "closes_at", "tiers", "cities", "max_assessment_age_months",
                  "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out: the round's current setting (12 months for a new round).
        self.fields["max_assessment_age_months"].required = False


class MeasuresExtensionForm(forms.Form):
    valid_until = forms.DateField(label=_("Measures valid until"), widget=DateInput())
    legal_basis = forms.CharField(
        label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The document that extends the measures: issuer, number and date."),
    )


class TierForm(forms.ModelForm):
    class Meta:
        model = Tier
        fields = ["name_zh", "name_en", "article", "authority", "prerequisite", "min_maturity", "coverage_rule",
                  "required_segments", "outcomes_zh", "outcomes_en"]
        field_classes = {"required_segments": ModelMultipleChoiceField}
        widgets = {
            "required_segments": forms.CheckboxSelectMultiple,
            "outcomes_zh": forms.Textarea(attrs={"rows": 3}),
            "outcomes_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["prerequisite"].queryset = Tier.objects.exclude(pk=self.instance.pk)


class SegmentRequirementForm(forms.ModelForm):
    class Meta:
        model = SegmentRequirement
        fields = ["text_zh", "text_en"]
        widgets = {"text_zh": forms.Textarea(attrs={"rows": 4}), "text_en": forms.Textarea(attrs={"rows": 4})}


class ScenarioGuideForm(forms.ModelForm):
    class Meta:
        model = ScenarioGuide
        fields = ["title", "edition", "document_number", "is_current"]


class ScenarioForm(forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["guide", "name_zh", "name_en", "stage_zh", "stage_en", "segment", "order", "is_active",
                  "description_zh", "description_en", "verified", "verification_note"]


# Far above any real figure (Shandong has about 30,000 above-size enterprises), far below the columns'
# limit: a mistyped or hostile number is a message on the form, never an integer overflow.
MAX_QUOTA = 10_000
MAX_ENTERPRISES = 1_000_000


class NewQuotaPlanForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.all())
    tier = forms.ModelChoiceField(label=_("Tier"), queryset=Tier.objects.all())
    total = forms.IntegerField(label=_("Provincial total"), min_value=0, max_value=MAX_QUOTA)


class QuotaPlanForm(forms.ModelForm):
    total = forms.IntegerField(label=_("Provincial total"), min_value=0, max_value=MAX_QUOTA)

    class Meta:
        model = QuotaPlan
        fields = ["total", "weight_enterprises", "weight_assessments", "weight_system", "note", "figures_reason"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2}), "figures_reason": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        data = super().clean()
        weights = [data.get(f) for f in ("weight_enterprises", "weight_assessments", "weight_system")]
        if all(w is not None for w in weights):
            if any(w < 0 for w in weights) or sum(weights) <= 0:
                raise forms.ValidationError(_("The weights must be non-negative and not all zero."))
        return data


class CityInputsForm(forms.Form):
    """One city's three inputs on the quota page (a row of a formset)."""

    quota_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    above_size_enterprises = forms.IntegerField(label=pgettext_lazy("count", "Above-size industrial enterprises"), min_value=0,
                                                max_value=MAX_ENTERPRISES)
    self_assessments = forms.IntegerField(label=_("Maturity self-assessments this year"), min_value=0,
                                          max_value=MAX_ENTERPRISES)
    system_score = forms.DecimalField(label=_("Gradient-system score (0-100)"), min_value=0, max_value=100,
                                      max_digits=5, decimal_places=2)


CityInputsFormSet = forms.formset_factory(CityInputsForm, extra=0)


class QuotaOverrideForm(forms.Form):
    override = forms.IntegerField(
        label=_("Final quota"), min_value=0, max_value=MAX_QUOTA, required=False,
        help_text=_("Leave empty to go back to the computed quota."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


# Titles after recognition (Art. 15, 16)




class CityRoundCalendarForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2024, max_value=2100)
    opens_on = forms.DateField(label=_("City rounds open from"), widget=DateInput())
    closes_on = forms.DateField(label=_("City rounds close by"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class GuideLoadForm(forms.Form):
    """An official edition of the scenario guide, loaded from its table (``tiers.scenario_import``)."""

    title = forms.CharField(label=pgettext_lazy("heading", "Title"), max_length=120, initial="智能制造典型场景参考指引")
    edition = forms.CharField(label=_("Edition"), max_length=20, help_text=_("e.g. 2027"))
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False,
                                      help_text=_("e.g. 工信厅通装函〔2025〕155号"))
    make_current = forms.BooleanField(label=_("Make it the current edition (new applications choose from it)"),
                                      required=False)
    file = forms.FileField(
        label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("Excel (.xlsx) or CSV (UTF-8), one row per typical scenario. First row: the column names — "
                    "阶段, 场景名称 and, if given, 环节, 场景描述, 英文名称."))
