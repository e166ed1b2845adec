"""Reads of the province and expert pages, scoped by who asks (outside the scope: not there, a 404)."""
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from applications.constants import Status
from applications.selectors import applications_visible_to
from portal.accounts.constants import Role
from portal.accounts.models import User
from portal.accounts.permissions import is_provincial_staff
from review.models import (
    ConflictDeclaration,
    ExpertAssignment,
    Objection,
    ObjectionStatus,
    PublicNotice,
    RubricCriterion,
)

from . import scoring

# Where the province's work starts (Art. 12): recommended by a city, and everything after.
PROVINCE_STATUSES = (
    Status.RECOMMENDED, Status.ACCEPTED, Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED, Status.IN_NOTICE,
    Status.CERTIFIED, Status.RECOMMENDED_TO_MIIT, Status.MIIT_APPROVED, Status.MIIT_REJECTED,
)
# Reviewed at least in part: what a ranking lists.
RANKED_STATUSES = (
    Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED, Status.IN_NOTICE, Status.CERTIFIED,
    Status.RECOMMENDED_TO_MIIT, Status.MIIT_APPROVED, Status.MIIT_REJECTED,
)


def province_inbox(user: User) -> Any:
    """The applications the province has been sent (none for anyone but provincial staff)."""
    qs = applications_visible_to(user)
    if not is_provincial_staff(user):
        return qs.none()
    return qs.filter(status__in=PROVINCE_STATUSES)


def assignments_of(user: User) -> Any:
    """An expert's own active assignments (what they may open and score)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.EXPERT:
        return ExpertAssignment.objects.none()
    return (ExpertAssignment.objects.filter(expert=user, withdrawn_at__isnull=True)
            .select_related("application__enterprise__city", "application__tier", "application__round"))


def missing_scores_visible_to(user: User) -> Any:
    """The expert score sheets still missing: the active, unsubmitted assignments of applications under
    review. The province sees every one; a city official those of the city's applications (the page does
    not say which expert: who scores is the department's business); anyone else none."""
    qs = (ExpertAssignment.objects.filter(withdrawn_at__isnull=True, submitted_at__isnull=True,
                                          application__status=Status.UNDER_REVIEW)
          .select_related("expert", "application__enterprise", "application__city", "application__tier",
                          "application__round"))
    if is_provincial_staff(user):
        return qs
    if getattr(user, "is_authenticated", False) and user.role == Role.CITY_OFFICIAL and user.city_id:
        return qs.filter(application__city_id=user.city_id)
    return qs.none()


def active_assignments(application: Any) -> Any:
    return (ExpertAssignment.objects.filter(application=application, withdrawn_at__isnull=True)
            .select_related("expert").order_by("assigned_at", "pk"))


def aggregate_for(application: Any) -> Any:
    """The experts' aggregate of one application (``panel_scores`` of a list of one)."""
    return panel_scores([application])[application.pk][1]


def panel_scores(applications: Any) -> dict[int, tuple[int, Any]]:
    """{application id: (experts on its active panel, their aggregate)} for a page of applications, in
    one query: a query per row made the province's inbox 57 queries at 50 rows."""
    ids = [a.pk for a in applications]
    totals: dict[int, list[Any]] = {pk: [] for pk in ids}
    panel: dict[int, int] = dict.fromkeys(ids, 0)
    rows = ExpertAssignment.objects.filter(application_id__in=ids, withdrawn_at__isnull=True).values_list(
        "application_id", "submitted_at", "total")
    for application_id, submitted_at, total in rows:
        panel[application_id] += 1
        if submitted_at is not None:
            totals[application_id].append(total)
    return {pk: (panel[pk], scoring.aggregate(totals[pk])) for pk in ids}


def criteria_for(application: Any) -> Any:
    """The active rubric of the application's tier, in order."""
    return list(RubricCriterion.objects.filter(tier=application.tier, active=True)
                .select_related("segment").order_by("order", "pk"))


def experts() -> Any:
    return User.objects.filter(role=Role.EXPERT, is_active=True).order_by("last_name", "first_name", "username")


def exclusions(application: Any) -> Any:
    """Experts who may not review ``application``, each with the reasons (conflict declared, same city,
    works for the enterprise)."""
    enterprise = application.enterprise
    reasons: dict[int, list[str]] = {}
    for expert_id in ConflictDeclaration.objects.filter(enterprise=enterprise).values_list("expert_id", flat=True):
        reasons.setdefault(expert_id, []).append("conflict")
    for expert in experts().filter(Q(city_id=enterprise.city_id) | Q(organisation=enterprise.name)):
        if expert.city_id == enterprise.city_id:
            reasons.setdefault(expert.pk, []).append("same_city")
        if expert.organisation and expert.organisation == enterprise.name:
            reasons.setdefault(expert.pk, []).append("employer")
    return reasons


def eligible_experts(application: Any) -> Any:
    """Active experts with no conflict with the enterprise and not of its city, least loaded first.

    ``open_assignments`` counts their assignments not yet submitted (their current load).
    """
    excluded = exclusions(application)
    return (experts().exclude(pk__in=list(excluded))
            .annotate(open_assignments=Count("expert_assignments", filter=Q(
                expert_assignments__withdrawn_at__isnull=True, expert_assignments__submitted_at__isnull=True)))
            .order_by("open_assignments", "last_name", "first_name", "username"))


def conflicts_visible_to(user: User) -> Any:
    qs = ConflictDeclaration.objects.select_related("expert", "enterprise__city", "recorded_by")
    if is_provincial_staff(user):
        return qs
    if getattr(user, "is_authenticated", False) and user.role == Role.EXPERT:
        return qs.filter(expert=user)
    return qs.none()


def notices_for_staff(user: User) -> Any:
    if not is_provincial_staff(user):
        return PublicNotice.objects.none()
    return PublicNotice.objects.select_related("round", "tier", "published_by").annotate(
        entry_count=Count("entries", distinct=True),
        open_objections=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN), distinct=True),
    )


def objections_for_staff(user: User) -> Any:
    if not is_provincial_staff(user):
        return Objection.objects.none()
    return Objection.objects.select_related("application__enterprise__city", "notice", "resolved_by", "recorded_by")


def public_notices(today: Any, *, with_entries: bool = True) -> Any:
    """Notices that have started, for everyone, newest first (the public page shows current and past),
    with their entries prefetched unless the caller reads them its own way."""
    qs = PublicNotice.objects.filter(starts_on__lte=today).select_related("round", "tier")
    if not with_entries:
        return qs
    return qs.prefetch_related("entries__application__enterprise__city", "entries__application__tier",
                               "entries__application__scenarios__segment")


def public_notice_entries(notice_ids: Any) -> dict[int, list[dict[str, Any]]]:
    """{notice id: its entries as the API says them (enterprise, city, tier, scenarios)}, in two narrow
    reads whatever the notices' size. A notice lists hundreds of enterprises: prefetching them as model
    instances, each application with its own many-to-many manager, took most of the API's 80-120 ms."""
    from applications.models import Application
    from review.models import NoticeEntry

    entries: dict[int, list[dict[str, Any]]] = {pk: [] for pk in notice_ids}
    rows = list(NoticeEntry.objects.filter(notice_id__in=notice_ids).values_list(
        "notice_id", "application_id", "application__enterprise__name", "application__enterprise__city__code",
        "application__enterprise__city__name_zh", "application__tier__code", "application__tier__name_zh"))
    scenarios: dict[int, list[dict[str, Any]]] = {}
    through = Application.scenarios.through.objects.filter(application_id__in=[r[1] for r in rows])
    for application_id, name, segment_code, segment_name in through.order_by(
            "application_id", "scenario__guide", "scenario__segment__order", "scenario__order").values_list(
            "application_id", "scenario__name_zh", "scenario__segment__code", "scenario__segment__name_zh"):
        scenarios.setdefault(application_id, []).append(
            {"name_zh": name, "segment": {"code": segment_code, "name_zh": segment_name}})
    for notice_id, application_id, enterprise, city_code, city_name, tier_code, tier_name in rows:
        entries[notice_id].append({
            "enterprise_name": enterprise, "city": {"code": city_code, "name_zh": city_name},
            "tier": {"code": tier_code, "name_zh": tier_name}, "scenarios": scenarios.get(application_id, [])})
    return entries


def standings(round_: Any, tier: Any) -> list["Standing"]:
    """The ranking of one round and tier: every reviewed application (a rank needs them all), ranked by
    its experts' aggregate, as ``scoring.Ranked`` rows whose key is the application's id, with
    ``.aggregate`` beside it.

    Two narrow reads whatever the round's size: the applications' ids in the list's order and the
    submitted totals of their active panels. At provincial scale a round has thousands under review;
    building every application with its enterprise and city to show 50 of them was most of the page's
    time (``attach_applications`` builds the page's rows only).
    """
    ids = list(applications_visible_to_province().filter(round=round_, tier=tier, status__in=RANKED_STATUSES)
               .values_list("pk", flat=True))
    totals: dict[int, list[Any]] = {pk: [] for pk in ids}
    for application_id, total in (ExpertAssignment.objects
                                  .filter(application__round=round_, application__tier=tier,
                                          application__status__in=RANKED_STATUSES, withdrawn_at__isnull=True,
                                          submitted_at__isnull=False)
                                  .values_list("application_id", "total")):
        totals[application_id].append(total)
    aggregates = {pk: scoring.aggregate(values) for pk, values in totals.items()}
    return [Standing(r.rank, r.key, r.value, aggregates[r.key])
            for r in scoring.rank((pk, aggregates[pk].final) for pk in ids)]


@dataclass(frozen=True)
class Standing:
    """A row of ``standings``: the rank (None when unscored), the application's id, the final score and
    the experts' aggregate it comes from."""
    rank: int | None
    key: int
    value: Decimal | None
    aggregate: scoring.Aggregate


def attach_applications(rows: Any) -> list[scoring.Ranked]:
    """Rows of ``standings`` (a page, a chunk of an export) with their applications in one query: the key
    becomes the application, with ``.aggregate`` on it."""
    rows = list(rows)
    applications = applications_visible_to_province().in_bulk([r.key for r in rows])
    result = []
    for r in rows:
        application = applications[r.key]
        application.aggregate = r.aggregate
        result.append(scoring.Ranked(r.rank, application, r.value))
    return result


def ranking(round_: Any, tier: Any) -> list[scoring.Ranked]:
    """The whole ranking with its applications (``standings`` then ``attach_applications``): for a
    round of a size a page shows; pages and exports attach a page or a chunk at a time."""
    return attach_applications(standings(round_, tier))


def applications_visible_to_province() -> Any:
    from applications.models import Application

    return Application.objects.select_related("enterprise__city", "round", "tier")
