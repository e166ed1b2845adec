"""Renames and restructurings of recognized enterprises (更名、重组, Art. 16), as a declared table of steps.

Routes, by the authority that recognized the title (``Tier.authority``):

=========  ===============================  ================================================================
route      titles                           steps
=========  ===============================  ================================================================
city       basic                            submitted → city_approved (decided by the city bureau and filed
                                            with the province, which acknowledges the filing) | rejected
province   advanced, excellent scenarios    submitted → city_forwarded → approved | rejected (by the province);
                                            the city may also reject
miit       excellence, leading              submitted → city_forwarded → approved when the province records
                                            MIIT's approval document (number and date) | rejected
=========  ===============================  ================================================================

An enterprise's submission that covers titles of several routes becomes one request per route (they
share ``group`` and the evidence), because each route has its own decider.

On approval, in one transaction: the enterprise's name (and, for a restructuring, its credit code) is
updated; each covered title that is still active is superseded by a NEW title with the new name (same
tier, year and recognition date, source "rename of #<id>"), and its certificate is reissued by
``review.certificates.reissue_for_rename`` so the old one verifies as superseded by the new number.
Nothing is deleted. Each step is one transaction with its audit rows; ``perform`` is the only place
that writes ``RenameRequest.status``.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.errors import ActionRefused, ensure
from portal.lifecycle import Lifecycle, Transition, register

from . import permissions  # noqa: F401 - registers the permissions the table asks for
from .constants import ROUTE_FOR_AUTHORITY, RenameKind, RenameRoute, RenameStatus, TitleStatus
from .grants import grant_title
from .models import RenameRequest, Title

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "tiers.enterprise_renamed": gettext_lazy("Enterprise renamed (Art. 16)"),
})

S = RenameStatus
ALL_ROUTES = frozenset(RenameRoute.values)


# --- the table ---------------------------------------------------------------------------------

RENAME = register(
    Lifecycle(
        "rename_request",
        RenameRequest,
        states=RenameStatus,
        noun=gettext_lazy("rename request"),
        select_related=("enterprise__city",),
    )
)


def _on_route(*routes: Any) -> Any:
    return lambda request: request.route in routes


def _record_decision(request: Any, actor: Any, data: Any, *, by: Any) -> Any:
    """Who decided, when, and the note or reason the enterprise reads; a rejection needs its reason."""
    note = (data.get("note") or data.get("reason") or "").strip()
    if data.get("reason_required"):
        ensure(bool(note), _("Give the reason for the rejection; the enterprise will read it."))
    now = timezone.now()
    if by == "city":
        request.city_decided_by, request.city_decided_at, request.city_note = actor, now, note
        return ["city_decided_by", "city_decided_at", "city_note"], now
    request.province_decided_by, request.province_decided_at, request.province_note = actor, now, note
    return ["province_decided_by", "province_decided_at", "province_note"], now


def _city_approve(request: Any, actor: Any, data: Any) -> Any:
    """Basic titles (Art. 16): the city decides and files its decision with the province; the rename
    is carried out at once."""
    fields, now = _record_decision(request, actor, data, by="city")
    request.filed_at = now
    _carry_out(request, actor=actor)
    return [*fields, "filed_at"], {"filed_at": now.isoformat(), **_request_state(request)}


def _city_forward(request: Any, actor: Any, data: Any) -> Any:
    fields, _now = _record_decision(request, actor, data, by="city")
    return fields, {}


def _reject(by: Any) -> Any:
    def effect(request: Any, actor: Any, data: Any) -> Any:
        fields, _now = _record_decision(request, actor, {**data, "reason_required": True}, by=by)
        return fields, {}

    return effect


def _province_approve(request: Any, actor: Any, data: Any) -> Any:
    """Advanced titles and excellent scenarios (Art. 16): the province decides; the rename is carried out."""
    fields, _now = _record_decision(request, actor, data, by="province")
    _carry_out(request, actor=actor)
    return fields, _request_state(request)


def _record_miit_approval(request: Any, actor: Any, data: Any) -> Any:
    """Excellence and leading (Art. 16, per MIIT): the province records MIIT's approval document."""
    number = (data.get("document_number") or "").strip()
    date = data.get("document_date")
    ensure(
        bool(number) and date is not None,
        _("Record the number and date of MIIT's approval document."),
        article="Art. 16",
    )
    ensure(date <= timezone.localdate(), _("The date of MIIT's document cannot be in the future."))
    fields, _now = _record_decision(request, actor, data, by="province")
    request.miit_document_number, request.miit_document_date = number, date
    _carry_out(request, actor=actor)
    return [*fields, "miit_document_number", "miit_document_date"], {
        "miit_document": {"number": number, "date": date.isoformat()},
        **_request_state(request),
    }


def _acknowledge_filing(request: Any, actor: Any, data: Any) -> Any:
    """The province acknowledges the city's filing of a basic rename (Art. 16); the status stays."""
    request.filing_acknowledged_by, request.filing_acknowledged_at = actor, timezone.now()
    return ["filing_acknowledged_by", "filing_acknowledged_at"], {
        "filing_acknowledged_at": request.filing_acknowledged_at.isoformat()
    }


RENAME.declare(
    Transition(
        name="city_approve",
        sources=frozenset({S.SUBMITTED}),
        target=S.CITY_APPROVED,
        permission="titles.city_decide_rename",
        verb="tiers.rename_city_approved",
        effect=_city_approve,
        guard=_on_route(RenameRoute.CITY),
        article="Art. 16",
    ),
    Transition(
        name="city_forward",
        sources=frozenset({S.SUBMITTED}),
        target=S.CITY_FORWARDED,
        permission="titles.city_decide_rename",
        verb="tiers.rename_city_forwarded",
        effect=_city_forward,
        guard=_on_route(RenameRoute.PROVINCE, RenameRoute.MIIT),
        article="Art. 16",
    ),
    Transition(
        name="city_reject",
        sources=frozenset({S.SUBMITTED}),
        target=S.REJECTED,
        permission="titles.city_decide_rename",
        verb="tiers.rename_city_rejected",
        effect=_reject("city"),
        article="Art. 16",
    ),
    Transition(
        name="province_approve",
        sources=frozenset({S.CITY_FORWARDED}),
        target=S.APPROVED,
        permission="titles.province_decide_rename",
        verb="tiers.rename_province_approved",
        effect=_province_approve,
        guard=_on_route(RenameRoute.PROVINCE),
        article="Art. 16",
    ),
    Transition(
        name="record_miit_approval",
        sources=frozenset({S.CITY_FORWARDED}),
        target=S.APPROVED,
        permission="titles.province_decide_rename",
        verb="tiers.rename_miit_approval_recorded",
        effect=_record_miit_approval,
        guard=_on_route(RenameRoute.MIIT),
        article="Art. 16",
    ),
    Transition(
        name="province_reject",
        sources=frozenset({S.CITY_FORWARDED}),
        target=S.REJECTED,
        permission="titles.province_decide_rename",
        verb="tiers.rename_province_rejected",
        effect=_reject("province"),
        guard=_on_route(RenameRoute.PROVINCE, RenameRoute.MIIT),
        article="Art. 16",
    ),
    Transition(
        name="acknowledge_filing",
        sources=frozenset({S.CITY_APPROVED}),
        target=None,
        permission="titles.province_decide_rename",
        verb="tiers.rename_filing_acknowledged",
        effect=_acknowledge_filing,
        guard=lambda r: r.route == RenameRoute.CITY and r.filing_acknowledged_at is None,
        article="Art. 16",
    ),
)


def route_for(title: Title) -> RenameRoute:
    return ROUTE_FOR_AUTHORITY[title.tier.authority]


# --- submission --------------------------------------------------------------------------------


def titles_open_for_rename(enterprise: Any) -> Any:
    """The enterprise's active titles that no open rename request covers yet."""
    busy = RenameRequest.objects.filter(enterprise=enterprise, status__in=[S.SUBMITTED, S.CITY_FORWARDED])
    return (
        Title.objects.filter(enterprise=enterprise, status=TitleStatus.ACTIVE)
        .exclude(rename_requests__in=busy)
        .select_related("tier")
        .order_by("tier__order", "year", "pk")
    )


def check_new_credit_code(enterprise: Any, code: Any) -> None:
    """Raise ActionRefused unless ``code`` may become ``enterprise``'s credit code in a restructuring.

    GB 32100-2015 and Shandong (Art. 5 (1)), with an admin's verified exception excusing only the check
    character; not held by another enterprise; registered in the same city, since a move to another
    city's bureau is not a rename.
    """
    from portal.accounts import credit_code as cc
    from portal.accounts.models import CreditCodeException, Enterprise, city_for_division

    try:
        cc.validate_credit_code(
            code, exception_allowed=CreditCodeException.objects.filter(credit_code=code).exists()
        )
    except ValidationError as exc:
        raise ActionRefused(" ".join(exc.messages), article="Art. 5 (1)") from None
    ensure(
        not Enterprise.objects.filter(credit_code=code).exclude(pk=enterprise.pk).exists(),
        _("Another enterprise in the portal already has the credit code %(code)s.") % {"code": code},
    )
    ensure(
        city_for_division(cc.division_code(code)) == enterprise.city,
        _(
            "The new credit code is registered outside %(city)s; a move to another city is not a rename: "
            "ask the provincial department."
        )
        % {"city": enterprise.city.name},
    )


def _request_state(request: Any) -> Any:
    return {
        "status": request.status,
        "route": request.route,
        "kind": request.kind,
        "new_name": request.new_name,
        "new_credit_code": request.new_credit_code,
        "titles": sorted(request.titles.values_list("pk", flat=True)) if request.pk else [],
    }


@transaction.atomic
def submit_rename_request(
    *,
    enterprise: Any,
    kind: str,
    new_name: str,
    new_credit_code: Any = "",
    reason: str,
    evidence: Any,
    titles: Any,
    actor: Any,
) -> Any:
    """The enterprise asks to carry ``titles`` over to ``new_name`` (and ``new_credit_code``) (Art. 16).

    Before: ``actor`` works for ``enterprise``; the titles are its own, active, and in no open request;
    the name is given; a rename keeps the credit code, a restructuring may change it (checked by
    ``check_new_credit_code``); something changes; a reason; the evidence (the change of the business
    licence) is a real PDF, JPEG or PNG (``applications.uploads.check_upload``). After: one submitted
    request per route of the titles (``RenameRoute``), sharing ``group`` and the stored evidence, each
    audited as ``tiers.rename_requested``. Returns the requests, city route first.
    """
    from portal.accounts import credit_code as cc
    from portal.accounts.constants import Role
    from portal.accounts.models import Enterprise
    from portal.uploads import check_upload

    from .reminders import tell_rename_deciders

    enterprise = (
        Enterprise.objects.select_for_update(of=("self",)).select_related("city").get(pk=enterprise.pk)
    )
    ensure(
        getattr(actor, "role", None) == Role.ENTERPRISE and actor.enterprise_id == enterprise.pk,
        _("Only the enterprise itself can ask to rename its titles."),
        article="Art. 16",
    )
    ensure(kind in RenameKind.values, _("Choose whether this is a rename or a restructuring."))
    new_name = (new_name or "").strip()
    ensure(bool(new_name), _("Give the new name, exactly as on the business licence."))
    new_credit_code = cc.normalize(new_credit_code)
    if new_credit_code == enterprise.credit_code:
        new_credit_code = ""
    ensure(
        kind == RenameKind.RESTRUCTURING or not new_credit_code,
        _("A rename keeps the credit code; choose “restructuring” if the credit code changed."),
        article="Art. 16",
    )
    if new_credit_code:
        check_new_credit_code(enterprise, new_credit_code)
    ensure(
        new_name != enterprise.name or bool(new_credit_code),
        _("The new name is the current name and the credit code is unchanged: nothing would change."),
    )
    reason = (reason or "").strip()
    ensure(
        bool(reason), _("Say what changed and why (e.g. the date and authority of the registration change).")
    )
    ensure(evidence is not None, _("Attach the change of the business licence as evidence."))
    checked = check_upload(evidence)

    wanted = {t.pk for t in titles}
    ensure(bool(wanted), _("Choose at least one title to rename."), article="Art. 16")
    chosen = list(
        Title.objects.select_for_update(of=("self",))
        .select_related("tier")
        .filter(pk__in=wanted, enterprise=enterprise, status=TitleStatus.ACTIVE)
    )
    ensure(len(chosen) == len(wanted), _("Only your own active titles can be renamed."), article="Art. 16")
    open_pks = set(titles_open_for_rename(enterprise).filter(pk__in=wanted).values_list("pk", flat=True))
    ensure(open_pks == wanted, _("A request to rename one of these titles is already under way."))

    by_route: dict[str, list[Title]] = {}
    for title in chosen:
        by_route.setdefault(route_for(title), []).append(title)
    requests: list[RenameRequest] = []
    for route in RenameRoute.values:
        if route not in by_route:
            continue
        request = RenameRequest(
            enterprise=enterprise,
            kind=kind,
            route=route,
            status=S.SUBMITTED,
            old_name=enterprise.name,
            old_credit_code=enterprise.credit_code,
            new_name=new_name,
            new_credit_code=new_credit_code,
            reason=reason,
            evidence_name=evidence.name[:255],
            evidence_type=checked.content_type,
            evidence_size=checked.size,
            evidence_sha256=checked.sha256,
            requested_by=actor,
        )
        if requests:
            request.group = requests[0].group
            request.evidence.name = requests[0].evidence.name  # one stored file, never overwritten
        else:
            request.evidence = evidence
        request.save()
        request.titles.set(by_route[route])
        entry = audit(actor, "tiers.rename_requested", request, after=_request_state(request), message=reason)
        tell_rename_deciders(request, entry)
        requests.append(request)
    return requests


# --- decisions ---------------------------------------------------------------------------------


def perform(request: Any, name: Any, *, actor: Any, data: Any = None) -> Any:
    """Take step ``name`` on rename ``request`` for ``actor`` (``RENAME.perform``); return the request.

    Before: the status and route allow the step and ``actor`` is its decider (the city bureau of the
    enterprise's city, or the provincial department). After, in one transaction: the decision recorded
    (who, when, note or reason, MIIT's document), the new status, one audit row, and for an approval
    the rename carried out (``_carry_out``).
    """
    return RENAME.perform(request, name, actor=actor, data=data)


def _carry_out(request: Any, *, actor: Any) -> None:
    """Rename the enterprise and supersede each covered active title by a new one with a new certificate."""
    from portal.accounts.models import Enterprise

    covered = list(
        Title.objects.select_for_update(of=("self",))
        .filter(pk__in=request.titles.values("pk"))
        .select_related("tier")
        .order_by("tier__order", "pk")
    )
    active = [t for t in covered if t.status == TitleStatus.ACTIVE]
    skipped = [t.pk for t in covered if t.status != TitleStatus.ACTIVE]
    ensure(
        bool(active),
        _(
            "None of the titles of this request is active any more (revoked or already renamed); "
            "reject the request instead."
        ),
        article="Art. 16",
    )

    enterprise = Enterprise.objects.select_for_update().get(pk=request.enterprise_id)
    before = {"name": enterprise.name, "credit_code": enterprise.credit_code}
    changed = []
    if enterprise.name != request.new_name:
        enterprise.name = request.new_name
        changed.append("name")
    if request.new_credit_code and enterprise.credit_code != request.new_credit_code:
        check_new_credit_code(
            enterprise, request.new_credit_code
        )  # again: another may have registered it since
        enterprise.credit_code = request.new_credit_code
        changed.append("credit_code")
    if changed:
        enterprise.save(update_fields=changed)
        audit(
            actor,
            "tiers.enterprise_renamed",
            enterprise,
            before=before,
            after={"name": enterprise.name, "credit_code": enterprise.credit_code},
            message=f"rename request #{request.pk}",
        )

    for old in active:
        grant_title(
            enterprise=enterprise,
            tier=old.tier,
            recognized_on=old.recognized_on,
            source=f"rename of #{old.pk}",
            actor=actor,
            predecessor=old,
            rename_request=request,
        )
    if skipped:
        audit(
            actor,
            "tiers.rename_titles_skipped",
            request,
            after={"titles": skipped},
            message=_("Titles no longer active when the rename was approved were left as they are."),
        )


# --- named steps, for code that knows which one it wants ------------------------------------------


def city_approve(request: Any, *, actor: Any, note: str = "") -> Any:
    """The city bureau approves a basic title's rename and files it with the province (Art. 16)."""
    return perform(request, "city_approve", actor=actor, data={"note": note})


def city_forward(request: Any, *, actor: Any, note: str = "") -> Any:
    """The city bureau forwards an advanced, scenario, excellence or leading rename to the province (Art. 16)."""
    return perform(request, "city_forward", actor=actor, data={"note": note})


def city_reject(request: Any, *, actor: Any, reason: str) -> Any:
    """The city bureau rejects a request, giving the reason the enterprise reads."""
    return perform(request, "city_reject", actor=actor, data={"reason": reason})


def province_approve(request: Any, *, actor: Any, note: str = "") -> Any:
    """The provincial department approves a forwarded advanced or scenario rename (Art. 16)."""
    return perform(request, "province_approve", actor=actor, data={"note": note})


def record_miit_approval(
    request: Any, *, document_number: Any, document_date: Any, actor: Any, note: str = ""
) -> Any:
    """The provincial department records MIIT's approval (number, date) of an excellence or leading rename."""
    return perform(
        request,
        "record_miit_approval",
        actor=actor,
        data={"document_number": document_number, "document_date": document_date, "note": note},
    )


def province_reject(request: Any, *, actor: Any, reason: str) -> Any:
    """The provincial department rejects a forwarded request (for MIIT's tiers: records MIIT's refusal)."""
    return perform(request, "province_reject", actor=actor, data={"reason": reason})


def acknowledge_filing(request: Any, *, actor: Any) -> Any:
    """The provincial department acknowledges a city's filing of a basic rename (Art. 16)."""
    return perform(request, "acknowledge_filing", actor=actor)
