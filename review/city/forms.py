"""Forms of the city's confirm pages, its ranking and letter uploads, and the filings' answers.

Transition forms follow ``applications.workflow``: built with ``application=``, their cleaned_data is
the transition's ``data``, and ``data["reason"]`` becomes the audit message the enterprise reads.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from .workflow import REJECTION_GROUNDS, rejection_data


class _TransitionForm(forms.Form):
    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)


class PassForm(_TransitionForm):
    reason = forms.CharField(
        label=_("Pre-screen opinion (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The enterprise sees this opinion in its application's timeline."),
    )


class RejectForm(_TransitionForm):
    grounds = forms.MultipleChoiceField(
        label=_("Grounds"), required=False, choices=list(REJECTION_GROUNDS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = forms.CharField(
        label=_("Reasons for the rejection"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required. The enterprise reads the grounds and these reasons on its application page."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reasons", "").strip():
            cleaned.update(rejection_data(reasons=cleaned["reasons"], grounds=cleaned.get("grounds") or []))
        return cleaned


class RecognizeForm(_TransitionForm):
    document = forms.CharField(
        label=_("Recognition document number (optional)"), required=False, max_length=200,
        help_text=_("The city's document that recognizes the factory, e.g. its file number; recorded on the title."),
    )


class WithdrawRecommendationForm(_TransitionForm):
    reason = forms.CharField(
        label=_("Reason for withdrawing the recommendation"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The enterprise sees this reason in its application's timeline."),
    )


class RankingForm(forms.Form):
    """One rank box per application of the city's working list; ``ordered`` is the applications in the new order."""

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        for app in self.applications:
            self.fields[f"rank_{app.pk}"] = forms.IntegerField(
                label=app.enterprise.name, min_value=1, max_value=9999,
                initial=getattr(getattr(app, "city_ranking", None), "rank", None),
            )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        keyed = [(cleaned[f"rank_{app.pk}"], getattr(getattr(app, "city_ranking", None), "rank", 10**6), app.pk, app)
                 for app in self.applications]
        cleaned["ordered"] = [item[3] for item in sorted(keyed, key=lambda item: item[:3])]
        return cleaned


class LetterForm(forms.Form):
    letter = forms.FileField(
        label=_("Recommendation letter (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        help_text=_("The city's stamped recommendation letter. A new upload keeps the earlier ones on record."),
    )


class FilingQueryForm(forms.Form):
    reason = forms.CharField(
        label=_("What the city must clarify"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
    )


class FilingAcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class FilingReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Answer to the province's query"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your answer is sent with the filing again."),
    )
