"""The rule book: tiers, segments, the scenario guide, rounds and titles.

The quota models (QuotaPlan, CityQuota) are declared here too; ``tiers/quotas.py`` computes them.
"""
import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from portal.i18n import in_active_language

from .constants import Authority, CoverageRule, MaturityLevel, SegmentCode, TierCode


class BilingualName(models.Model):
    """Reference data named in Chinese and English; ``name`` follows the active language."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=160)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        return in_active_language(self.name_zh, self.name_en)


class Segment(BilingualName):
    """One of the five segments (环节) of Art. 6-9."""

    code = models.CharField(_("code"), max_length=40, unique=True, choices=SegmentCode.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["order"]


class Tier(BilingualName):
    """A rung of the ladder (Art. 1, 4-13), or the provincial excellent scenario award (Art. 10)."""

    code = models.CharField(_("code"), max_length=20, unique=True, choices=TierCode.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    authority = models.CharField(_("recognized by"), max_length=20, choices=Authority.choices)
    prerequisite = models.ForeignKey(
        "self", verbose_name=_("prerequisite title"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="next_tiers",
    )
    min_maturity = models.PositiveSmallIntegerField(
        _("minimum maturity level"), choices=MaturityLevel.choices, null=True, blank=True
    )
    coverage_rule = models.CharField(
        _("segment coverage rule"), max_length=20, choices=CoverageRule.choices, default=CoverageRule.LISTED
    )
    required_segments = models.ManyToManyField(
        Segment, verbose_name=_("segments that must be covered"), blank=True, related_name="+"
    )
    article = models.CharField(_("article"), max_length=20, help_text=_("e.g. Art. 7"))
    outcomes_zh = models.TextField(_("outcomes requirement (Chinese)"), blank=True)
    outcomes_en = models.TextField(_("outcomes requirement (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["order"]

    @property
    def outcomes(self):
        return in_active_language(self.outcomes_zh, self.outcomes_en)

    @property
    def is_scenario(self):
        return self.code == TierCode.SCENARIO


class SegmentRequirement(models.Model):
    """What a tier's article requires of one segment (Art. 6-9, items 1-5), shown beside the form."""

    tier = models.ForeignKey(Tier, on_delete=models.CASCADE, related_name="requirements")
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="requirements")
    text_zh = models.TextField(_("requirement (Chinese)"))
    text_en = models.TextField(_("requirement (English)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("segment requirement")
        verbose_name_plural = _("segment requirements")
        constraints = [models.UniqueConstraint(fields=["tier", "segment"], name="one_requirement_per_tier_segment")]

    def __str__(self):
        return f"{self.tier} · {self.segment}"

    @property
    def text(self):
        return in_active_language(self.text_zh, self.text_en)


class ScenarioGuide(models.Model):
    """An edition of MIIT's 《智能制造典型场景参考指引》 (revised over time, Art. 18)."""

    title = models.CharField(pgettext_lazy("heading", "title"), max_length=120)
    edition = models.CharField(_("edition"), max_length=20, help_text=_("e.g. 2025"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    is_current = models.BooleanField(_("current edition"), default=False)
    source = models.CharField(_("loaded from"), max_length=255, blank=True,
                              help_text=_("The file of the official edition it was loaded from, if any."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scenario guide edition")
        verbose_name_plural = _("scenario guide editions")
        ordering = ["-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_scenario_guide"
            )
        ]

    def __str__(self):
        return f"{self.title}（{self.edition}）"


class Scenario(BilingualName):
    """A typical scenario of the guide, under one of its stages and mapped to one segment."""

    guide = models.ForeignKey(ScenarioGuide, on_delete=models.PROTECT, related_name="scenarios")
    stage_zh = models.CharField(_("stage in the guide (Chinese)"), max_length=20)
    stage_en = models.CharField(_("stage in the guide (English)"), max_length=40)
    segment = models.ForeignKey(Segment, verbose_name=_("segment"), on_delete=models.PROTECT, related_name="scenarios")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Whether the name was checked against the published edition: the 2025 edition shipped with the
    # portal was partly reconstructed (``reference_data.UNVERIFIED_2025``); an edition loaded from the
    # official file is verified as a whole.
    verified = models.BooleanField(_("checked against the published guide"), default=True)
    verification_note = models.CharField(_("note on the check"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("typical scenario")
        verbose_name_plural = _("typical scenarios")
        ordering = ["guide", "segment__order", "order"]

    @property
    def stage(self):
        return in_active_language(self.stage_zh, self.stage_en)

    @property
    def description(self):
        return in_active_language(self.description_zh, self.description_en)


def scenario_label(scenarios):
    """Scenarios as the lists name them: 「scenario（segment）」, joined by “；” (each with its ``segment``)."""
    return "；".join(f"{s.name}（{s.segment.name}）" for s in scenarios)


class Round(models.Model):
    """An application round (批次): which tiers and cities take part, and when submission is open."""

    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=160, blank=True,
                               help_text=_("Shown on English pages; empty: the Chinese name is shown."))
    tiers = models.ManyToManyField(Tier, verbose_name=_("open tiers"), related_name="rounds")
    cities = models.ManyToManyField("accounts.City", verbose_name=_("participating cities"), related_name="rounds")
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    note = models.TextField(_("note"), blank=True)
    # Who runs the round: the provincial department (empty), or a city bureau running its own basic-tier
    # round (Art. 4, 11) within the province's calendar for the year (``CityRoundCalendar``).
    organiser = models.ForeignKey(
        "accounts.City", verbose_name=_("run by the bureau of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="own_rounds", editable=False,
    )
    # Art. 5 (5): how recent the maturity assessment must be. Counted back from the day the round opens, so
    # the call can print one cut-off date and a resubmission after a return is measured as the first one.
    max_assessment_age_months = models.PositiveSmallIntegerField(
        _("maximum age of the maturity assessment (months)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("An assessment dated more than this many months before the round opens is refused at "
                    "submission (Art. 5 (5))."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[tiers, cities])

    class Meta:
        verbose_name = _("application round")
        verbose_name_plural = _("application rounds")
        ordering = ["-year", "-opens_at"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the reader's language: the English name on English pages when one is given."""
        return in_active_language(self.name, self.name_en or self.name)

    def is_open(self, at=None):
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    @property
    def is_city_round(self):
        return self.organiser_id is not None

    @property
    def earliest_assessment_date(self):
        """The oldest maturity assessment date the round accepts (Art. 5 (5)): ``max_assessment_age_months``
        before the day it opens (the last day of the month when that month is shorter)."""
        return months_before(timezone.localdate(self.opens_at), self.max_assessment_age_months)


def months_before(day, months):
    """``day`` moved back ``months`` calendar months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 - months
    if index < 12:  # before year 1: nothing is older than that
        return datetime.date.min
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1]))


class CityRoundCalendar(models.Model):
    """The province's calendar for the cities' own basic-tier rounds of one year (Art. 4, 11): a city
    bureau's round opens and closes within it, so its recognitions are filed in time for the province's
    advanced round, and no later than the measures' end (Art. 19)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("city rounds open from"))
    closes_on = models.DateField(_("city rounds close by"))
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField(_("set at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar of the cities' basic rounds")
        verbose_name_plural = _("calendars of the cities' basic rounds")
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")),
                                              name="city_round_calendar_closes_after_it_opens")]

    def __str__(self):
        return f"{self.year}: {self.opens_on} – {self.closes_on}"


class MeasuresExtension(models.Model):
    """An admin's record that the measures were extended past 2027-12-31 (Art. 19), with its legal basis."""

    valid_until = models.DateField(_("measures valid until"))
    legal_basis = models.TextField(_("legal basis"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extension of the measures")
        verbose_name_plural = _("extensions of the measures")
        ordering = ["-valid_until"]

    def __str__(self):
        return str(self.valid_until)


class QuotaPlan(models.Model):
    """How many applications of one tier the cities may recommend in one round (Art. 12).

    An admin enters the provincial total and the weights of the three factors Art. 12 names; each
    participating city's inputs are on its CityQuota. ``tiers.quotas`` apportions the total.
    """

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="quota_plans")
    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.PROTECT, related_name="quota_plans")
    total = models.PositiveIntegerField(_("provincial total"))
    weight_enterprises = models.DecimalField(
        _("weight: above-size industrial enterprises"), max_digits=5, decimal_places=2, default=Decimal("0.40")
    )
    weight_assessments = models.DecimalField(
        _("weight: maturity self-assessments"), max_digits=5, decimal_places=2, default=Decimal("0.30")
    )
    weight_system = models.DecimalField(
        _("weight: gradient-system score"), max_digits=5, decimal_places=2, default=Decimal("0.30")
    )
    note = models.TextField(_("note"), blank=True)
    figures_reason = models.TextField(
        _("why the figures differ from the records"), blank=True,
        help_text=_("Where a city's typed above-size enterprises or self-assessments differ from what its list and "
                    "the verified assessments count (Art. 12)."))
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quota plan")
        verbose_name_plural = _("quota plans")
        ordering = ["-round__year", "round", "tier__order"]
        constraints = [models.UniqueConstraint(fields=["round", "tier"], name="one_quota_plan_per_round_tier")]

    def __str__(self):
        return f"{self.round} · {self.tier}"

    @property
    def weights(self):
        return {
            "enterprises": self.weight_enterprises,
            "assessments": self.weight_assessments,
            "system": self.weight_system,
        }


class CityQuota(models.Model):
    """One city's inputs and quota under a plan; ``final`` is the override when set, else the computed quota."""

    plan = models.ForeignKey(QuotaPlan, verbose_name=_("quota plan"), on_delete=models.CASCADE, related_name="cities")
    city = models.ForeignKey("accounts.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="quotas")
    above_size_enterprises = models.PositiveIntegerField(_("above-size industrial enterprises"), default=0)
    self_assessments = models.PositiveIntegerField(_("maturity self-assessments this year"), default=0)
    system_score = models.DecimalField(
        _("gradient-system score"), max_digits=5, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("0-100: how well the city has built its gradient cultivation system."),
    )
    # What the records said of the first two factors when the figures were saved (None: nothing to count);
    # why a typed figure differs from them is the plan's ``figures_reason`` (``tiers.quotas.counted_factors``).
    above_size_counted = models.PositiveIntegerField(_("above-size enterprises on the city's list"), null=True,
                                                     blank=True)
    self_assessments_counted = models.PositiveIntegerField(_("verified self-assessments in the records"), null=True,
                                                           blank=True)
    share = models.DecimalField(_("weighted share"), max_digits=9, decimal_places=6, default=Decimal("0"))
    computed = models.PositiveIntegerField(_("computed quota"), default=0)
    override = models.PositiveIntegerField(_("override"), null=True, blank=True)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("city quota")
        verbose_name_plural = _("city quotas")
        ordering = ["plan", "city__code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "city"], name="one_city_quota_per_plan"),
            models.CheckConstraint(
                condition=models.Q(override__isnull=True) | ~models.Q(override_reason=""),
                name="city_quota_override_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.city}"

    @property
    def final(self):
        return self.computed if self.override is None else self.override

    @property
    def round(self):
        return self.plan.round

    @property
    def tier(self):
        return self.plan.tier
