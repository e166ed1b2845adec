"""Life after recognition: operation monitoring evaluations, rectification, revocation cases (Art. 15).

- ``Evidence``: a file an enterprise or an authority gave for one step (checked by content on upload).
- ``MonitoringEvaluation``: one title's operation monitoring evaluation (运行监测评估), opened by the
  authority of its tier with a report deadline; the report, the conclusion, the rectification (整改)
  and the re-evaluation. Its status changes only through ``monitoring.EVALUATION``.
- ``RevocationCase``: a case to revoke titles on one Art. 15 ground, decided by the authority of
  their tier after the enterprise's statement period. Its status changes only through ``revocation.CASE``.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.choices import ChoiceLabelsMixin
from portal.lifecycle import StateGuardMixin
from portal.storage import private_storage
from tiers.constants import Authority

from ..constants import CaseStatus, EvaluationStatus, OverturnBasis, RevocationGround


def evidence_path(instance, filename):
    # The uploader's file name is never part of the path: a random name with the detected extension.
    ext = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(instance.content_type, "")
    return f"aftercare/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class Evidence(models.Model):
    """One uploaded file: a monitoring report's or rectification's evidence, a case's facts, a statement."""

    file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.name


class MonitoringEvaluation(ChoiceLabelsMixin, StateGuardMixin, models.Model):
    """The operation monitoring evaluation of one title (运行监测评估; Art. 15 (3)).

    ``authority`` is the title's tier's (``Tier.authority``): the city bureau evaluates basic titles,
    the provincial department advanced titles and scenario awards, and for excellence and leading the
    province records what MIIT asks (``basis``) and decides (each conclusion's ``*_document``).
    Evaluations opened together share ``batch``.
    """

    initial_state = EvaluationStatus.OPEN

    title = models.ForeignKey("titles.Title", verbose_name=_("title"), on_delete=models.PROTECT,
                              related_name="evaluations")
    batch = models.UUIDField(_("opened together as"), default=uuid.uuid4, editable=False, db_index=True)
    authority = models.CharField(_("evaluated by"), max_length=20, choices=Authority.choices)
    status = models.CharField(_("status"), max_length=20, choices=EvaluationStatus.choices,
                              default=EvaluationStatus.OPEN)
    period_year = models.PositiveSmallIntegerField(_("year evaluated"))
    requirements = models.TextField(_("what the report must cover"))
    basis = models.CharField(_("MIIT's notice or request"), max_length=200, blank=True,
                             help_text=_("Excellence and leading titles: the MIIT document the evaluation follows."))
    report_due = models.DateField(_("report due"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    # The enterprise's monitoring report: structured indicators, the Art. 14 items, evidence.
    maturity_level = models.PositiveSmallIntegerField(_("capability maturity level (GB/T 39116-2020)"), null=True,
                                                      blank=True)
    efficiency_gain = models.DecimalField(_("production efficiency gain (%)"), max_digits=6, decimal_places=2,
                                          null=True, blank=True)
    cost_reduction = models.DecimalField(_("operating cost reduction (%)"), max_digits=6, decimal_places=2,
                                         null=True, blank=True)
    cycle_reduction = models.DecimalField(_("development cycle reduction (%)"), max_digits=6, decimal_places=2,
                                          null=True, blank=True)
    defect_reduction = models.DecimalField(_("defect rate reduction (%)"), max_digits=6, decimal_places=2,
                                           null=True, blank=True)
    energy_reduction = models.DecimalField(_("energy per unit of output reduction (%)"), max_digits=6,
                                           decimal_places=2, null=True, blank=True)
    art14 = models.JSONField(_("Art. 14 items as reported"), default=dict, blank=True)
    report_summary = models.TextField(_("how the factory ran"), blank=True)
    report_evidence = models.ForeignKey(Evidence, verbose_name=_("report evidence"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)

    # The conclusion on the report.
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluated by"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    evaluation_reasons = models.TextField(_("reasons of the evaluation"), blank=True)
    evaluation_document = models.CharField(_("MIIT's conclusion (document)"), max_length=200, blank=True)

    # A fail: the rectification asked, and what the enterprise did.
    rectification_requirements = models.TextField(_("rectification requirements"), blank=True)
    rectification_due = models.DateField(_("rectification due"), null=True, blank=True)
    rectification_summary = models.TextField(_("what was rectified"), blank=True)
    rectification_evidence = models.ForeignKey(Evidence, verbose_name=_("rectification evidence"), null=True,
                                               blank=True, on_delete=models.PROTECT, related_name="+")
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rectification submitted by"),
                                     null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rectified_at = models.DateTimeField(_("rectification submitted at"), null=True, blank=True)

    # The re-evaluation after rectification.
    reevaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("re-evaluated by"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    reevaluated_at = models.DateTimeField(_("re-evaluated at"), null=True, blank=True)
    reevaluation_reasons = models.TextField(_("reasons of the re-evaluation"), blank=True)
    reevaluation_document = models.CharField(_("MIIT's re-evaluation (document)"), max_length=200, blank=True)

    closed_reason = models.TextField(_("why it was closed"), blank=True)

    class Meta:
        verbose_name = _("operation monitoring evaluation")
        verbose_name_plural = _("operation monitoring evaluations")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["status", "report_due"]), models.Index(fields=["status", "rectification_due"])]
        constraints = [
            # One evaluation under way per title: a second would ask the enterprise twice.
            models.UniqueConstraint(
                fields=["title"], name="one_open_evaluation_per_title",
                condition=Q(status__in=["open", "reported", "rectifying", "rectified"]),
            ),
            models.CheckConstraint(
                condition=~Q(status=EvaluationStatus.RECTIFYING) | Q(rectification_due__isnull=False),
                name="rectification_has_a_deadline",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self):
        return self.status in (EvaluationStatus.OPEN, EvaluationStatus.REPORTED, EvaluationStatus.RECTIFYING,
                               EvaluationStatus.RECTIFIED)

    @property
    def rectified_once(self):
        return self.rectified_at is not None

    @property
    def next_deadline(self):
        """The date the enterprise must act by now, or None when it has nothing to do."""
        if self.status == EvaluationStatus.OPEN:
            return self.report_due
        if self.status == EvaluationStatus.RECTIFYING:
            return self.rectification_due
        return None

    @property
    def is_overdue(self):
        deadline = self.next_deadline
        return deadline is not None and deadline < timezone.localdate()


class RevocationCase(ChoiceLabelsMixin, StateGuardMixin, models.Model):
    """A case to revoke titles on one Art. 15 ground, decided by the authority of their tier.

    Grounds (1), (2), (4), (5) concern the enterprise: the case covers all its active titles, one case
    per deciding authority (sharing ``group``), as renames do. Ground (3) concerns one title, and rests
    on its evaluation that failed after rectification. The enterprise may state its case (陈述申辩)
    until ``statement_due``, except on ground (2). A city's decision is filed with the province; for
    excellence and leading titles the province records MIIT's decision and document.
    """

    enterprise = models.ForeignKey("accounts.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="revocation_cases")
    group = models.UUIDField(_("opened together as"), default=uuid.uuid4, editable=False, db_index=True)
    authority = models.CharField(pgettext_lazy("authority", "decided by"), max_length=20, choices=Authority.choices)
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices,
                              default=CaseStatus.STATEMENT_PERIOD)
    ground = models.CharField(_("ground (Art. 15)"), max_length=30, choices=RevocationGround.choices)
    titles = models.ManyToManyField("titles.Title", verbose_name=_("titles"), related_name="revocation_cases")
    evaluation = models.ForeignKey(MonitoringEvaluation, verbose_name=_("failed evaluation"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="revocation_cases")
    facts = models.TextField(_("facts"))
    evidence = models.ForeignKey(Evidence, verbose_name=_("evidence of the facts"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    statement_due = models.DateField(_("statement due"), null=True, blank=True,
                                     help_text=_("None on ground (2): a terminated enterprise states nothing."))

    statement = models.TextField(_("the enterprise's statement"), blank=True)
    statement_evidence = models.ForeignKey(Evidence, verbose_name=_("statement evidence"), null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    stated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("stated by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    stated_at = models.DateTimeField(_("stated at"), null=True, blank=True)

    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons of the decision"), blank=True)
    miit_document_number = models.CharField(_("MIIT document number"), max_length=100, blank=True)
    miit_document_date = models.DateField(_("MIIT document date"), null=True, blank=True)
    filed_at = models.DateTimeField(_("filed with the province at"), null=True, blank=True)
    filing_acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filing acknowledged by"),
                                               null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    filing_acknowledged_at = models.DateTimeField(_("filing acknowledged at"), null=True, blank=True)

    overturned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("overturn recorded by"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    overturned_at = models.DateTimeField(_("overturn recorded at"), null=True, blank=True)
    overturn_basis = models.CharField(_("overturned by"), max_length=30, choices=OverturnBasis.choices, blank=True)
    overturn_document = models.CharField(_("the decision or judgment overturning it"), max_length=200, blank=True)
    overturn_reasons = models.TextField(_("reasons of the overturn"), blank=True)

    class Meta:
        verbose_name = _("revocation case")
        verbose_name_plural = _("revocation cases")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["status", "statement_due"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(ground=RevocationGround.FAILED_MONITORING) | Q(evaluation__isnull=False),
                name="failed_monitoring_case_names_its_evaluation",
            ),
            models.CheckConstraint(
                condition=~(Q(status=CaseStatus.REVOKED) & Q(authority=Authority.MIIT))
                | (~Q(miit_document_number="") & Q(miit_document_date__isnull=False)),
                name="miit_revocation_has_its_document",
            ),
            models.CheckConstraint(
                condition=~(Q(status=CaseStatus.REVOKED) & Q(authority=Authority.CITY)) | Q(filed_at__isnull=False),
                name="city_revocation_is_filed",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.enterprise} · {self.get_ground_display()}"

    @property
    def is_open(self):
        return self.status in (CaseStatus.STATEMENT_PERIOD, CaseStatus.AWAITING_DECISION)

    @property
    def statement_period_over(self):
        return self.statement_due is None or self.statement_due < timezone.localdate()

    @property
    def may_state(self):
        return self.status == CaseStatus.STATEMENT_PERIOD and not self.statement_period_over
