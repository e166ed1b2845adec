"""Titles, their renames and their certificates: the legal record the programme produces.

- ``Title``: a tier an enterprise holds, or an excellent-scenario award. Created only by
  ``tiers.titles.grants.grant_title``; never deleted (a rename supersedes it, a revocation marks it).
- ``RenameRequest``: an enterprise's request to carry its titles over to a new name (Art. 16).
- ``Certificate`` and ``CertificateCounter``: the numbered certificate of a title and its gapless
  numbering per tier and year. A certificate is never deleted and its file never overwritten.

The tables keep the names they had when these models lived in ``tiers`` and ``review``
(``db_table``): the move to this app changed no data.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.choices import ChoiceLabelsMixin
from portal.lifecycle import StateGuardMixin
from portal.storage import private_storage
from tiers.models import scenario_label

from ..constants import (
    RenameKind,
    RenameRoute,
    RenameStatus,
    RenderStatus,
    RevocationGround,
    TitleStatus,
    Validity,
)


class Title(ChoiceLabelsMixin, StateGuardMixin, models.Model):
    """A title an enterprise holds: a recognized tier, or an excellent-scenario award.

    Titles are never deleted: a rename supersedes one with a new title, a revocation (Art. 15) marks it.
    Created only by ``grants.grant_title``; the status changes only through ``lifecycles.TITLE``.
    """

    initial_state = TitleStatus.ACTIVE

    enterprise = models.ForeignKey(
        "accounts.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="titles"
    )
    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="titles")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=TitleStatus.choices, default=TitleStatus.ACTIVE)
    enterprise_name = models.CharField(
        _("enterprise name on the title"), max_length=120, help_text=_("As recognized; a rename issues a new title.")
    )
    recognized_on = models.DateField(_("recognized on"))
    source = models.CharField(
        _("source"), max_length=200, blank=True,
        help_text=_("e.g. the application, the city filing, or MIIT's document number"),
    )
    superseded_by = models.OneToOneField(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="supersedes",
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_ground = models.CharField(
        _("revocation ground"), max_length=30, choices=RevocationGround.choices, blank=True
    )
    revocation_note = models.TextField(_("revocation note"), blank=True)
    # An excellent-scenario award (Art. 10) names the scenario(s) of the guide it was given for.
    scenarios = models.ManyToManyField("tiers.Scenario", verbose_name=_("scenarios awarded"), blank=True,
                                       related_name="titles")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(table_name="tiers_historicaltitle")

    class Meta:
        db_table = "tiers_title"
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["-recognized_on", "-pk"]

    def __str__(self):
        return f"{self.enterprise_name} · {self.tier} · {self.year}"

    @property
    def is_active(self):
        return self.status == TitleStatus.ACTIVE

    @property
    def is_revoked(self):
        return self.status == TitleStatus.REVOKED

    def scenario_label(self):
        """The scenarios of an award, as the lists name them: 「scenario（segment）」, joined by “；”.
        Reads ``scenarios`` (prefetch it for a list)."""
        return scenario_label(self.scenarios.all())


def rename_evidence_path(instance, filename):
    # The enterprise's file name is never part of the path: a random name with the detected extension.
    ext = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(instance.evidence_type, "")
    return f"renames/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class RenameRequest(StateGuardMixin, models.Model):
    """An enterprise's request to carry its titles over to a new name or credit code (Art. 16).

    One request covers titles of one route (``RenameRoute``): a basic title goes to the city, which
    decides and files with the province; advanced titles and excellent scenarios go through the city to
    the province; excellence and leading titles follow MIIT, whose approval the province records. An
    enterprise's submission covering titles of several routes becomes one request per route, sharing
    ``group`` and the evidence. The status is written only by ``renames.RENAME`` (the lifecycle).
    """

    initial_state = RenameStatus.SUBMITTED

    enterprise = models.ForeignKey(
        "accounts.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="rename_requests"
    )
    group = models.UUIDField(_("submitted together as"), default=uuid.uuid4, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RenameKind.choices, default=RenameKind.RENAME)
    route = models.CharField(_("route"), max_length=20, choices=RenameRoute.choices)
    status = models.CharField(_("status"), max_length=20, choices=RenameStatus.choices,
                              default=RenameStatus.SUBMITTED)
    titles = models.ManyToManyField(Title, verbose_name=_("titles"), related_name="rename_requests")
    old_name = models.CharField(_("name before"), max_length=120)
    old_credit_code = models.CharField(_("credit code before"), max_length=18)
    new_name = models.CharField(_("new name"), max_length=120)
    new_credit_code = models.CharField(
        _("new credit code"), max_length=18, blank=True,
        help_text=_("Only for a restructuring that changed the unified social credit code."),
    )
    reason = models.TextField(_("reason"))
    evidence = models.FileField(_("evidence"), storage=private_storage, upload_to=rename_evidence_path,
                                max_length=200)
    evidence_name = models.CharField(_("file name"), max_length=255)
    evidence_type = models.CharField(_("type"), max_length=40)
    evidence_size = models.PositiveBigIntegerField(_("size"))
    evidence_sha256 = models.CharField(max_length=64)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    city_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("city decision by"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    city_decided_at = models.DateTimeField(_("city decision at"), null=True, blank=True)
    city_note = models.TextField(_("city bureau's note or reason"), blank=True)
    filed_at = models.DateTimeField(
        _("filed with the province at"), null=True, blank=True,
        help_text=_("Basic titles: the city's decision is filed with the provincial department (Art. 16)."),
    )
    filing_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filing acknowledged by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    filing_acknowledged_at = models.DateTimeField(_("filing acknowledged at"), null=True, blank=True)
    province_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("provincial decision by"),
                                            null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    province_decided_at = models.DateTimeField(_("provincial decision at"), null=True, blank=True)
    province_note = models.TextField(_("provincial department's note or reason"), blank=True)
    miit_document_number = models.CharField(_("MIIT document number"), max_length=100, blank=True)
    miit_document_date = models.DateField(_("MIIT document date"), null=True, blank=True)

    class Meta:
        db_table = "tiers_renamerequest"
        verbose_name = _("rename request")
        verbose_name_plural = _("rename requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "route"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=RenameStatus.CITY_APPROVED) | models.Q(filed_at__isnull=False),
                name="rename_city_approval_is_filed",
            ),
            models.CheckConstraint(
                condition=~(models.Q(status=RenameStatus.APPROVED) & models.Q(route=RenameRoute.MIIT))
                | (~models.Q(miit_document_number="") & models.Q(miit_document_date__isnull=False)),
                name="rename_miit_approval_has_document",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.old_name} → {self.new_name}"

    @property
    def changes_credit_code(self):
        return bool(self.new_credit_code) and self.new_credit_code != self.old_credit_code

    @property
    def is_open(self):
        return self.status in (RenameStatus.SUBMITTED, RenameStatus.CITY_FORWARDED)

    @property
    def is_approved(self):
        return self.status in (RenameStatus.CITY_APPROVED, RenameStatus.APPROVED)

    @property
    def status_label(self):
        """What the enterprise and officials read: the status, said for this request's route."""
        if self.status == RenameStatus.APPROVED and self.route == RenameRoute.MIIT:
            return _("Approved by MIIT (recorded by the provincial department)")
        if self.status == RenameStatus.APPROVED:
            return _("Approved by the provincial department")
        if self.status == RenameStatus.REJECTED:
            by_province = self.province_decided_at is not None
            return _("Rejected by the provincial department") if by_province else _("Rejected by the city bureau")
        return self.get_status_display()

    @property
    def decision_reason(self):
        return self.province_note if self.province_decided_at else self.city_note


class CertificateCounter(models.Model):
    """The last sequence number given in one series: a tier and a year (the titles' year), and for basic
    titles recognised by a city that city (its own series); the row is locked to allocate the next."""

    tier = models.ForeignKey("tiers.Tier", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    city = models.ForeignKey("accounts.City", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "review_certificatecounter"
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")
        constraints = [
            models.UniqueConstraint(fields=["tier", "year"], condition=Q(city__isnull=True),
                                    name="one_certificate_counter_per_tier_year"),
            models.UniqueConstraint(fields=["tier", "year", "city"], condition=Q(city__isnull=False),
                                    name="one_certificate_counter_per_city_series"),
        ]

    def __str__(self):
        return f"{self.tier.code} {self.city.code + ' ' if self.city_id else ''}{self.year}: {self.last}"


class Certificate(ChoiceLabelsMixin, StateGuardMixin, models.Model):
    """The certificate of one title: its number, what it says, its PDF, and whether it is still valid.

    ``status`` is the render state of the PDF; ``validity`` is the legal state that verification
    answers, changed only through ``lifecycles.CERTIFICATE``. The revocation date and Art. 15 ground are
    the title's (one record of that decision).
    """

    state_field = "validity"
    initial_state = Validity.VALID

    title = models.ForeignKey(
        Title, verbose_name=_("title"), on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    # The year in the number: the title's year (its 年度). Certificates numbered before issue #25 carry
    # their year of issue here, as in their numbers, which are never changed.
    year = models.PositiveSmallIntegerField(_("year in the number"))
    # The city whose own series numbers it (basic titles recognised by a city); empty: the tier's series.
    series_city = models.ForeignKey("accounts.City", verbose_name=_("series of the city"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField(_("sequence"))
    # What the document says, fixed when the number is given so a later edit elsewhere cannot change it.
    enterprise_name = models.CharField(_("enterprise name"), max_length=120)
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    issuing_authority = models.CharField(_("issuing authority"), max_length=120)
    scenario_names = models.TextField(_("scenarios named on the certificate"), blank=True,
                                      help_text=_("An excellent-scenario award: each scenario with its segment."))
    miit_document = models.CharField(_("MIIT document"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"))

    status = models.CharField(_("render status"), max_length=10, choices=RenderStatus.choices,
                              default=RenderStatus.PENDING)
    file = models.FileField(_("file"), storage=private_storage, upload_to="certificates/", blank=True, max_length=200)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    last_error = models.TextField(_("last render error"), blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    validity = models.CharField(_("validity"), max_length=12, choices=Validity.choices, default=Validity.VALID)
    superseded_by = models.OneToOneField(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="supersedes",
    )
    validity_changed_on = models.DateField(_("validity changed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "review_certificate"
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "year", "sequence"], condition=Q(series_city__isnull=True),
                                    name="certificate_sequence_unique"),
            models.UniqueConstraint(fields=["tier", "series_city", "year", "sequence"],
                                    condition=Q(series_city__isnull=False), name="certificate_city_sequence_unique"),
            # A title has at most one current certificate; superseded ones stay on record beside it.
            models.UniqueConstraint(
                fields=["title"], condition=~Q(validity=Validity.SUPERSEDED), name="one_current_certificate_per_title"
            ),
            models.CheckConstraint(
                condition=~Q(validity=Validity.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="superseded_certificate_names_successor",
            ),
            models.CheckConstraint(
                condition=~Q(status=RenderStatus.READY) | (~Q(file="") & ~Q(sha256="")),
                name="ready_certificate_has_file",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.number

    def render_snapshot(self):
        """What its audit rows record before and after a change (``portal.rendering`` asks it too)."""
        return {
            "number": self.number, "title": self.title_id, "status": self.status, "validity": self.validity,
            "superseded_by": self.superseded_by.number if self.superseded_by else None,
        }

    @property
    def is_ready(self):
        return self.status == RenderStatus.READY


class AnnualReport(models.Model):
    """What a titled enterprise did in one year for the programme (Art. 14): standards it led or joined,
    solutions it formed, people it trained, and experience it shared. One per enterprise and year, kept
    up to date by the enterprise (``tiers.titles.obligations``); the province and its city read it."""

    enterprise = models.ForeignKey("accounts.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    standards_led = models.PositiveSmallIntegerField(_("standards led"), default=0)
    standards_joined = models.PositiveSmallIntegerField(_("standards joined"), default=0)
    standards_detail = models.TextField(_("the standards (names, numbers, stage)"), blank=True)
    solutions_formed = models.PositiveSmallIntegerField(_("solutions formed"), default=0)
    solutions_detail = models.TextField(_("the solutions and where they were applied"), blank=True)
    people_trained = models.PositiveIntegerField(_("people trained"), default=0)
    visits_hosted = models.PositiveSmallIntegerField(_("visits hosted"), default=0)
    cases_published = models.PositiveSmallIntegerField(_("cases published"), default=0)
    experience_detail = models.TextField(_("how the experience was shared"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("annual report (Art. 14)")
        verbose_name_plural = _("annual reports (Art. 14)")
        ordering = ["-year", "enterprise__credit_code"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="one_annual_report_per_enterprise_year")]

    def __str__(self):
        return f"{self.enterprise} {self.year}"
