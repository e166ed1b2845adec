"""Revocation of titles (撤销称号, Art. 15) as a case, decided by the authority of their tier.

::

    statement_period ─submit_statement (the enterprise, before the deadline)─▶ awaiting_decision
    statement_period (the deadline passed) | awaiting_decision
        ─revoke (city bureau, province) | record_miit_revocation (province, with MIIT's document)─▶ revoked
        ─dismiss─▶ dismissed
    revoked ─overturn (administrative review, court, self-correction)─▶ overturned
    revoked | overturned, city cases ─acknowledge_filing (the province)─▶ (same state)

Grounds (1), (2), (4), (5) concern the enterprise: ``open_cases`` covers all its active titles, one
case per deciding authority (the city bureau for basic titles, the province for advanced and
scenario awards, MIIT — recorded by the province — for excellence and leading), sharing ``group``.
Ground (3) concerns one title and rests on its evaluation that failed after rectification
(``open_case_for_failed_evaluation``). On ground (2) the enterprise no longer exists: there is no
statement period. A city's decision is filed with the province.

Deciding to revoke, in one transaction: each covered title that is still active is revoked
(``lifecycles.TITLE``'s ``revoke``) and its certificate verifies as revoked; its evaluations under way
are closed; in-flight applications that needed it as their prerequisite (Art. 12, 13) stop with the
reason (``applications.stopping``, which listens to the title's revocation). Overturning restores the titles and certificates; the history keeps both. Nothing is deleted.
"""
import datetime
from typing import Any

import rules
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.calendar.working_days import working_days_after
from portal.errors import ensure
from portal.lifecycle import Lifecycle, Transition, register
from tiers.constants import Authority

from . import permissions  # noqa: F401 - registers the permissions the table asks for
from .certificates import current_certificate, mark_revoked
from .constants import (
    CASE_OPEN_STATUSES,
    GROUNDS_WITHOUT_STATEMENT,
    TITLE_GROUNDS,
    CaseStatus,
    EvaluationStatus,
    OverturnBasis,
    RevocationGround,
    TitleStatus,
    Validity,
)
from .evidence import store_evidence
from .lifecycles import CERTIFICATE, TITLE
from .models import MonitoringEvaluation, RevocationCase, Title
from .monitoring import close_open_evaluations, decided_by

C = CaseStatus
# The statement period (陈述申辩) lasts at least this many working days after the day the case opens.
MIN_STATEMENT_DAYS = 5

CASE = register(Lifecycle("revocation_case", RevocationCase, states=CaseStatus, noun=gettext_lazy("revocation case"),
                          select_related=("enterprise__city",)))


@transaction.atomic
def revoke_title(title: Any, *, ground: str, note: str, revoked_on: Any, actor: Any) -> Any:
    """Revoke one title on an Art. 15 ground and mark its certificate revoked: the step a case's decision
    takes for each title it covers (``decide``).

    Before: ``actor`` is the authority of the title's tier (``titles.revoke_title``); the title is
    active; the date is not before the recognition nor in the future. After: status revoked with the
    date, ground and note, audited as ``tiers.title_revoked``; the current certificate verifies as
    revoked from that date. Returns the title.
    """
    title = TITLE.perform(title, "revoke", actor=actor, data={"ground": ground, "note": note, "revoked_on": revoked_on})
    mark_revoked(title, actor=actor)
    return title


# --- the rules of each step ---------------------------------------------------------------------

def _text(data: Any, key: str, message: str, article: str = "Art. 15") -> str:
    value = (data.get(key) or "").strip()
    ensure(bool(value), message, article=article)
    return value


def ensure_decision_ready(case: RevocationCase) -> None:
    """A check of a revocation: it waits for the enterprise's statement or the end of its statement period
    (Art. 15); possible from the day after ``statement_due``. Reads only."""
    due = case.statement_due
    ensure(case.status == C.AWAITING_DECISION or case.statement_period_over,
           _("The enterprise may state its case until %(due)s: without its statement, the titles can be revoked "
             "from %(from)s (Art. 15).") % {
               "due": date_format(due, "DATE_FORMAT") if due else "—",
               "from": date_format(due + datetime.timedelta(days=1), "DATE_FORMAT") if due else "—"},
           article="Art. 15")


def ensure_statement_period_open(case: RevocationCase) -> None:
    """A check of the statement (陈述申辩): before the deadline. Reads only."""
    ensure(not case.statement_period_over, _("The statement period ended on %(date)s.")
           % {"date": date_format(case.statement_due, "DATE_FORMAT") if case.statement_due else "—"},
           article="Art. 15")


def _not_miit(case: RevocationCase) -> bool:
    return case.authority != Authority.MIIT


def _miit(case: RevocationCase) -> bool:
    return case.authority == Authority.MIIT


def _submit_statement(case: RevocationCase, actor: Any, data: Any) -> Any:
    """陈述申辩: the enterprise's written statement, before the deadline (``ensure_statement_period_open``)."""
    case.statement = _text(data, "statement", _("Write your statement."))
    case.statement_evidence = data.get("statement_evidence") or store_evidence(data.get("evidence"), actor=actor)
    case.stated_by, case.stated_at = actor, timezone.now()
    data["note"] = case.statement
    return ["statement", "statement_evidence", "stated_by", "stated_at"], {}


def _miit_document(case: RevocationCase, data: Any) -> list[str]:
    if case.authority != Authority.MIIT:
        return []
    number = (data.get("miit_document_number") or "").strip()
    on = data.get("miit_document_date")
    ensure(bool(number) and isinstance(on, datetime.date) and on <= timezone.localdate(),
           _("Excellence and leading titles are revoked by MIIT: record the number and date of MIIT's decision. "
             "The provincial department does not decide alone."), article="Art. 13, 15")
    case.miit_document_number, case.miit_document_date = number, on
    return ["miit_document_number", "miit_document_date"]


def _record_decision(case: RevocationCase, actor: Any, data: Any) -> list[str]:
    case.decision_reasons = _text(data, "reasons", _("Give the reasons of the decision; the enterprise will read them."))
    data["reason"] = case.decision_reasons
    case.decided_by, case.decided_at = actor, timezone.now()
    fields = ["decision_reasons", "decided_by", "decided_at", *_miit_document(case, data)]
    if case.authority == Authority.CITY:
        case.filed_at, case.filing_acknowledged_by, case.filing_acknowledged_at = case.decided_at, None, None
        fields += ["filed_at", "filing_acknowledged_by", "filing_acknowledged_at"]
    return fields


def _revoke(case: RevocationCase, actor: Any, data: Any) -> Any:
    """Revoke every covered title that is still active, with the cascade (module docstring)."""
    on = data.get("decided_on") or timezone.localdate()
    active = list(case.titles.filter(status=TitleStatus.ACTIVE).select_related("tier", "enterprise__city"))
    ensure(bool(active), _("No title of this case is active any more: dismiss the case instead."), article="Art. 15")
    if case.ground in TITLE_GROUNDS:
        ensure(case.evaluation is not None and case.evaluation.status == EvaluationStatus.FAILED,
               _("Ground (3) needs an operation monitoring evaluation failed after rectification on record."),
               article="Art. 15 (3)")
    fields = _record_decision(case, actor, data)
    case.decided_on = on
    note = _("Revocation case #%(case)d: %(reasons)s") % {"case": case.pk, "reasons": case.decision_reasons}
    if case.miit_document_number:
        note += _(" (MIIT document %(number)s)") % {"number": case.miit_document_number}
    for title in active:
        revoke_title(title, ground=case.ground, note=note, revoked_on=on, actor=actor)
        close_open_evaluations(title, actor=actor, reason=_("The title was revoked (revocation case #%(case)d).")
                               % {"case": case.pk})
    return [*fields, "decided_on"], {"revoked_titles": [t.pk for t in active], "decided_on": on.isoformat()}


def _dismiss(case: RevocationCase, actor: Any, data: Any) -> Any:
    fields = _record_decision(case, actor, data)
    if case.authority == Authority.CITY:  # only a revocation is filed with the province
        case.filed_at = None
    case.decided_on = timezone.localdate()
    return [*fields, "decided_on"], {}


def _overturn(case: RevocationCase, actor: Any, data: Any) -> Any:
    """The revocation was overturned: the titles it revoked are active again, their certificates valid."""
    basis = data.get("basis")
    ensure(basis in OverturnBasis.values, _("Say what overturned the revocation."))
    case.overturn_basis = basis
    case.overturn_document = _text(data, "document", _("Give the decision or judgment that overturned it."))
    case.overturn_reasons = _text(data, "reasons", _("Say what it found."))
    data["reason"] = case.overturn_reasons
    case.overturned_by, case.overturned_at = actor, timezone.now()
    fields = ["overturn_basis", "overturn_document", "overturn_reasons", "overturned_by", "overturned_at"]
    if case.authority == Authority.CITY:
        case.filed_at, case.filing_acknowledged_by, case.filing_acknowledged_at = case.overturned_at, None, None
        fields += ["filed_at", "filing_acknowledged_by", "filing_acknowledged_at"]
    return fields, {}


def _acknowledge(case: RevocationCase, actor: Any, data: Any) -> Any:
    case.filing_acknowledged_by, case.filing_acknowledged_at = actor, timezone.now()
    return ["filing_acknowledged_by", "filing_acknowledged_at"], {}


def _filed_unacknowledged(case: RevocationCase) -> bool:
    return case.authority == Authority.CITY and case.filed_at is not None and case.filing_acknowledged_at is None


DECIDABLE = frozenset({C.STATEMENT_PERIOD, C.AWAITING_DECISION})

CASE.declare(
    Transition(name="submit_statement", sources=frozenset({C.STATEMENT_PERIOD}), target=C.AWAITING_DECISION,
               permission="titles.state_case", verb="titles.case_statement_submitted", effect=_submit_statement,
               checks=(ensure_statement_period_open,), article="Art. 15"),
    Transition(name="revoke", sources=DECIDABLE, target=C.REVOKED, permission="titles.decide_revocation_case",
               verb="titles.case_revoked", effect=_revoke, guard=_not_miit, checks=(ensure_decision_ready,),
               article="Art. 15"),
    Transition(name="record_miit_revocation", sources=DECIDABLE, target=C.REVOKED,
               permission="titles.decide_revocation_case", verb="titles.case_miit_revoked", effect=_revoke,
               guard=_miit, checks=(ensure_decision_ready,), article="Art. 13, 15"),
    Transition(name="dismiss", sources=DECIDABLE, target=C.DISMISSED, permission="titles.decide_revocation_case",
               verb="titles.case_dismissed", effect=_dismiss, article="Art. 15"),
    Transition(name="overturn", sources=frozenset({C.REVOKED}), target=C.OVERTURNED,
               permission="titles.decide_revocation_case", verb="titles.case_overturned", effect=_overturn),
    Transition(name="acknowledge_filing", sources=frozenset({C.REVOKED, C.OVERTURNED}), target=None,
               permission="titles.acknowledge_revocation_filing", verb="titles.case_filing_acknowledged",
               effect=_acknowledge, guard=_filed_unacknowledged, article="Art. 11"),
)


# --- services -------------------------------------------------------------------------------------

@transaction.atomic
def perform(case: RevocationCase, name: str, *, actor: Any, data: Any = None) -> RevocationCase:
    """Run step ``name``. A statement covers every case of the group still in its statement period;
    an overturn then restores the titles this case revoked."""
    data = dict(data or {})
    if name == "submit_statement":
        siblings = RevocationCase.objects.filter(group=case.group, status=C.STATEMENT_PERIOD).exclude(pk=case.pk)
        case = CASE.perform(case, name, actor=actor, data=data)
        for sibling in siblings:
            CASE.perform(sibling, name, actor=actor, data={**data, "evidence": None,
                                                            "statement_evidence": case.statement_evidence})
        return case
    case = CASE.perform(case, name, actor=actor, data=data)
    if name == "overturn":
        _restore_titles(case, actor=actor)
    return case


def _restore_titles(case: RevocationCase, *, actor: Any) -> None:
    from portal.models import AuditEntry

    revoked_here = set()
    entry = (AuditEntry.objects.filter(verb__in=["titles.case_revoked", "titles.case_miit_revoked"],
                                       object_id=str(case.pk), content_type__model="revocationcase")
             .order_by("-created_at").first())
    if entry is not None:
        revoked_here = set((entry.after or {}).get("revoked_titles") or [])
    for title in case.titles.filter(pk__in=revoked_here, status=TitleStatus.REVOKED):
        TITLE.perform(title, "restore", actor=actor, data={"case": case, "note": case.overturn_reasons})
        certificate = current_certificate(title)
        if certificate is not None and certificate.validity == Validity.REVOKED:
            CERTIFICATE.perform(certificate, "restore", actor=actor, data={"note": case.overturn_reasons})


def covered_titles(enterprise: Any, only: Any = None) -> dict[str, list[Title]]:
    """{authority: the enterprise's active titles it decides on}, for a case on an enterprise's ground;
    with ``only``, just those of the titles ``only`` names."""
    by_authority: dict[str, list[Title]] = {}
    titles = Title.objects.filter(enterprise=enterprise, status=TitleStatus.ACTIVE)
    if only is not None:
        titles = titles.filter(pk__in=[getattr(t, "pk", t) for t in only])
    for title in titles.select_related("tier").order_by("tier__order", "pk"):
        by_authority.setdefault(title.tier.authority, []).append(title)
    return by_authority


def earliest_statement_due(opened_on: datetime.date) -> datetime.date:
    """The earliest deadline of a statement period opened on ``opened_on``: the ``MIN_STATEMENT_DAYS``-th
    working day after it, on the working-day calendar (refused when that reaches a year not loaded)."""
    return working_days_after(opened_on, MIN_STATEMENT_DAYS)


def ensure_statement_long_enough(statement_due: Any) -> None:
    """A statement period opened today runs at least ``MIN_STATEMENT_DAYS`` working days (Art. 15);
    refused with the earliest deadline. Reads only (but for loading a year the package knows)."""
    earliest = earliest_statement_due(timezone.localdate())
    ensure(isinstance(statement_due, datetime.date) and statement_due >= earliest,
           _("Give the enterprise at least %(days)d working days to state its case (until %(date)s or later).")
           % {"days": MIN_STATEMENT_DAYS, "date": earliest.isoformat()}, article="Art. 15")


def _statement_due(ground: str, statement_due: Any) -> Any:
    if ground in GROUNDS_WITHOUT_STATEMENT:
        return None
    ensure_statement_long_enough(statement_due)
    return statement_due


def _create_case(*, enterprise: Any, authority: str, ground: str, titles: list[Title], facts: str, evidence: Any,
                 statement_due: Any, actor: Any, group: Any, evaluation: Any = None) -> RevocationCase:
    from portal.audit import audit

    case = RevocationCase(enterprise=enterprise, authority=authority, ground=ground, facts=facts, evidence=evidence,
                          statement_due=statement_due, opened_by=actor, evaluation=evaluation,
                          status=C.AWAITING_DECISION if statement_due is None else C.STATEMENT_PERIOD)
    if group is not None:
        case.group = group
    case.save()
    case.titles.set(titles)
    entry = audit(actor, "titles.case_opened", case, after={
        "status": case.status, "ground": ground, "authority": authority, "titles": [t.pk for t in titles],
        "statement_due": statement_due.isoformat() if statement_due else None,
        "evaluation": evaluation.pk if evaluation else None}, message=facts)
    CASE.transitioned.send(sender=RevocationCase, instance=case, transition=None, actor=actor, audit_entry=entry,
                           data={})
    return case


@transaction.atomic
def open_cases(*, enterprise: Any, ground: str, facts: str, evidence: Any = None, statement_due: Any = None,
               actor: Any, titles: Any = None) -> list[RevocationCase]:
    """Open the case(s) on one of the enterprise's grounds of Art. 15 ((1), (2), (4) or (5)).

    Before: the actor is the bureau of the enterprise's city or the province; the enterprise holds
    an active title; the facts are said; the statement deadline is at least five working days away (none on
    ground (2)). After: one case per authority deciding on its active titles, sharing a group, each
    audited and told to the enterprise. Ground (3) is opened from a failed evaluation instead. With
    ``titles``, the cases cover only those of its active titles (the daily screening's titles not yet screened).
    """
    ensure(ground in RevocationGround.values, _("Choose the ground of Art. 15 the case rests on."), article="Art. 15")
    ensure(ground not in TITLE_GROUNDS,
           _("Ground (3) concerns one title and is opened from its evaluation that failed after rectification."),
           article="Art. 15 (3)")
    ensure(rules.has_perm("titles.open_revocation_case", actor, enterprise),
           _("Only the bureau of the enterprise's city or the provincial department opens a revocation case."),
           article="Art. 15")
    facts = _text({"facts": facts}, "facts", _("State the facts the case rests on."))
    by_authority = covered_titles(enterprise, only=titles)
    ensure(bool(by_authority), _("The enterprise holds no active title."), article="Art. 15")
    due = _statement_due(ground, statement_due)
    stored = store_evidence(evidence, actor=actor)
    group = RevocationCase._meta.get_field("group").default()
    return [_create_case(enterprise=enterprise, authority=authority, ground=ground, titles=titles, facts=facts,
                         evidence=stored, statement_due=due, actor=actor, group=group)
            for authority, titles in by_authority.items()]


def join_open_cases(title: Title, *, group: Any, actor: Any) -> RevocationCase | None:
    """A title granted while its enterprise's cases of ``group`` (an enterprise's ground) are still open joins
    them: the open case of the authority deciding on its tier, else a new case of that authority in the group,
    on the same ground and facts, with at least ``MIN_STATEMENT_DAYS`` working days to state it (as ``open_cases``). Each
    step audited (``titles.case_title_joined`` or ``titles.case_opened``). None when no case of the group is
    open any more (the title is then for whoever opens the next case). Call it in the grant's transaction."""
    from portal.audit import audit

    cases = list(RevocationCase.objects.select_for_update().filter(group=group, status__in=CASE_OPEN_STATUSES)
                 .order_by("pk"))
    if not cases:
        return None
    authority = title.tier.authority
    for case in cases:
        if case.authority == authority:
            if not case.titles.filter(pk=title.pk).exists():
                case.titles.add(title)
                audit(actor, "titles.case_title_joined", case, after={"title": title.pk}, message="Art. 15")
            return case
    model = cases[0]
    due = model.statement_due
    if due is not None:
        due = max(due, earliest_statement_due(timezone.localdate()))
    return _create_case(enterprise=title.enterprise, authority=authority, ground=model.ground, titles=[title],
                        facts=model.facts, evidence=model.evidence, statement_due=due, actor=actor, group=group)


def open_case_for_failed_evaluation(evaluation: MonitoringEvaluation, *, actor: Any, statement_due: Any,
                                    facts: str = "", evidence: Any = None) -> RevocationCase:
    """Ground (3): the case on the evaluated title, which failed again after rectification."""
    ensure(evaluation.status == EvaluationStatus.FAILED,
           _("Ground (3) needs an operation monitoring evaluation failed after rectification on record."),
           article="Art. 15 (3)")
    ensure(not evaluation.revocation_cases.filter(status__in=DECIDABLE).exists(),
           _("A revocation case on this evaluation is already open."))
    ensure(rules.has_perm("titles.evaluate", actor, evaluation),
           _("Only the authority that evaluated the title opens its case."), article="Art. 15 (3)")
    title = evaluation.title
    ensure(title.status == TitleStatus.ACTIVE, _("The title is no longer active."))
    facts = (facts or "").strip() or evaluation.reevaluation_reasons
    ensure(bool(facts), _("State the facts the case rests on."))
    return _create_case(enterprise=title.enterprise, authority=evaluation.authority,
                        ground=RevocationGround.FAILED_MONITORING, titles=[title], facts=facts,
                        evidence=store_evidence(evidence, actor=actor),
                        statement_due=_statement_due(RevocationGround.FAILED_MONITORING, statement_due),
                        actor=actor, group=None, evaluation=evaluation)


def cases_visible_to(user: Any) -> Any:
    """The cases ``user`` may see: the province all, a city official its city's, an enterprise its own."""
    from .selectors import scope_to_reader

    return scope_to_reader(RevocationCase.objects.select_related("enterprise__city"), user)


def cases_to_handle(user: Any) -> dict[str, Any]:
    """For the authority's landing page: cases it may decide now (the statement received, or its
    period over), and — for the province — MIIT's cases ready for MIIT's decision to be recorded and the
    cities' revocations to acknowledge."""
    today = timezone.localdate()
    mine = RevocationCase.objects.filter(decided_by(user, enterprise_path="enterprise"))
    ready = mine.filter(Q(status=C.AWAITING_DECISION) | Q(status=C.STATEMENT_PERIOD, statement_due__lt=today))
    filings = RevocationCase.objects.none()
    if rules.has_perm("titles.acknowledge_revocation_filing", user):
        filings = RevocationCase.objects.filter(authority=Authority.CITY, filed_at__isnull=False,
                                                filing_acknowledged_at__isnull=True)
    # MIIT decides its titles' cases (Art. 13, 15): the province records MIIT's document, it does not
    # decide them, so they are listed apart from the cases it can decide.
    for_miit, ready = ready.filter(authority=Authority.MIIT), ready.exclude(authority=Authority.MIIT)
    return {"cases_ready": ready.count(), "cases_in_statement": mine.filter(status=C.STATEMENT_PERIOD,
                                                                             statement_due__gte=today).count(),
            "filings_to_acknowledge": filings.count(),
            "ready": list(ready.select_related("enterprise").order_by("opened_at")[:5]),
            "cases_for_miit": for_miit.count(),
            "miit_ready": list(for_miit.select_related("enterprise").order_by("opened_at")[:5])}
