"""Operation monitoring evaluations (运行监测评估) and rectification (整改), as a declared table of steps.

::

    open ─submit_report─▶ reported ─pass─▶ passed
      │                      └─fail (with rectification requirements and a deadline)─▶ rectifying
      └─fail (the report is overdue)──────────────────────────────────────────────────▶ rectifying
    rectifying ─submit_rectification─▶ rectified ─pass_reevaluation─▶ passed
      └─fail_reevaluation (the rectification is overdue)─▶ failed ◀─fail_reevaluation─┘
    open | reported | rectifying | rectified ─close─▶ closed

The authority of the title's tier (``Tier.authority``: the city bureau for basic, the province for
advanced and scenario awards; for excellence and leading the province recording MIIT's request and
conclusions, each with MIIT's document) opens evaluations — for one title, or for every active title
of a tier, year or city — and concludes them; the enterprise reports and rectifies. A fail after
rectification opens a revocation case on Art. 15 (3) (``revocation.open_case_for_failed_evaluation``).
When a title is revoked or superseded its evaluations under way are closed.
"""
import datetime
from typing import Any

import rules
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import outbox
from portal.errors import ensure
from portal.lifecycle import Lifecycle, Transition, register
from portal.models import AuditEntry
from tiers.constants import Authority

from . import permissions  # noqa: F401 - registers the permissions the table asks for
from .constants import EVALUATION_OPEN_STATUSES, EvaluationStatus, TitleStatus
from .evidence import store_evidence
from .models import MonitoringEvaluation, Title
from .obligations import REPORT_FIELDS, save_annual_report

E = EvaluationStatus
INDICATORS = ("maturity_level", "efficiency_gain", "cost_reduction", "cycle_reduction", "defect_reduction",
              "energy_reduction")

EVALUATION = register(Lifecycle("monitoring_evaluation", MonitoringEvaluation, states=EvaluationStatus,
                                noun=gettext_lazy("evaluation"), select_related=("title__tier", "title__enterprise__city")))


# --- the rules of each step ---------------------------------------------------------------------

def _required(data: Any, key: str, message: str, article: str = "") -> str:
    value = (data.get(key) or "").strip()
    ensure(bool(value), message, article=article)
    return value


def _miit_document(evaluation: MonitoringEvaluation, data: Any) -> str:
    """For excellence and leading titles the province records MIIT's conclusion: its document is required."""
    document = (data.get("document") or "").strip()
    if evaluation.authority == Authority.MIIT:
        ensure(bool(document), _("Excellence and leading titles are evaluated by MIIT: give the number and date of "
                                 "MIIT's document whose conclusion you record."), article="Art. 13")
    return document


def _future_date(value: Any, what: str) -> datetime.date:
    ensure(isinstance(value, datetime.date) and value > timezone.localdate(),
           _("%(what)s must be a date after today.") % {"what": what})
    return value


def _submit_report(ev: MonitoringEvaluation, actor: Any, data: Any) -> Any:
    """The enterprise's monitoring report: the indicators, how the factory ran, the Art. 14 items (also
    saved as its annual report of the year evaluated) and the evidence."""
    ensure(ev.title.status == TitleStatus.ACTIVE, _("The title is no longer active."), article="Art. 15")
    level = data.get("maturity_level")
    ensure(level in (1, 2, 3, 4, 5), _("Give the capability maturity level (1 to 5, GB/T 39116-2020)."))
    ev.report_summary = _required(data, "report_summary", _("Say how the smart factory ran in the period."))
    evidence = store_evidence(data.get("evidence"), actor=actor)
    ensure(evidence is not None, _("Attach the monitoring report's evidence (PDF, JPEG or PNG)."))
    assert evidence is not None
    for name in INDICATORS:
        setattr(ev, name, data.get(name))
    ev.art14 = {name: data.get(name) or ("" if name.endswith("_detail") else 0) for name in REPORT_FIELDS}
    save_annual_report(enterprise=ev.title.enterprise, year=ev.period_year, data=ev.art14, actor=actor)
    ev.report_evidence, ev.reported_by, ev.reported_at = evidence, actor, timezone.now()
    return [*INDICATORS, "art14", "report_summary", "report_evidence", "reported_by", "reported_at"], {
        "indicators": {name: str(getattr(ev, name)) if getattr(ev, name) is not None else None for name in INDICATORS},
        "art14": ev.art14, "evidence": evidence.sha256}


def _conclude(ev: MonitoringEvaluation, actor: Any, data: Any, *, reasons_required: bool) -> list[str]:
    reasons = (data.get("reasons") or "").strip()
    if reasons_required:
        ensure(bool(reasons), _("Give the reasons of the conclusion; the enterprise will read them."),
               article="Art. 15")
    data["reason"] = reasons
    ev.evaluated_by, ev.evaluated_at = actor, timezone.now()
    ev.evaluation_reasons, ev.evaluation_document = reasons, _miit_document(ev, data)
    return ["evaluated_by", "evaluated_at", "evaluation_reasons", "evaluation_document"]


def _pass(ev: MonitoringEvaluation, actor: Any, data: Any) -> Any:
    return _conclude(ev, actor, data, reasons_required=False), {}


def _fail(ev: MonitoringEvaluation, actor: Any, data: Any) -> Any:
    """Not passed: the rectification's requirements and deadline (Art. 15 (3))."""
    fields = _conclude(ev, actor, data, reasons_required=True)
    ev.rectification_requirements = _required(data, "requirements", _("Say what the enterprise must rectify."))
    ev.rectification_due = _future_date(data.get("due"), _("The rectification deadline"))
    return [*fields, "rectification_requirements", "rectification_due"], {
        "rectification_due": ev.rectification_due.isoformat()}


def _day_after(date: datetime.date) -> str:
    return date_format(date + datetime.timedelta(days=1), "DATE_FORMAT")


def ensure_report_in_or_overdue(ev: MonitoringEvaluation) -> None:
    """A check of ``fail``: an open evaluation is failed without its report only once the report is
    overdue (Art. 15); from the day after ``report_due``. Reads only."""
    ensure(ev.status != E.OPEN or ev.report_due < timezone.localdate(),
           _("The report is due by %(due)s: without it, the evaluation can be recorded as not passed from "
             "%(from)s (Art. 15).") % {"due": date_format(ev.report_due, "DATE_FORMAT"),
                                      "from": _day_after(ev.report_due)}, article="Art. 15")


def _submit_rectification(ev: MonitoringEvaluation, actor: Any, data: Any) -> Any:
    ensure(ev.title.status == TitleStatus.ACTIVE, _("The title is no longer active."), article="Art. 15")
    ev.rectification_summary = _required(data, "rectification_summary", _("Say what was rectified and how."))
    evidence = store_evidence(data.get("evidence"), actor=actor)
    ensure(evidence is not None, _("Attach the rectification's evidence (PDF, JPEG or PNG)."))
    assert evidence is not None
    ev.rectification_evidence, ev.rectified_by, ev.rectified_at = evidence, actor, timezone.now()
    return ["rectification_summary", "rectification_evidence", "rectified_by", "rectified_at"], {
        "evidence": evidence.sha256}


def _reconclude(ev: MonitoringEvaluation, actor: Any, data: Any, *, reasons_required: bool) -> Any:
    reasons = (data.get("reasons") or "").strip()
    if reasons_required:
        ensure(bool(reasons), _("Give the reasons of the re-evaluation; the enterprise will read them."),
               article="Art. 15")
    data["reason"] = reasons
    ev.reevaluated_by, ev.reevaluated_at = actor, timezone.now()
    ev.reevaluation_reasons, ev.reevaluation_document = reasons, _miit_document(ev, data)
    return ["reevaluated_by", "reevaluated_at", "reevaluation_reasons", "reevaluation_document"], {}


def ensure_rectified_or_overdue(ev: MonitoringEvaluation) -> None:
    """A check of ``fail_reevaluation``: an evaluation under rectification fails without the
    rectification only once it is overdue (Art. 15 (3)); from the day after ``rectification_due``. Reads only."""
    if ev.status != E.RECTIFYING:
        return
    due = ev.rectification_due
    ensure(due is not None and due < timezone.localdate(),
           _("The rectification is due by %(due)s: without it, the evaluation can be recorded as failed from "
             "%(from)s (Art. 15).") % {"due": date_format(due, "DATE_FORMAT") if due else "—",
                                      "from": _day_after(due) if due else "—"}, article="Art. 15")


def _close(ev: MonitoringEvaluation, actor: Any, data: Any) -> Any:
    ev.closed_reason = _required(data, "reason", _("Say why the evaluation is closed without a conclusion."))
    return ["closed_reason"], {}


EVALUATION.declare(
    Transition(name="submit_report", sources=frozenset({E.OPEN}), target=E.REPORTED,
               permission="titles.report_on_evaluation", verb="titles.evaluation_reported", effect=_submit_report,
               article="Art. 14"),
    Transition(name="pass", sources=frozenset({E.REPORTED}), target=E.PASSED, permission="titles.evaluate",
               verb="titles.evaluation_passed", effect=_pass),
    Transition(name="fail", sources=frozenset({E.OPEN, E.REPORTED}), target=E.RECTIFYING,
               permission="titles.evaluate", verb="titles.evaluation_failed", effect=_fail,
               checks=(ensure_report_in_or_overdue,), article="Art. 15"),
    Transition(name="submit_rectification", sources=frozenset({E.RECTIFYING}), target=E.RECTIFIED,
               permission="titles.report_on_evaluation", verb="titles.rectification_submitted",
               effect=_submit_rectification, article="Art. 15"),
    Transition(name="pass_reevaluation", sources=frozenset({E.RECTIFIED}), target=E.PASSED,
               permission="titles.evaluate", verb="titles.reevaluation_passed",
               effect=lambda ev, actor, data: _reconclude(ev, actor, data, reasons_required=False)),
    Transition(name="fail_reevaluation", sources=frozenset({E.RECTIFYING, E.RECTIFIED}), target=E.FAILED,
               permission="titles.evaluate", verb="titles.reevaluation_failed",
               effect=lambda ev, actor, data: _reconclude(ev, actor, data, reasons_required=True),
               checks=(ensure_rectified_or_overdue,), article="Art. 15"),
    Transition(name="close", sources=EVALUATION_OPEN_STATUSES, target=E.CLOSED, permission="titles.evaluate",
               verb="titles.evaluation_closed", effect=_close),
)


# --- services -------------------------------------------------------------------------------------

def authority_of(title: Title) -> str:
    return title.tier.authority


@transaction.atomic
def perform(evaluation: MonitoringEvaluation, name: str, *, actor: Any, data: Any = None) -> MonitoringEvaluation:
    """Run step ``name``; a fail after rectification also opens the revocation case on Art. 15 (3)
    (its statement deadline is ``data["statement_due"]``), in the same transaction."""
    data = dict(data or {})
    evaluation = EVALUATION.perform(evaluation, name, actor=actor, data=data)
    if name == "fail_reevaluation":
        from .revocation import open_case_for_failed_evaluation

        open_case_for_failed_evaluation(evaluation, actor=actor, statement_due=data.get("statement_due"),
                                        facts=evaluation.reevaluation_reasons)
    return evaluation


def titles_to_evaluate(actor: Any, *, tier: Any, year: Any = None, city: Any = None, title: Any = None) -> Any:
    """The active titles an evaluation opened by ``actor`` would cover: one title, or those of a tier
    (and a year, and a city), within the actor's authority (a city bureau: its own basic titles)."""
    from .selectors import titles_visible_to

    qs = titles_visible_to(actor).filter(status=TitleStatus.ACTIVE).select_related("tier", "enterprise__city")
    if title is not None:
        return qs.filter(pk=title.pk)
    qs = qs.filter(tier=tier)
    if year:
        qs = qs.filter(year=year)
    if city is not None:
        qs = qs.filter(enterprise__city=city)
    return qs


@transaction.atomic
def open_evaluations(*, actor: Any, titles: Any, period_year: int, report_due: datetime.date, requirements: str,
                     basis: str = "") -> dict[str, Any]:
    """Open one evaluation per title in ``titles`` that has none under way.

    Before: the actor is the authority of every title's tier (``titles.open_evaluation``); the report
    deadline is after today; what the report must cover is said; for excellence and leading titles,
    MIIT's request (``basis``) is named. After: the evaluations (sharing one ``batch``), one audit row
    each, and one outbox message that tells each enterprise. Returns {"batch", "opened", "skipped"}.
    """
    titles = list(titles)
    ensure(bool(titles), _("No active title matches: nothing to evaluate."))
    _future_date(report_due, _("The report deadline"))
    requirements = (requirements or "").strip()
    ensure(bool(requirements), _("Say what the monitoring report must cover."))
    basis = (basis or "").strip()
    refused = [t for t in titles if not rules.has_perm("titles.open_evaluation", actor, t)]
    ensure(not refused, _("You may not evaluate %(title)s: its tier is evaluated by another authority.")
           % {"title": refused[0] if refused else ""}, article="Art. 11-13")
    ensure(basis or all(t.tier.authority != Authority.MIIT for t in titles),
           _("Excellence and leading titles are evaluated as MIIT requires: name MIIT's notice or request."),
           article="Art. 13")
    busy = set(MonitoringEvaluation.objects.filter(title__in=titles, status__in=EVALUATION_OPEN_STATUSES)
               .values_list("title_id", flat=True))
    fresh = [t for t in titles if t.pk not in busy]
    batch = MonitoringEvaluation._meta.get_field("batch").default()
    now = timezone.now()
    evaluations = MonitoringEvaluation.objects.bulk_create([
        MonitoringEvaluation(title=t, batch=batch, authority=authority_of(t), period_year=period_year,
                             requirements=requirements, basis=basis, report_due=report_due, opened_by=actor,
                             opened_at=now)
        for t in fresh
    ], batch_size=500)
    content_type = ContentType.objects.get_for_model(MonitoringEvaluation)
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=actor, verb="titles.evaluation_opened", content_type=content_type, object_id=str(ev.pk),
                   object_repr=str(ev)[:200], before=None,
                   after={"status": E.OPEN, "title": ev.title_id, "report_due": report_due.isoformat(),
                          "batch": str(batch), "basis": basis},
                   message=requirements)
        for ev in evaluations
    ], batch_size=500)
    if evaluations:
        from .tasks import notify_evaluation_batch

        outbox.schedule(notify_evaluation_batch, str(batch))
    return {"batch": batch, "opened": len(evaluations), "skipped": len(titles) - len(fresh)}


def close_open_evaluations(title: Title, *, actor: Any, reason: str) -> int:
    """Close the title's evaluations under way (it was revoked or superseded); returns how many."""
    closed = 0
    for ev in MonitoringEvaluation.objects.filter(title=title, status__in=EVALUATION_OPEN_STATUSES):
        EVALUATION.perform(ev, "close", actor=actor, data={"reason": reason})
        closed += 1
    return closed


def evaluations_visible_to(user: Any) -> Any:
    """The evaluations ``user`` may see: the province all, a city official its city's, an enterprise its own."""
    from .selectors import scope_to_reader

    return scope_to_reader(MonitoringEvaluation.objects.select_related("title__tier", "title__enterprise__city"),
                           user, enterprise="title__enterprise")


def decided_by(user: Any, *, enterprise_path: str) -> Q:
    """The rows whose ``authority`` is ``user``'s: a city official's are its city's basic titles; the
    province's are the others (it records MIIT's for excellence and leading). No rows for anyone else."""
    from portal.accounts.constants import Role
    from portal.accounts.permissions import is_provincial_staff

    if is_provincial_staff(user):
        return ~Q(authority=Authority.CITY)
    if getattr(user, "role", None) == Role.CITY_OFFICIAL and user.city_id:
        return Q(authority=Authority.CITY, **{f"{enterprise_path}__city_id": user.city_id})
    return Q(pk__in=[])


def evaluations_to_handle(user: Any) -> dict[str, Any]:
    """For the authority's landing page: reports and rectifications waiting for its conclusion, and
    evaluations whose enterprise is past its deadline."""
    today = timezone.localdate()
    mine = MonitoringEvaluation.objects.filter(decided_by(user, enterprise_path="title__enterprise"))
    waiting = mine.filter(status__in=[E.REPORTED, E.RECTIFIED])
    overdue = mine.filter(Q(status=E.OPEN, report_due__lt=today) | Q(status=E.RECTIFYING, rectification_due__lt=today))
    return {"evaluations_waiting": waiting.count(), "evaluations_overdue": overdue.count(),
            "overdue": list(overdue.select_related("title__tier", "title__enterprise").order_by("report_due")[:5])}
