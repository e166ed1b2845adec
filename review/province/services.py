"""Writes of the province and its experts that are not status changes: conflicts, assignments, scores,
the rubric, notices and objections. Each is one transaction with its audit row(s).

Status changes are transitions (``review/province/workflow.py``, run by ``applications.workflow.perform``);
the functions here that need one (``publish_notice``, ``resolve_objection``) call ``perform``.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import rules
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from applications import workflow
from applications.constants import Status
from applications.models import Application
from portal import outbox
from portal.accounts.constants import Role
from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.calendar.working_days import notice_working_days, period_from
from portal.errors import ensure
from portal.notifications import notify, register_kind
from portal.uploads import check_upload
from review import permissions  # noqa: F401 - registers the permissions asked here
from review.models import (
    ConflictDeclaration,
    CriterionScore,
    ExpertAssignment,
    ExpertPanelSize,
    Objection,
    ObjectionStatus,
    PublicNotice,
    RubricCriterion,
)
from review.reminders import notify_objection_recorded
from tiers.models import Segment

from . import scoring
from .objection_rules import ensure_objection_can_be_recorded
from .objections import OBJECTION
from .selectors import active_assignments, criteria_for, exclusions

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "review.assignment_withdrawn": gettext_lazy("Expert assignment withdrawn"),
    "review.conflict_declared": gettext_lazy("Conflict of interest declared"),
    "review.expert_assigned": gettext_lazy("Expert assigned"),
    "review.notice_created": gettext_lazy("Public notice created"),
    "review.objection_recorded": gettext_lazy("Objection recorded"),
    "review.rubric_criterion_created": gettext_lazy("Scoring criterion added"),
    "review.rubric_criterion_changed": gettext_lazy("Scoring criterion changed"),
    "review.scores_saved": gettext_lazy("Scores saved"),
    "review.scores_submitted": gettext_lazy("Scores submitted"),
})

DEFAULT_EXPERTS_PER_APPLICATION = 3
RUBRIC_FIELDS = ("order", "segment", "name_zh", "name_en", "weight", "max_score", "active")
OPEN_REVIEW_STATUSES = (Status.ACCEPTED, Status.UNDER_REVIEW)


# --- experts ---------------------------------------------------------------------------------------

def default_panel_size() -> Any:
    return int(getattr(settings, "REVIEW_EXPERTS_PER_APPLICATION", DEFAULT_EXPERTS_PER_APPLICATION))


def panel_size(application: Application) -> Any:
    """How many experts review ``application``: the admins' value for its round and tier
    (ExpertPanelSize), else ``settings.REVIEW_EXPERTS_PER_APPLICATION`` (default 3)."""
    row = ExpertPanelSize.objects.filter(round_id=application.round_id, tier_id=application.tier_id).first()
    return row.experts if row is not None else default_panel_size()


@dataclass(frozen=True)
class Staffing:
    """How an application's panel stands: assigned of required, and how many eligible experts remain."""

    assigned: int
    required: int
    eligible_left: int

    @property
    def shortfall(self) -> Any:
        return max(self.required - self.assigned, 0)


def staffing(application: Application) -> Any:
    from .selectors import eligible_experts

    assigned = set(active_assignments(application).values_list("expert_id", flat=True))
    left = eligible_experts(application).exclude(pk__in=assigned).count()
    return Staffing(assigned=len(assigned), required=panel_size(application), eligible_left=left)


def _ensure_eligible(application: Application, expert: Any) -> None:
    ensure(expert.role == Role.EXPERT and expert.is_active, _("%(name)s is not an active expert.") % {"name": expert})
    reasons = exclusions(application).get(expert.pk, [])
    ensure("conflict" not in reasons,
           _("%(name)s declared a conflict of interest with this enterprise.") % {"name": expert})
    ensure("same_city" not in reasons,
           _("%(name)s works in the enterprise's city and may not review it.") % {"name": expert})
    ensure("employer" not in reasons, _("%(name)s works for this enterprise.") % {"name": expert})


def _assign(application: Application, expert: Any, actor: Any) -> Any:
    assignment = ExpertAssignment.objects.filter(application=application, expert=expert).first()
    if assignment is not None:
        ensure(assignment.withdrawn_at is None, _("%(name)s was withdrawn from this application and cannot be "
                                                 "assigned again.") % {"name": expert})
        return assignment
    from portal.calendar.working_days import scoring_due

    due_on = scoring_due(timezone.localdate())
    assignment = ExpertAssignment.objects.create(application=application, expert=expert, assigned_by=actor,
                                                 due_on=due_on)
    entry = audit(actor, "review.expert_assigned", assignment,
                  after={"application": application.pk, "expert": expert.pk, "due_on": due_on.isoformat()})
    if expert.email:
        from .tasks import notify_expert_of_assignment

        outbox.schedule(notify_expert_of_assignment, entry.pk)
    return assignment


def assign_panel(application: Application, experts: Any, *, actor: Any) -> Any:
    """Assign ``experts`` to a locked, accepted ``application`` (the effect of ``start_review``).

    Pre: each expert is eligible (no declared conflict with the enterprise, not of its city, not its
    employee); at most the panel size. Fewer than the panel size only when no other eligible expert
    exists: the shortfall is then recorded, not hidden. Post: one assignment per expert, each audited.
    Returns the Staffing.
    """
    experts = list(dict.fromkeys(experts))
    required = panel_size(application)
    ensure(experts, _("Choose at least one expert."))
    ensure(len(experts) <= required, _("This application is reviewed by %(n)s experts; you chose %(chosen)s.")
           % {"n": required, "chosen": len(experts)})
    for expert in experts:
        _ensure_eligible(application, expert)
    chosen = {e.pk for e in experts}
    if len(experts) < required:
        from .selectors import eligible_experts

        others = eligible_experts(application).exclude(pk__in=chosen).count()
        ensure(others == 0, _("Choose %(n)s experts: %(left)s more eligible expert(s) are available.")
               % {"n": required, "left": min(others, required - len(experts))})
    for expert in experts:
        _assign(application, expert, actor)
    return staffing(application)


@transaction.atomic
def add_expert(application: Application, expert: Any, *, actor: Any) -> Any:
    """Add an eligible expert to an application under review, to fill a shortfall or a withdrawal.

    Pre: provincial staff; the application is under review; its panel is not full. Post: one more
    assignment, audited.
    """
    app = Application.objects.select_for_update().select_related("enterprise__city").get(pk=application.pk)
    ensure(rules.has_perm("review.assign_experts", actor), _("Only the provincial department assigns experts."))
    ensure(app.status == Status.UNDER_REVIEW, _("Experts are added while the application is under review."))
    state = staffing(app)
    ensure(state.assigned < state.required, _("The panel of this application is already complete."))
    _ensure_eligible(app, expert)
    return _assign(app, expert, actor)


@transaction.atomic
def withdraw_assignment(assignment: ExpertAssignment, *, reason: str | Promise, actor: Any) -> Any:
    """Take an expert off an application before the decision (conflict found later, unavailable).

    Pre: provincial staff (or the conflict service); the application is not decided yet; a reason.
    Post: the assignment is withdrawn (kept on record); its scores no longer count; audited.
    """
    assignment = ExpertAssignment.objects.select_for_update().select_related("application").get(pk=assignment.pk)
    ensure(assignment.withdrawn_at is None, _("This expert was already withdrawn."))
    ensure(assignment.application.status in OPEN_REVIEW_STATUSES,
           _("The decision is taken; the panel can no longer change."))
    reason = str(reason or "").strip()
    ensure(reason, _("Give a reason for withdrawing the expert."))
    assignment.withdrawn_at = timezone.now()
    assignment.withdrawal_reason = reason
    assignment.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    audit(actor, "review.assignment_withdrawn", assignment, after={"application": assignment.application_id},
          message=reason)
    return assignment


@transaction.atomic
def declare_conflict(*, expert: Any, enterprise: Any, reason: str, actor: Any) -> Any:
    """Record that ``expert`` has a conflict of interest with ``enterprise``.

    Pre: the actor is the expert (declaring their own) or an admin; a reason. Post: the declaration,
    audited; the expert is withdrawn from any undecided application of that enterprise.
    """
    ensure(expert.role == Role.EXPERT, _("Conflicts are declared for experts."))
    ensure((rules.has_perm("review.declare_own_conflict", actor) and actor.pk == expert.pk)
           or rules.has_perm("review.record_conflict_for_others", actor),
           _("Experts declare their own conflicts; an administrator may record one for an expert."))
    reason = (reason or "").strip()
    ensure(reason, _("Say what the conflict of interest is."))
    ensure(not ConflictDeclaration.objects.filter(expert=expert, enterprise=enterprise).exists(),
           _("This conflict is already declared."))
    declaration = ConflictDeclaration.objects.create(expert=expert, enterprise=enterprise, reason=reason,
                                                     recorded_by=actor)
    audit(actor, "review.conflict_declared", declaration, after={"expert": expert.pk, "enterprise": enterprise.pk},
          message=reason)
    for assignment in ExpertAssignment.objects.filter(expert=expert, application__enterprise=enterprise,
                                                      withdrawn_at__isnull=True,
                                                      application__status__in=OPEN_REVIEW_STATUSES):
        withdraw_assignment(assignment, reason=_("Conflict of interest declared."), actor=actor)
    return declaration


# --- scores ----------------------------------------------------------------------------------------

def clean_scores(assignment: ExpertAssignment, scores: Any, *, complete: Any) -> Any:
    criteria = {c.pk: c for c in criteria_for(assignment.application)}
    ensure(criteria, _("The rubric of this tier is not set up yet; ask an administrator."))
    cleaned = {}
    for key, value in scores.items():
        criterion = criteria.get(int(key))
        ensure(criterion is not None, _("This criterion is not part of the rubric."))
        assert criterion is not None  # for mypy: ensure() has refused otherwise
        if value in (None, ""):
            continue
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            value = None
        ensure(value is not None and value.is_finite() and 0 <= value <= criterion.max_score,
               _("“%(name)s” takes a score from 0 to %(max)s.") % {"name": criterion.name, "max": criterion.max_score})
        cleaned[criterion] = value.quantize(Decimal("0.1"))
    if complete:
        missing = [c.name for c in criteria.values() if c not in cleaned]
        ensure(not missing, _("Score every criterion before submitting: %(names)s.") % {"names": "、".join(missing)})
    return cleaned


@transaction.atomic
def save_scores(assignment: ExpertAssignment, *, scores: Any, comment: str, actor: Any, submit: Any = False) -> Any:
    """Save an expert's score sheet; with ``submit``, make it final.

    Pre: the actor is the assigned expert; the sheet is not submitted; the application is under
    review; each score lies between 0 and the criterion's maximum (and, to submit, every active
    criterion is scored). Post: the scores (with the weight and maximum copied from the rubric);
    on submit the weighted total out of 100 and the time, after which nothing changes. Audited as
    ``review.scores_saved`` / ``review.scores_submitted`` on the assignment (never on the
    application, whose history the enterprise reads).
    """
    assignment = (ExpertAssignment.objects.select_for_update()
                  .select_related("application__tier", "application__enterprise").get(pk=assignment.pk))
    ensure(rules.has_perm("review.score", actor, assignment), _("You cannot score this application (any more)."))
    cleaned = clean_scores(assignment, scores, complete=submit)
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    for criterion, value in cleaned.items():
        row = existing.get(criterion.pk) or CriterionScore(assignment=assignment, criterion=criterion)
        row.score, row.weight, row.max_score = value, criterion.weight, criterion.max_score
        row.save()
    # Rows of criteria deactivated since the draft was saved no longer belong on the sheet.
    active_ids = {c.pk for c in criteria_for(assignment.application)}
    assignment.scores.exclude(criterion_id__in=active_ids).delete()
    assignment.comment = (comment or "").strip()
    fields = ["comment"]
    if submit:
        items = [(s.score, s.max_score, s.weight) for s in assignment.scores.all()]
        assignment.total = scoring.weighted_total(items)
        assignment.submitted_at = timezone.now()
        fields += ["total", "submitted_at"]
    assignment.save(update_fields=fields)
    verb = "review.scores_submitted" if submit else "review.scores_saved"
    audit(actor, verb, assignment, after={
        "scores": {str(c.pk): str(v) for c, v in cleaned.items()},
        **({"total": str(assignment.total)} if submit else {}),
    })
    return assignment


def review_state(application: Application) -> Any:
    """(submitted, pending) counts of the active panel."""
    rows = list(active_assignments(application).values_list("submitted_at", flat=True))
    submitted = sum(1 for r in rows if r is not None)
    return submitted, len(rows) - submitted


def ensure_review_finished(application: Application) -> None:
    submitted, pending = review_state(application)
    ensure(submitted, _("No expert has submitted scores yet."))
    ensure(not pending, _("%(n)s expert(s) have not submitted their scores yet; wait, or withdraw them.")
           % {"n": pending})


# --- the rubric ------------------------------------------------------------------------------------

# Default criteria: one per segment and one for the outcomes (Art. 6-9, items 1-6); points add up to 100.
DEFAULT_RUBRIC = [
    ("factory_construction", "工厂建设", "Factory construction", 15),
    ("rd_design", "研发设计", "R&D and design", 15),
    ("production_operations", "生产作业", "Production operations", 20),
    ("production_management", "生产管理", "Production management", 20),
    ("operations_management", "运营管理", "Operations management", 15),
    (None, "建设成效", "Outcomes", 15),
]


@transaction.atomic
def load_default_rubric(tier: Any, *, actor: Any) -> Any:
    """Give ``tier`` the default rubric if it has no criterion at all (idempotent); returns how many were made."""
    ensure(actor is None or rules.has_perm("review.manage_rubric", actor), _("Only administrators edit the rubric."))
    if RubricCriterion.objects.filter(tier=tier).exists():
        return 0
    segments = {s.code: s for s in Segment.objects.all()}
    for order, (code, name_zh, name_en, points) in enumerate(DEFAULT_RUBRIC, start=1):
        criterion = RubricCriterion.objects.create(
            tier=tier, segment=segments.get(code) if code else None, name_zh=name_zh, name_en=name_en,
            weight=Decimal(points), max_score=points, order=order * 10,
        )
        audit(actor, "review.rubric_criterion_created", criterion, after=_criterion_snapshot(criterion))
    return len(DEFAULT_RUBRIC)


def _criterion_snapshot(criterion: Any) -> Any:
    return {
        "tier": criterion.tier.code, "segment": criterion.segment.code if criterion.segment_id else None,
        "name_zh": criterion.name_zh, "name_en": criterion.name_en, "weight": str(criterion.weight),
        "max_score": criterion.max_score, "order": criterion.order, "active": criterion.active,
    }


@transaction.atomic
def save_rubric(tier: Any, *, criteria: Any, actor: Any) -> Any:
    """Save the admins' edits of a tier's rubric. ``criteria``: (criterion or None for a new one,
    {field: cleaned value}) for each changed row. One audit row per criterion; submitted score sheets
    keep the weights they were scored with."""
    ensure(rules.has_perm("review.manage_rubric", actor), _("Only administrators edit the rubric."))
    changed = 0
    for criterion, values in criteria:
        criterion = criterion if criterion is not None and criterion.pk else RubricCriterion(tier=tier)
        ensure(criterion.tier_id == tier.pk, _("This criterion is not part of the rubric."))
        before = _criterion_snapshot(criterion) if criterion.pk else None
        for name in RUBRIC_FIELDS:
            if name in values:
                setattr(criterion, name, values[name])
        criterion.save()
        audit(actor, "review.rubric_criterion_changed" if before else "review.rubric_criterion_created", criterion,
              before=before, after=_criterion_snapshot(criterion))
        changed += 1
    return changed


# --- notices and objections ------------------------------------------------------------------------

def ensure_notice_long_enough(starts_on: Any, ends_on: Any) -> None:
    """A notice runs at least ``notice_working_days()`` working days (公示期不少于五个工作日, the minimum is
    ``settings.NOTICE_WORKING_DAYS``), counted on the working-day calendar from its first working day;
    refused with the earliest end, or when it reaches a year whose holidays are not loaded. Reads only."""
    days = notice_working_days()
    earliest = period_from(starts_on, days)[1]
    ensure(ends_on >= earliest, _("A public notice runs at least %(days)d working days: starting on %(start)s, it "
                                  "ends on %(earliest)s or later.") % {
        "days": days, "start": date_format(starts_on, "DATE_FORMAT"),
        "earliest": date_format(earliest, "DATE_FORMAT")})


@transaction.atomic
def publish_notice(*, round: Any, tier: Any, applications: Any, title: Any, starts_on: Any, ends_on: Any, actor: Any,
                   objection_contact: str = "", objection_address: str = "", title_en: str = "") -> Any:
    """Publish a public notice (公示) of approved applications of one round and tier.

    Pre: provincial staff; at least one application, each approved and of this round and tier;
    ``starts_on`` not in the past; at least ``NOTICE_WORKING_DAYS`` working days to ``ends_on``
    (``ensure_notice_long_enough``); where objections go (contact and address;
    ``settings.NOTICE_OBJECTION_CONTACT`` / ``_ADDRESS`` when not given). Post: the notice, and each application
    moved to ``in_notice`` by the ``publish_notice`` transition (one audit row each), all or nothing.
    """
    ensure(rules.has_perm("review.publish_notices", actor), _("Only the provincial department publishes notices."))
    applications = list(applications)
    ensure(applications, _("Choose at least one approved application."))
    ensure(all(a.round_id == round.pk and a.tier_id == tier.pk for a in applications),
           _("A notice lists applications of one round and one tier."))
    ensure(starts_on >= timezone.localdate(), _("A notice cannot start in the past."))
    ensure(ends_on >= starts_on, _("A notice cannot end before it starts."))
    ensure_notice_long_enough(starts_on, ends_on)
    ensure((title or "").strip(), _("Give the notice a title."))
    contact = (objection_contact or settings.NOTICE_OBJECTION_CONTACT or "").strip()
    address = (objection_address or settings.NOTICE_OBJECTION_ADDRESS or "").strip()
    ensure(bool(contact and address), _("Say where written objections go: the contact and the address."))
    notice = PublicNotice.objects.create(round=round, tier=tier, title=title.strip(),
                                         title_en=(title_en or "").strip(), starts_on=starts_on,
                                         ends_on=ends_on, published_by=actor, objection_contact=contact,
                                         objection_address=address)
    audit(actor, "review.notice_created", notice, after={
        "round": round.pk, "tier": tier.code, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
        "applications": [a.pk for a in applications], "title_en": notice.title_en,
    })
    for application in applications:
        workflow.perform(application, "publish_notice", actor=actor, data={"notice": notice})
    return notice


@transaction.atomic
def record_objection(*, notice: PublicNotice, application: Application, kind: str, objector_name: Any, objector_contact: Any, received_on: Any, content: Any,
                     evidence: Any = None, actor: Any) -> Any:
    """Record a written objection the department received during ``notice``.

    Pre: provincial staff; the application is on the notice and still in notice (not certified: then
    revocation, Art. 15; ``objection_rules``); the objector's name and contact are
    given (anonymous objections are not accepted); received between the notice's first and last day
    and not in the future; evidence, if any, is a real PDF, JPEG or PNG. Post: an open objection,
    audited on the objection (the identity is not written to the audit row).
    """
    ensure(rules.has_perm("review.handle_objections", actor), _("Only the provincial department records objections."))
    ensure(notice.entries.filter(application=application).exists(), _("This application is not on this notice."))
    ensure_objection_can_be_recorded(application, notice)
    objector_name, objector_contact = (objector_name or "").strip(), (objector_contact or "").strip()
    ensure(objector_name and objector_contact,
           _("Anonymous objections are not accepted: record the objector's name and contact."))
    ensure(notice.starts_on <= received_on <= notice.ends_on,
           _("Only objections received during the notice (%(start)s to %(end)s) are accepted.")
           % {"start": notice.starts_on, "end": notice.ends_on})
    ensure(received_on <= timezone.localdate(), _("The date received cannot be in the future."))
    ensure((content or "").strip(), _("Record what the objection says."))
    objection = Objection(notice=notice, application=application, kind=kind, objector_name=objector_name,
                          objector_contact=objector_contact, received_on=received_on, content=content.strip(),
                          recorded_by=actor)
    if evidence:
        checked = check_upload(evidence)
        objection.evidence_type = checked.content_type
        objection.evidence_name = evidence.name
        objection.evidence.save(evidence.name, evidence, save=False)
    objection.full_clean(exclude=["evidence"])
    objection.save()
    audit(actor, "review.objection_recorded", objection,
          after={"notice": notice.pk, "application": application.pk, "kind": kind,
                 "received_on": received_on.isoformat()})
    notify_objection_recorded(objection, actor=actor)
    return objection


@transaction.atomic
def resolve_objection(objection: Objection, *, status: Any, resolution: Any, actor: Any) -> Any:
    """Resolve an open objection as upheld or dismissed, with the reasoning.

    Pre: provincial staff; the objection is open; a resolution text (``objections.OBJECTION``). Post:
    resolved and audited; an
    upheld objection rejects the application at once (``reject_after_objection``, in this
    transaction), with the resolution as the reason the enterprise reads — so it must not name the
    objector.
    """
    ensure(status in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED), _("Choose upheld or dismissed."))
    name = "uphold" if status == ObjectionStatus.UPHELD else "dismiss"
    objection = OBJECTION.perform(objection, name, actor=actor, data={"resolution": resolution})
    if status == ObjectionStatus.UPHELD and objection.application.status == Status.IN_NOTICE:
        workflow.perform(objection.application, "reject_after_objection", actor=actor,
                         data={"reason": resolution, "objection": objection})
    return objection


EXPERT_ASSIGNED = register_kind("review.expert_assigned", _("An application assigned to me for review"),
                                audience="expert")


def notify_expert_assigned(audit_entry: Any) -> Any:
    """Notify the expert of a ``review.expert_assigned`` audit row, once (``portal.notifications``)."""
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    assignment = ExpertAssignment.objects.select_related("expert", "application__enterprise", "application__tier",
                                                         "application__round").get(pk=audit_entry.object_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"assignment": assignment, "application": assignment.application, "url": ""}
        subject = render_to_string("review/email/expert_assigned_subject.txt", context).strip()
        body = render_to_string("review/email/expert_assigned_body.txt", context)
    with transaction.atomic():
        return notify([assignment.expert], kind=EXPERT_ASSIGNED.code, key=f"audit:{audit_entry.pk}",
                      subject=subject, body=body, url=reverse("review:expert_score", args=[assignment.pk]))
