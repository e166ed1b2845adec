from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import credit_code as cc
from . import industries
from .constants import LegalForm, Role
from .models import (
    BranchIndustry,
    City,
    CreditCodeException,
    Enterprise,
    User,
    branch_may_apply,
    city_for_division,
)


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong user name or password. After %(limit)s failed attempts the account is locked for a while."
        ),
        "inactive": _("This account is inactive. Please contact the administrator."),
    }

    def get_invalid_login_error(self):
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"], code="invalid_login", params={"limit": settings.AXES_FAILURE_LIMIT}
        )


class PortalPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class CreditCodeField(forms.CharField):
    """A unified social credit code: normalised, then checked by GB 32100-2015 and for Shandong."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("min_length", 1)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "class": "text-uppercase"})

    def to_python(self, value):
        return cc.normalize(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            # A recorded exception excuses only the check character, so it is looked up only when that is
            # all that fails (a NUL or a 5,000-character value never reaches the database).
            try:
                cc.validate_credit_code(value)
            except ValidationError as error:
                if error.code != "check_character" or not CreditCodeException.objects.filter(
                        credit_code=value).exists():
                    raise


class IndustryField(forms.ChoiceField):
    """A division (大类) of GB/T 4754-2017, chosen from the shipped table; "C36" is read as "36"."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not a division (大类) of GB/T 4754-2017. Choose your enterprise's "
                            "industry from the list: the two-digit division code, e.g. 36 for automobile "
                            "manufacturing."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Industry (GB/T 4754-2017)"))
        kwargs.setdefault("help_text", _("The division (大类) of your main activity in GB/T 4754-2017 国民经济行业分类, "
                                         "as in your statistical registration; the section (门类) follows from it."))
        super().__init__(choices=lambda: [("", "---------"), *industries.division_choices()], **kwargs)

    def to_python(self, value):
        return industries.normalize(super().to_python(value))


BRANCH_REFUSED = _("Branches may register only in the industries of Art. 5 (1) (petroleum and petrochemicals, "
                   "nonferrous metals, tobacco, automotive) and those the province has added; "
                   "%(industry)s is not among them.")


class EnterpriseRegistrationForm(forms.Form):
    """Self-registration of an enterprise and its first user (Art. 5 (1) checks on the code)."""

    credit_code = CreditCodeField(
        label=_("Unified social credit code"),
        help_text=_("18 characters, as on the business licence. The city is proposed from characters 3 to 8."),
    )
    name = forms.CharField(label=_("Enterprise name"), max_length=120)
    city = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.all(), required=False,
        help_text=_("Leave empty to take the city from the credit code."),
    )
    district = forms.CharField(label=_("District or county"), max_length=40, required=False)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices, initial=LegalForm.LEGAL_PERSON)
    parent_credit_code = CreditCodeField(
        label=_("Parent's credit code"), required=False,
        help_text=_("Branches only: the credit code of the legal person the branch belongs to."),
    )
    industry = IndustryField()
    above_designated_size = forms.BooleanField(
        label=_("An above-designated-size industrial enterprise"), required=False
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=40)
    contact_phone = forms.RegexField(
        label=_("Contact phone"), max_length=20, regex=r"^[0-9+\-() ]{7,20}$",
        error_messages={"invalid": _("Enter a phone number of digits, spaces, +, - or brackets.")},
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    username = forms.RegexField(
        label=_("User name"), max_length=150, regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and @ . + - _ only. You log in with it."),
        error_messages={"invalid": _("Use only letters, digits and @ . + - _ in the user name.")},
    )
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"]
        if Enterprise.objects.filter(credit_code=code).exists():
            raise forms.ValidationError(
                _("An enterprise with this credit code is already registered. Ask its account holder to add you, "
                  "or reset the password of the existing account."),
                code="duplicate",
            )
        return code

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken; please choose another."), code="duplicate")
        return username

    def clean(self):
        data = super().clean()
        code = data.get("credit_code")
        if code and not data.get("city"):
            data["city"] = city_for_division(cc.division_code(code))
            if data["city"] is None:
                self.add_error("city", _("No Shandong city matches this code's division code; please choose the city."))
        if data.get("legal_form") == LegalForm.BRANCH:
            if data.get("industry") and not branch_may_apply(data["industry"]):
                self.add_error("legal_form", BRANCH_REFUSED % {"industry": industries.label(data["industry"])})
            parent = data.get("parent_credit_code")
            if not parent:
                self.add_error("parent_credit_code", _("A branch must give its parent's credit code (Art. 5 (1))."))
            elif parent == code:
                self.add_error("parent_credit_code", _("The parent's code must differ from the branch's own code."))
        else:
            data["parent_credit_code"] = ""
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        if p1 and not self.has_error("password1"):
            probe = User(username=data.get("username", ""), email=data.get("contact_email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class EnterpriseProfileForm(forms.ModelForm):
    """What an enterprise may change itself; the credit code and legal form change only by rename (Art. 16).
    A branch keeps to the industries open to branches (Art. 5 (1))."""

    industry = IndustryField()

    class Meta:
        model = Enterprise
        fields = ["district", "industry", "above_designated_size", "contact_name", "contact_phone", "contact_email"]

    def clean_industry(self):
        industry = self.cleaned_data["industry"]
        if self.instance.is_branch and industry != self.instance.industry and not branch_may_apply(industry):
            raise forms.ValidationError(BRANCH_REFUSED, params={"industry": industries.label(industry)})
        return industry


class BranchIndustryForm(forms.Form):
    """The province adds a division in which branches may apply (Art. 5 (1) "等"), saying why."""

    industry = IndustryField(help_text=_("A division (大类) of GB/T 4754-2017 not yet on the list."))
    reason = forms.CharField(label=_("Why branches in this industry may apply"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Shown beside the industry on this list, with your name."))

    def clean_industry(self):
        industry = self.cleaned_data["industry"]
        if BranchIndustry.objects.filter(industry=industry).exists():
            raise forms.ValidationError(_("This industry is already open to branches."))
        return industry


class StaffAccountForm(forms.ModelForm):
    """An admin creates an official's, an expert's or another admin's account."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in Role if r != Role.ENTERPRISE],
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "phone", "role", "city", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["city"].help_text = _("Required for city officials; for experts, the city they work in.")

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.CITY_OFFICIAL and not data.get("city"):
            self.add_error("city", _("A city official must belong to a city."))
        return data


class CreditCodeExceptionForm(forms.ModelForm):
    credit_code = forms.CharField(label=_("Unified social credit code"), max_length=24)

    class Meta:
        model = CreditCodeException
        fields = ["credit_code", "reason"]

    def clean_credit_code(self):
        code = cc.normalize(self.cleaned_data["credit_code"])
        try:
            cc.validate_credit_code(code, exception_allowed=True)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                _("Only the check character can be excused; the rest of the code must be valid: %(error)s"),
                params={"error": " ".join(error.messages)},
            ) from error
        if CreditCodeException.objects.filter(credit_code=code).exists():
            raise forms.ValidationError(_("An exception for this code is already recorded."))
        return code


class TwoFactorCodeForm(forms.Form):
    """The six-digit code of the authenticator app, or a recovery code."""

    code = forms.CharField(label=_("Code"), max_length=32, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                                         "autofocus": True, "spellcheck": "false"}),
                           help_text=_("The six digits your authenticator app shows now, or one of your recovery "
                                       "codes."))
