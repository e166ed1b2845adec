"""An enterprise's application for a tier or an excellent scenario, its evidence, versions and returns.

The status is written only by ``applications.workflow`` (the declared transition table); ``save()``
refuses any other change of it.
"""
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.choices import ChoiceLabelsMixin
from portal.lifecycle import StateGuardMixin
from portal.rendering import RenderedDocument
from portal.storage import private_storage
from tiers.constants import Indicator, MaturityLevel

from .constants import (
    ATTACHMENT_SECTIONS,
    OPEN_STATUSES,
    SECTION_LABELS,
    AssessmentCheckStatus,
    AssessmentSource,
    Declaration,
    DocumentKind,
    Kind,
    Status,
)


def attachment_path(instance, filename):
    # The enterprise's file name is never part of the path: a random name with the detected extension.
    ext = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(instance.content_type, "")
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class Application(ChoiceLabelsMixin, StateGuardMixin, models.Model):
    """The status is written only by the application lifecycle (``applications.workflow``)."""

    initial_state = Status.DRAFT

    enterprise = models.ForeignKey(
        "accounts.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="applications"
    )
    # The city whose bureau screens the application (Art. 11): the enterprise's city when the application
    # was created, set by ``save()``. Kept here, not only read through the enterprise, so the city's
    # queue, counts and quotas are index scans of (city, status, submitted_at) instead of joins over every
    # application: Qingdao's count of all its applications 37-120 ms -> 3 ms at provincial scale.
    city = models.ForeignKey("accounts.City", verbose_name=_("city"), on_delete=models.PROTECT,
                             related_name="applications", editable=False)
    round = models.ForeignKey("tiers.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications")
    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TIER, editable=False)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT, editable=False, db_index=True
    )
    scenarios = models.ManyToManyField(
        "tiers.Scenario", verbose_name=_("scenarios applied for"), blank=True, related_name="scenario_applications"
    )
    maturity_level = models.PositiveSmallIntegerField(
        _("maturity level (GB/T 39116-2020)"), choices=MaturityLevel.choices, null=True, blank=True
    )
    # Where the level comes from (Art. 5 (5)): the national platform's self-assessment or a third party's
    # assessment, with the report's number, date and score, which officials check against the report.
    assessment_source = models.CharField(_("source of the maturity assessment"), max_length=30,
                                         choices=AssessmentSource.choices, blank=True)
    assessment_report_number = models.CharField(_("assessment report number"), max_length=60, blank=True)
    assessment_date = models.DateField(_("assessment date"), null=True, blank=True)
    # GB/T 39117-2020 scores an enterprise from 0 to 5; the national platform's reports give two decimals.
    assessment_score = models.DecimalField(
        _("assessment score"), max_digits=3, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
    )
    assessment_explanation = models.TextField(_("notes on the assessment"), blank=True)
    declares_operations_sound = models.BooleanField(Declaration.OPERATIONS_SOUND.label, default=False)
    operations_sound_text = models.TextField(_("explanation"), blank=True)
    declares_secure_controllable = models.BooleanField(Declaration.SECURE_CONTROLLABLE.label, default=False)
    secure_controllable_text = models.TextField(_("explanation"), blank=True)
    declares_organisation_and_team = models.BooleanField(Declaration.ORGANISATION_AND_TEAM.label, default=False)
    organisation_and_team_text = models.TextField(_("explanation"), blank=True)
    outcomes = models.TextField(_("outcomes (建设成效)"), blank=True)
    # Art. 5 (1): why the enterprise applies although its city's latest above-size list does not name it
    # (``tiers.eligibility`` rule above_size_unlisted); the city bureau reads it when it pre-screens.
    above_size_explanation = models.TextField(_("why the enterprise is not on the above-size list"), blank=True)
    # Excellence (Art. 8): segment code -> why that segment is not covered (one justification per gap).
    missing_segment_justifications = models.JSONField(_("why each missing segment is not covered"), default=dict,
                                                      blank=True)
    pledge_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pledge accepted by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    pledge_accepted_at = models.DateTimeField(_("pledge accepted at"), null=True, blank=True)
    current_version = models.PositiveIntegerField(_("current version"), default=0, editable=False)
    # The time of the latest submission, kept by the lifecycle when it freezes a version
    # (``workflow._freeze_version``): the city's queue sorts and filters on it, which as an aggregate over
    # every version cost a scan of all versions per page at provincial scale.
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    stop_reason = models.TextField(_("why it was stopped"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # The lists officials open most: a city's queue by submission, everyone's by last change.
            models.Index(fields=["-submitted_at", "-id"], name="application_submitted_idx"),
            models.Index(fields=["-updated_at", "-id"], name="application_updated_idx"),
            models.Index(fields=["city", "status", "submitted_at"], name="application_city_status_idx"),
        ]
        constraints = [
            # At most one open tier application per enterprise, tier and round. Scenario awards are
            # exempt: an enterprise may apply for several scenarios in a round (the service keeps one
            # scenario out of two open applications).
            models.UniqueConstraint(
                fields=["enterprise", "tier", "round"],
                condition=Q(kind=Kind.TIER) & Q(status__in=sorted(OPEN_STATUSES)),
                name="one_open_application_per_enterprise_tier_round",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.tier} · {self.round}"

    def save(self, *args, **kwargs):
        if self.city_id is None and self.enterprise_id is not None:
            self.city_id = self.enterprise.city_id
        super().save(*args, **kwargs)

    # --- status guard -------------------------------------------------------------------------
    # --- reading --------------------------------------------------------------------------------
    @property
    def is_scenario_award(self):
        return self.kind == Kind.SCENARIO

    @property
    def is_editable(self):
        from .constants import EDITABLE_STATUSES

        return self.status in EDITABLE_STATUSES

    @property
    def applicant_label(self):
        from .constants import APPLICANT_VIEW

        return APPLICANT_VIEW[self.status][0]

    @property
    def next_step(self):
        """What the enterprise does next, true now (``applications.next_steps``)."""
        from .next_steps import next_step

        return next_step(self)

    def named_scenarios(self):
        """The typical scenarios of the guide the application names, each with its segment, in the guide's
        order: a scenario award's scenarios applied for (Art. 10); a factory's typical scenarios covered,
        segment by segment (Art. 6-9). Reads ``scenarios__segment`` or ``segments__scenarios__segment``
        (prefetch them for a list)."""
        if self.is_scenario_award:
            chosen = list(self.scenarios.all())
        else:
            chosen = list({s.pk: s for entry in self.segments.all() for s in entry.scenarios.all()}.values())
        return sorted(chosen, key=lambda s: (s.segment.order, s.order, s.pk))

    def declarations(self):
        return {
            Declaration.OPERATIONS_SOUND: self.declares_operations_sound,
            Declaration.SECURE_CONTROLLABLE: self.declares_secure_controllable,
            Declaration.ORGANISATION_AND_TEAM: self.declares_organisation_and_team,
        }

    def active_attachments(self):
        return self.attachments.filter(removed_at__isnull=True)


class AssessmentCheck(ChoiceLabelsMixin, StateGuardMixin, models.Model):
    """An official's mark on an application's maturity assessment (Art. 5 (5)): verified, or queried with a
    note the enterprise reads. One per application, made at the first mark; the status changes only
    through ``applications.assessment.ASSESSMENT_CHECK``, each mark one audit row of this check."""

    initial_state = AssessmentCheckStatus.UNCHECKED

    application = models.OneToOneField(Application, verbose_name=_("application"), on_delete=models.PROTECT,
                                       related_name="assessment_check")
    status = models.CharField(_("status"), max_length=15, choices=AssessmentCheckStatus.choices,
                              default=AssessmentCheckStatus.UNCHECKED, db_index=True)
    note = models.TextField(_("note"), blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("maturity assessment check")
        verbose_name_plural = _("maturity assessment checks")
        constraints = [
            models.CheckConstraint(condition=~Q(status="queried") | ~Q(note=""), name="queried_assessment_has_note"),
        ]

    def __str__(self):
        return f"{self.application} · {self.get_status_display()}"


class ApplicationSegment(models.Model):
    """What the application says about one segment (环节): a narrative, the typical scenarios it covers."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="segments")
    segment = models.ForeignKey("tiers.Segment", verbose_name=_("segment"), on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField(_("what the factory has built in this segment"), blank=True)
    scenarios = models.ManyToManyField(
        "tiers.Scenario", verbose_name=_("typical scenarios covered"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("segment of an application")
        verbose_name_plural = _("segments of an application")
        ordering = ["segment__order"]
        constraints = [models.UniqueConstraint(fields=["application", "segment"], name="one_entry_per_segment")]

    def __str__(self):
        return f"{self.application} · {self.segment}"

    @property
    def is_covered(self):
        return bool(self.narrative.strip())


def _amount(label, *, signed=False):
    """An amount in 10,000 yuan (万元), two decimals; negative only where ``signed`` (a loss)."""
    return models.DecimalField(label, max_digits=14, decimal_places=2, null=True, blank=True,
                               validators=[] if signed else [MinValueValidator(0)])


class FinancialYear(models.Model):
    """The enterprise's figures for one of the three years before the round's year (Art. 5 (2)), in 万元."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="financial_years")
    year = models.PositiveSmallIntegerField(_("year"))
    operating_income = _amount(_("operating income (10,000 yuan)"))
    total_profit = _amount(_("total profit (10,000 yuan)"), signed=True)
    rd_spending = _amount(_("R&D spending (10,000 yuan)"))

    class Meta:
        verbose_name = _("financial year of an application")
        verbose_name_plural = _("financial years of an application")
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="one_financial_row_per_year"),
            models.CheckConstraint(condition=Q(operating_income__gte=0) | Q(operating_income__isnull=True),
                                   name="financial_income_not_negative"),
            models.CheckConstraint(condition=Q(rd_spending__gte=0) | Q(rd_spending__isnull=True),
                                   name="financial_rd_not_negative"),
        ]

    def __str__(self):
        return f"{self.application} · {self.year}"


class OutcomeIndicator(models.Model):
    """One outcome indicator (建设成效) of an application: its value before and after, in one unit."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    before = models.DecimalField(pgettext_lazy("indicator", "before"), max_digits=16, decimal_places=4, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    after = models.DecimalField(pgettext_lazy("indicator", "after"), max_digits=16, decimal_places=4, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    unit = models.CharField(_("unit"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "indicator"], name="one_row_per_indicator"),
            models.CheckConstraint(condition=(Q(before__gte=0) | Q(before__isnull=True))
                                   & (Q(after__gte=0) | Q(after__isnull=True)), name="indicator_not_negative"),
        ]

    def __str__(self):
        return f"{self.application} · {self.get_indicator_display()}"

    @property
    def change_percent(self):
        from .figures import change_percent

        return change_percent(self.before, self.after)


class Attachment(models.Model):
    """A piece of evidence: checked by content on upload, stored privately under a random name.

    Removing one from a draft only marks it removed: versions already submitted still refer to it.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    section = models.CharField(_("section"), max_length=60, choices=[(s, s) for s in ATTACHMENT_SECTIONS])
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["section", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def section_label(self):
        return section_label(self.section)

    @property
    def display_name(self):
        return PurePath(self.original_name).name


def section_label(section):
    short = {
        "declaration_operations_sound": _("Evidence for Art. 5 (2)"),
        "declaration_secure_controllable": _("Evidence for Art. 5 (3)"),
        "declaration_organisation_and_team": _("Evidence for Art. 5 (4)"),
    }
    if section in short:
        return short[section]
    if section == "assessment_report":
        return _("Maturity assessment report")
    return SECTION_LABELS.get(section, section)


class ApplicationVersion(models.Model):
    """What was submitted, frozen: a snapshot of every field and the attachments' metadata."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="unique_version_number")]

    def __str__(self):
        return f"{self.application} v{self.number}"


class ReturnComment(models.Model):
    """A reviewer's comment on one section of a returned version, shown beside that section."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="return_comments")
    version = models.ForeignKey(ApplicationVersion, on_delete=models.PROTECT, related_name="return_comments")
    section = models.CharField(_("section"), max_length=60)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("return comment")
        verbose_name_plural = _("return comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.version} · {self.section}"

    @property
    def section_label(self):
        return section_label(self.section)


class DishonestScreening(models.Model):
    """The mark that the daily screening (``applications.screening``) has dealt with one title for one listing
    of its enterprise on the dishonest-entity list: written in the same transaction as the revocation case
    that covers the title (opened, or joined by a title granted during the case), so each title is screened
    exactly once per listing, even when a run is cut short or two runs overlap. Marks written before titles
    were screened one by one name no title when their case covered none (they are kept as records)."""

    enterprise = models.ForeignKey("accounts.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="+")
    title = models.ForeignKey("titles.Title", verbose_name=_("title"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    listed_on = models.DateField(_("listed on"))
    entry = models.ForeignKey("registers.ListEntry", verbose_name=_("list entry"), on_delete=models.PROTECT,
                              related_name="+")
    ground = models.CharField(_("ground (Art. 15)"), max_length=30)
    case_group = models.UUIDField(_("revocation cases opened"), null=True, blank=True)
    screened_at = models.DateTimeField(_("screened at"), default=timezone.now)

    class Meta:
        verbose_name = _("dishonest-list screening")
        verbose_name_plural = _("dishonest-list screenings")
        ordering = ["-screened_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["title", "listed_on"], name="one_screening_per_title_listing")]

    def __str__(self):
        return f"{self.title or self.enterprise} · {self.listed_on:%Y-%m-%d}"


class GeneratedDocument(RenderedDocument):
    """The application document (申报书) or the pledge (承诺书) of one submitted version, rendered to PDF
    by a task (``applications.documents``) for the enterprise to print, sign, stamp and upload back.

    ``content_digest`` is the SHA-256 of the version's canonical content, which the document's QR code
    carries with ``public_token`` to the public verification page. One row per version and kind.
    """

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="generated_documents")
    version = models.ForeignKey(ApplicationVersion, verbose_name=_("version"), on_delete=models.PROTECT,
                                related_name="generated_documents")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    public_token = models.UUIDField(_("verification token"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["application", "version", "kind"]
        constraints = [models.UniqueConstraint(fields=["version", "kind"], name="one_generated_document_per_kind")]

    def __str__(self):
        return f"{self.version} · {self.get_kind_display()}"

    @property
    def filename(self):
        label = "申报书" if self.kind == DocumentKind.APPLICATION_FORM else "承诺书"
        return f"{label}-{self.application_id}-v{self.version.number}.pdf"


def stamped_path(instance, filename):
    # Never the enterprise's file name: a random name with the detected extension.
    ext = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(instance.content_type, "")
    return f"stamped/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class StampedScan(models.Model):
    """The enterprise's scan of a generated document after it signed and stamped it (签字盖章扫描件).

    Kept per version: a resubmission asks for new ones. A new upload does not replace an earlier one of
    the same version and kind: the latest is current, the earlier ones stay on record.
    """

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="stamped_scans")
    version = models.ForeignKey(ApplicationVersion, verbose_name=_("version"), on_delete=models.PROTECT,
                                related_name="stamped_scans")
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(storage=private_storage, upload_to=stamped_path, max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("stamped scan")
        verbose_name_plural = _("stamped scans")
        ordering = ["application", "version", "kind", "-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["version", "kind"], name="stamped_scan_version_kind_idx")]

    def __str__(self):
        return f"{self.version} · {self.get_kind_display()} · {self.original_name}"

    @property
    def display_name(self):
        return PurePath(self.original_name).name

    @property
    def download_stem(self):
        """The name it is downloaded under, as the rendered documents are (``Document.filename``), never the
        enterprise's file name."""
        label = "申报书" if self.kind == DocumentKind.APPLICATION_FORM else "承诺书"
        return f"{label}-{self.application_id}-v{self.version.number}-盖章件"
