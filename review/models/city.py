"""What city bureaus record: pre-screen decisions, their ranking of the applications they put forward,
the recommendation letters for MIIT's tiers, and the filings of their basic recognitions (Art. 11-13).

Application statuses change only through ``applications.workflow`` (the city's transitions are in
``review/city_workflow.py``); these rows are written by the effects of those transitions and by
``review/city_services.py``, never by views.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import ChoiceLabelsMixin
from portal.lifecycle import StateGuardMixin
from portal.rendering import RenderedDocument
from portal.storage import private_storage

__all__ = ["PrescreenOutcome", "PrescreenDecision", "CityRanking", "CityDocumentKind", "CityDocument",
           "RecommendationLetter", "FilingStatus", "Filing"]


class PrescreenOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    REJECTED = "rejected", _("Rejected")


class PrescreenDecision(ChoiceLabelsMixin, models.Model):
    """One pre-screen (初审) decision of a city official on one submitted version (Art. 11-12).

    A return for revision is not recorded here: its comments are ``applications.ReturnComment`` rows.
    The reasons of a rejection are also the message of the transition's audit row, which the
    enterprise reads in its application's timeline.
    """

    application = models.ForeignKey(
        "applications.Application", verbose_name=_("application"), on_delete=models.PROTECT,
        related_name="prescreen_decisions",
    )
    version = models.PositiveIntegerField(_("version"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=PrescreenOutcome.choices)
    grounds = models.JSONField(_("grounds"), default=list, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("pre-screen decision")
        verbose_name_plural = _("pre-screen decisions")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(outcome="rejected") | ~Q(reasons=""),
                                   name="prescreen_rejection_has_reasons"),
        ]

    def __str__(self):
        return f"{self.application} v{self.version}: {self.outcome}"


class CityRanking(models.Model):
    """The city's rank for one application it puts forward for a round and tier (Art. 12).

    The city's working list for a round and tier is its passed and recommended applications; ranks
    1..n order them and are unique within that list (``city_services.rank``, under a lock on the
    city's row). An application the province has accepted keeps the rank it had, so the province
    reads the city's order; it no longer takes part in the city's re-ranking.
    """

    application = models.OneToOneField(
        "applications.Application", verbose_name=_("application"), on_delete=models.CASCADE,
        related_name="city_ranking",
    )
    city = models.ForeignKey("accounts.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey("tiers.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="+")
    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField(_("rank"))
    ranked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ranked by"), on_delete=models.PROTECT,
                                  related_name="+")
    ranked_at = models.DateTimeField(_("ranked at"), default=timezone.now)

    class Meta:
        verbose_name = _("city ranking")
        verbose_name_plural = _("city rankings")
        ordering = ["city", "round", "tier", "rank", "pk"]
        indexes = [models.Index(fields=["city", "round", "tier"])]
        constraints = [models.CheckConstraint(condition=Q(rank__gte=1), name="city_rank_positive")]

    def __str__(self):
        return f"{self.application} #{self.rank}"


class CityDocumentKind(models.TextChoices):
    LETTER = "letter", _("Recommendation letter (推荐函)")
    SUMMARY = "summary", _("Recommendation summary table (推荐汇总表)")


class CityDocument(RenderedDocument):
    """The recommendation letter or summary table the portal prints for a city, one round and tier, for
    the bureau to stamp (``review.city.documents``). ``snapshot`` is the list as it stood when asked for
    (rank order); each request prints a new pair, the earlier ones stay on record."""

    city = models.ForeignKey("accounts.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey("tiers.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="+")
    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("document"), max_length=10, choices=CityDocumentKind.choices)
    snapshot = models.JSONField(_("content"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked for by"),
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("recommendation document")
        verbose_name_plural = _("recommendation documents")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["city", "round", "tier", "kind"], name="city_document_group_idx")]

    def __str__(self):
        return f"{self.city} · {self.round} · {self.tier} · {self.get_kind_display()}"

    @property
    def filename(self):
        label = "推荐函" if self.kind == CityDocumentKind.LETTER else "推荐汇总表"
        return f"{label}-{self.round_id}-{self.tier.code}-{self.pk}.pdf"


def letter_path(instance, filename):
    # Never the uploader's file name: a random name under the city's code.
    return f"recommendation_letters/{timezone.now():%Y}/{instance.city.code}/{uuid.uuid4().hex}.pdf"


class RecommendationLetter(models.Model):
    """The city's signed and stamped recommendation letter (推荐函) for one round and tier: required
    before recommending to MIIT's tiers (Art. 13), sent with every tier the city recommends.

    A new upload does not replace an earlier one: the latest is current, the earlier ones stay on record.
    ``answers`` is the letter the portal printed (``CityDocument``) that was current when it was uploaded.
    """

    city = models.ForeignKey("accounts.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey("tiers.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="+")
    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    file = models.FileField(storage=private_storage, upload_to=letter_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    answers = models.ForeignKey(CityDocument, verbose_name=_("printed letter it answers"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="stamped_letters")

    class Meta:
        verbose_name = _("recommendation letter")
        verbose_name_plural = _("recommendation letters")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["city", "round", "tier"])]

    def __str__(self):
        return self.original_name


class FilingStatus(models.TextChoices):
    FILED = "filed", _("Filed, awaiting the province")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the province")
    QUERIED = "queried", _("Queried by the province")


class Filing(ChoiceLabelsMixin, StateGuardMixin, models.Model):
    """A city's basic recognition filed (备案) with the province (Art. 11), and the province's answer.

    ``response`` is the province's latest word (its query, or a note with the acknowledgement);
    ``reply`` is the city's answer to the latest query. The status changes only through
    ``review.city.filings.FILING``; every step is an audit row of the filing.
    """

    initial_state = "filed"

    application = models.OneToOneField(
        "applications.Application", verbose_name=_("application"), on_delete=models.PROTECT, related_name="filing"
    )
    title = models.OneToOneField("titles.Title", verbose_name=_("title"), on_delete=models.PROTECT,
                                 related_name="filing")
    city = models.ForeignKey("accounts.City", verbose_name=_("city"), on_delete=models.PROTECT,
                             related_name="filings")
    status = models.CharField(_("status"), max_length=15, choices=FilingStatus.choices, default=FilingStatus.FILED,
                              db_index=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT,
                                 related_name="+")
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    times_filed = models.PositiveSmallIntegerField(_("times filed"), default=1)
    response = models.TextField(_("province's response"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responded by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    reply = models.TextField(_("city's reply"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-filed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="queried") | ~Q(response=""), name="queried_filing_has_query"),
        ]

    def __str__(self):
        return f"{self.title.enterprise_name} · {self.city}"
