"""What the province does after a city's recommendation (Art. 10, 12, 13).

- ConflictDeclaration: an expert may not review an enterprise they declared a conflict with.
- ExpertPanelSize: how many experts review each application of a round and tier (default in settings).
- RubricCriterion: what experts score, per tier (and optionally per segment), editable by admins.
- ExpertAssignment + CriterionScore: one expert's score sheet for one application.
- PublicNotice + NoticeEntry: the public notice (公示) of approved applications.
- Objection: a written objection received during a notice; the objector's identity is for the department only.
- MiitOutcome: MIIT's decision on an excellence or leading application, with its document (Art. 13).

Statuses of applications are changed only by ``applications.workflow`` (see ``review/province/workflow.py``).
"""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.choices import ChoiceLabelsMixin
from portal.i18n import in_active_language
from portal.lifecycle import StateGuardMixin
from portal.storage import private_storage

__all__ = [
    "ConflictDeclaration", "CriterionScore", "ExpertAssignment",
    "ExpertPanelSize", "MiitOutcome", "MiitResult", "NoticeEntry", "Objection", "ObjectionKind",
    "ObjectionStatus", "PublicNotice", "RubricCriterion",
]


def objection_evidence_path(instance, filename):
    import uuid

    from django.utils import timezone

    ext = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(instance.evidence_type, "")
    return f"objections/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


def miit_document_path(instance, filename):
    import uuid

    from django.utils import timezone

    return f"miit/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class ConflictDeclaration(models.Model):
    """An expert's conflict of interest with an enterprise: never assigned to review it."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT,
                               related_name="conflict_declarations")
    enterprise = models.ForeignKey("accounts.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="conflict_declarations")
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-declared_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["expert", "enterprise"], name="one_conflict_per_expert_enterprise")]

    def __str__(self):
        return f"{self.expert} · {self.enterprise}"


class ExpertPanelSize(models.Model):
    """How many experts review each application of one tier in one round (else settings' default)."""

    round = models.ForeignKey("tiers.Round", verbose_name=_("round"), on_delete=models.CASCADE, related_name="+")
    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    experts = models.PositiveSmallIntegerField(_("experts per application"),
                                               validators=[MinValueValidator(1), MaxValueValidator(15)])

    class Meta:
        verbose_name = _("expert panel size")
        verbose_name_plural = _("expert panel sizes")
        constraints = [models.UniqueConstraint(fields=["round", "tier"], name="one_panel_size_per_round_tier")]

    def __str__(self):
        return f"{self.round} · {self.tier}: {self.experts}"


class RubricCriterion(models.Model):
    """One line of the scoring rubric of a tier, optionally about one segment (Art. 6-10)."""

    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT,
                             related_name="rubric_criteria")
    segment = models.ForeignKey("tiers.Segment", verbose_name=_("segment"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=160)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10,
                                                 validators=[MinValueValidator(1), MaxValueValidator(1000)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["tier__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="rubric_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="rubric_max_score_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return in_active_language(self.name_zh, self.name_en)


class ExpertAssignment(models.Model):
    """One expert's review of one application: assigned by the department, scored and submitted by the expert.

    A withdrawn assignment (conflict declared later, or replaced) no longer shows the application to
    the expert and no longer counts in the aggregate; it stays on record.
    """

    application = models.ForeignKey("applications.Application", verbose_name=_("application"),
                                    on_delete=models.PROTECT, related_name="expert_assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT,
                               related_name="expert_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"),
                                    on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    due_on = models.DateField(_("scores due on"), null=True, blank=True,
                              help_text=_("The expert is reminded before this day; the department the day after."))
    comment = models.TextField(_("comments"), blank=True)
    total = models.DecimalField(_("weighted total"), max_digits=6, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["application", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="one_assignment_per_expert_application"),
            models.CheckConstraint(condition=Q(submitted_at__isnull=True) | Q(total__isnull=False),
                                   name="submitted_assignment_has_total"),
        ]

    def __str__(self):
        return f"#{self.pk} · {self.application_id}"

    @property
    def is_active(self):
        return self.withdrawn_at is None

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class CriterionScore(models.Model):
    """One expert's score on one criterion. Weight and maximum are copied when the sheet is submitted,
    so a later edit of the rubric never changes a submitted total."""

    assignment = models.ForeignKey(ExpertAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="+")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)])
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("maximum score"))

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=F("max_score")),
                                   name="score_within_maximum"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class PublicNotice(models.Model):
    """A public notice (公示) of approved applications of one round and tier, from ``starts_on`` to
    ``ends_on`` inclusive (by default five working days)."""

    round = models.ForeignKey("tiers.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="+")
    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=240, blank=True,
                                help_text=_("Shown on English pages; empty: the Chinese title is shown."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"),
                                     on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    # Where and how an objection is made (in writing, by name, until ``ends_on``): the notice says it.
    objection_contact = models.CharField(_("objections to"), max_length=200, blank=True,
                                         help_text=_("The office, the person and the telephone number."))
    objection_address = models.CharField(_("objection address"), max_length=300, blank=True,
                                         help_text=_("The postal address and/or e-mail address for written objections."))

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-starts_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                              name="notice_ends_after_it_starts")]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        """The title in the reader's language: the English title on English pages when one is given."""
        return in_active_language(self.title, self.title_en or self.title)

    def has_ended(self, today):
        return today > self.ends_on

    def is_running(self, today):
        return self.starts_on <= today <= self.ends_on


class NoticeEntry(models.Model):
    """One application on a notice; ``title`` is set when it is certified after the notice."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="entries")
    application = models.OneToOneField("applications.Application", verbose_name=_("application"),
                                       on_delete=models.PROTECT, related_name="notice_entry")
    title = models.OneToOneField("titles.Title", verbose_name=_("title"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("notice entry")
        verbose_name_plural = _("notice entries")
        ordering = ["notice", "application__enterprise__city__code", "application__enterprise__name"]

    def __str__(self):
        return f"{self.notice} · {self.application}"


class ObjectionKind(models.TextChoices):
    """Written objections only, and never anonymous."""

    ORGANISATION = "organisation", _("From an organisation, with its stamp")
    PERSON = "person", _("From a person, signed")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Objection(ChoiceLabelsMixin, StateGuardMixin, models.Model):
    """A written objection to an application on a notice, received during the notice.

    The objector's name and contact are seen by the department only: never on public pages, never
    by the enterprise. The status changes only through ``review.province.objections.OBJECTION``.
    """

    initial_state = "open"

    notice = models.ForeignKey(PublicNotice, verbose_name=_("notice"), on_delete=models.PROTECT,
                               related_name="objections")
    application = models.ForeignKey("applications.Application", verbose_name=_("application"),
                                    on_delete=models.PROTECT, related_name="objections")
    kind = models.CharField(_("kind"), max_length=20, choices=ObjectionKind.choices)
    objector_name = models.CharField(_("objector (person or organisation)"), max_length=120)
    objector_contact = models.CharField(_("objector's contact"), max_length=200)
    received_on = models.DateField(_("received on"))
    content = models.TextField(_("content"))
    evidence = models.FileField(_("evidence"), storage=private_storage, upload_to=objection_evidence_path,
                                max_length=200, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True)
    evidence_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(objector_name="") & ~Q(objector_contact=""),
                                   name="objection_not_anonymous"),
            models.CheckConstraint(
                condition=Q(status=ObjectionStatus.OPEN) | (~Q(resolution="") & Q(resolved_at__isnull=False)),
                name="resolved_objection_has_resolution",
            ),
        ]

    def __str__(self):
        # No objector here: this string goes into audit rows and admin lists.
        return _("Objection #%(pk)s") % {"pk": self.pk}


class MiitResult(models.TextChoices):
    APPROVED = "approved", _("Approved by MIIT")
    REJECTED = "rejected", _("Not approved by MIIT")


class MiitOutcome(models.Model):
    """MIIT's decision on an application the province recommended (Art. 13), with its document."""

    application = models.OneToOneField("applications.Application", verbose_name=_("application"),
                                       on_delete=models.PROTECT, related_name="miit_outcome")
    result = models.CharField(_("result"), max_length=20, choices=MiitResult.choices)
    document_number = models.CharField(_("document number"), max_length=120)
    document_date = models.DateField(_("document date"))
    document_file = models.FileField(_("document (PDF)"), storage=private_storage, upload_to=miit_document_path,
                                     max_length=200, blank=True)
    title = models.OneToOneField("titles.Title", verbose_name=_("title"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("MIIT outcome")
        verbose_name_plural = _("MIIT outcomes")

    def __str__(self):
        return f"{self.document_number} · {self.get_result_display()}"
