import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import NUMBER_REGEX


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
