"""People, the 16 cities and the enterprises that apply."""
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.choices import ChoiceLabelsMixin
from portal.i18n import in_active_language

from . import industries
from .constants import BranchGroup, LegalForm, Role


class City(models.Model):
    """A prefecture-level city of Shandong and its bureau of industry and information technology."""

    code = models.CharField(_("division code"), max_length=6, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=20)
    name_en = models.CharField(_("name (English)"), max_length=40)
    bureau_name = models.CharField(_("bureau"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return in_active_language(self.name_zh, self.name_en)

    @property
    def prefix(self):
        """The first four digits of the division codes of the city's districts."""
        return self.code[:4]


# Division-code prefixes that belong to another city than their own number suggests:
# Laiwu (3712) was merged into Jinan in 2019.
MERGED_PREFIXES = {"3712": "3701"}


def city_for_division(division):
    """The city whose districts carry this six-digit division code, or None."""
    prefix = MERGED_PREFIXES.get(division[:4], division[:4])
    return City.objects.filter(code=f"{prefix}00").first()


class Enterprise(ChoiceLabelsMixin, models.Model):
    """An industrial enterprise in Shandong (or an allowed branch) that applies for titles."""

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("enterprise name"), max_length=120)
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="enterprises")
    district = models.CharField(_("district or county"), max_length=40, blank=True)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.LEGAL_PERSON
    )
    parent_credit_code = models.CharField(_("parent's credit code"), max_length=18, blank=True)
    # The division (大类) of GB/T 4754-2017, two digits; the section (门类) is derived (``industry_section``).
    industry = models.CharField(_("industry (GB/T 4754-2017 division)"), max_length=2,
                                choices=industries.division_choices)
    above_designated_size = models.BooleanField(_("above designated size"), default=False)
    # Set by migration 0009 where the old closed list's value spanned several divisions and the conversion
    # took one of them (docs/industry.md): the old value, until the enterprise saves its profile.
    industry_to_confirm = models.CharField(_("industry to confirm (old value)"), max_length=20, blank=True,
                                           editable=False)
    contact_name = models.CharField(_("contact person"), max_length=40)
    contact_phone = models.CharField(_("contact phone"), max_length=20)
    contact_email = models.EmailField(_("contact e-mail"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        # The city queue's district choices: an index-only scan instead of reading the city's enterprises.
        indexes = [models.Index(fields=["city", "district"], name="enterprise_city_district")]
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_form=LegalForm.LEGAL_PERSON) | ~Q(parent_credit_code=""),
                name="enterprise_branch_has_parent",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def division_code(self):
        return self.credit_code[2:8]

    @property
    def is_branch(self):
        return self.legal_form == LegalForm.BRANCH

    @property
    def industry_division(self):
        return industries.division(self.industry)

    @property
    def industry_section(self):
        """The section (门类) of the enterprise's division, e.g. C for 36."""
        return industries.section_of(self.industry)


class BranchIndustry(models.Model):
    """A division of GB/T 4754-2017 in which a branch of a legal person may apply (Art. 5 (1)).

    The regulation names four industries and ends with "等": the divisions of those four are seeded
    (``group`` set, no reason needed: the article is the reason); the province adds others, each with
    who added it and why (``portal.accounts.services.add_branch_industry``, one audit row).
    """

    industry = models.CharField(_("industry (GB/T 4754-2017 division)"), max_length=2, unique=True,
                                choices=industries.division_choices)
    group = models.CharField(_("industry named in Art. 5 (1)"), max_length=20, choices=BranchGroup.choices,
                             blank=True)
    reason = models.TextField(_("reason"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("industry open to branches")
        verbose_name_plural = _("industries open to branches")
        ordering = ["industry"]
        constraints = [
            # Named by the regulation, or added with a reason.
            models.CheckConstraint(condition=~Q(group="") | ~Q(reason=""), name="branch_industry_has_basis"),
        ]

    def __str__(self):
        return str(industries.label(self.industry))


def branch_may_apply(industry):
    """Whether a branch in this division may register and apply (Art. 5 (1) and the province's list)."""
    return bool(industry) and BranchIndustry.objects.filter(industry=industry).exists()


class CreditCodeException(models.Model):
    """An admin's record that a real credit code whose check character fails has been verified."""

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    reason = models.TextField(_("how it was verified"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verified credit-code exception")
        verbose_name_plural = _("verified credit-code exceptions")

    def __str__(self):
        return self.credit_code


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person using the portal, with exactly one role.

    Enterprise users belong to one enterprise; city officials to one city. Officials, experts and
    admins are created only by an admin.
    """

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.ENTERPRISE)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), null=True, blank=True, on_delete=models.PROTECT, related_name="officials"
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    organisation = models.CharField(
        _("organisation"), max_length=120, blank=True,
        help_text=_("For experts: the employer, used to exclude conflicts of interest."),
    )

    # Kept by portal.accounts.two_factor from the user's confirmed devices (a receiver of their saves and
    # deletes): the gate asks it on every request of a signed-in user, and a flag on the row the session
    # already loads costs no query where asking django-otp's device tables cost two.
    second_factor = models.BooleanField(_("uses a second factor"), default=False, editable=False)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.ENTERPRISE) | Q(enterprise__isnull=False),
                name="user_enterprise_role_has_enterprise",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.CITY_OFFICIAL) | Q(city__isnull=False),
                name="user_city_official_has_city",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """Chinese names read family name first, with no space (赵敏); others as Django writes them."""
        if any("\u4e00" <= ch <= "\u9fff" for ch in self.first_name + self.last_name):
            return f"{self.last_name}{self.first_name}".strip()
        return super().get_full_name()

    @property
    def is_enterprise(self):
        return self.role == Role.ENTERPRISE

    @property
    def is_city_official(self):
        return self.role == Role.CITY_OFFICIAL

    @property
    def is_provincial_officer(self):
        return self.role == Role.PROVINCIAL_OFFICER

    @property
    def is_expert(self):
        return self.role == Role.EXPERT

    @property
    def is_portal_admin(self):
        return self.role == Role.ADMIN
