"""Reads, scoped by the user: an object outside the user's scope is simply not there (a 404)."""
from typing import Any

from django.db.models import Count, Prefetch, Q

from portal.accounts.constants import Role
from portal.accounts.permissions import is_provincial_staff

from .constants import AssessmentCheckStatus, AssessmentSource, Status
from .models import Application, ApplicationVersion, Attachment, ReturnComment


def never_submitted() -> Q:
    """Applications that were never submitted: drafts, and drafts the enterprise withdrew before submitting
    (no submission time). They are the enterprise's alone: the city and the province read what was submitted."""
    return Q(status=Status.DRAFT) | Q(status=Status.WITHDRAWN, submitted_at__isnull=True)


def applications_visible_to(user: Any) -> Any:
    """Enterprise: its own. City official: its city's, once submitted. Province and admin: all submitted.

    Experts: exactly those assigned to them (review.ExpertAssignment, not withdrawn).
    """
    qs = Application.objects.select_related("enterprise__city", "round", "tier")
    role = getattr(user, "role", None)
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if role == Role.ENTERPRISE:
        return qs.filter(enterprise_id=user.enterprise_id)
    if role == Role.CITY_OFFICIAL:
        return qs.filter(city_id=user.city_id).exclude(never_submitted())
    if is_provincial_staff(user):
        return qs.exclude(never_submitted())
    if role == Role.EXPERT:
        # One filter() call: both conditions hold on the same assignment row (unique per expert, so no duplicates).
        return qs.filter(expert_assignments__expert=user, expert_assignments__withdrawn_at__isnull=True).exclude(
            never_submitted())
    return qs.none()


def attachments_visible_to(user: Any) -> Any:
    return Attachment.objects.filter(application__in=applications_visible_to(user)).select_related("application")


def application_for_detail(user: Any, pk: Any) -> Any:
    """One application with what its pages show, or DoesNotExist."""
    return applications_visible_to(user).prefetch_related(
        "scenarios", Prefetch("segments__scenarios"), "segments__segment"
    ).get(pk=pk)


def latest_return_comments(application: Application) -> Any:
    """The comments of the most recent return, by section (what the enterprise must answer now)."""
    last = (
        ReturnComment.objects.filter(application=application).order_by("-version__number").values_list(
            "version__number", flat=True
        ).first()
    )
    if last is None:
        return {}
    comments: dict[str, list[ReturnComment]] = {}
    for comment in ReturnComment.objects.filter(application=application, version__number=last).select_related("author"):
        comments.setdefault(comment.section, []).append(comment)
    return comments


def versions_of(application: Application) -> Any:
    return ApplicationVersion.objects.filter(application=application).select_related("submitted_by").order_by("number")


def self_assessment_count(city: Any, year: int) -> int:
    """Art. 12's quota factor "enterprises that did a maturity self-assessment this year", for one city.

    Counts distinct enterprises with an application of ``city`` (the city that screens it) submitted at
    least once, whose maturity assessment is a self-assessment on the national platform dated in ``year``
    and verified by an official against its report (``applications.assessment``). Verified only: an
    unchecked figure is the enterprise's word, and a queried one is in doubt; the quota is an official
    apportionment and should rest on checked reports. A verified mark is taken back when the enterprise
    changes the assessment, so it always describes the current figures. Reads only; not scoped to a user
    (a figure for the quota plan, no enterprise's data).
    """
    return self_assessment_counts([city.pk], year).get(city.pk, 0)


def self_assessment_counts(city_ids: Any, year: int) -> dict[int, int]:
    """``self_assessment_count`` for several cities in one query: {city_id: n} (cities with none left out).
    Registered as the quota plans' counter of Art. 12's second factor (``tiers.quotas``)."""
    rows = (Application.objects.filter(
        city_id__in=list(city_ids), current_version__gte=1, assessment_source=AssessmentSource.NATIONAL_PLATFORM,
        assessment_date__year=year, assessment_check__status=AssessmentCheckStatus.VERIFIED,
    ).values("city_id").annotate(n=Count("enterprise_id", distinct=True)).values_list("city_id", "n"))
    return dict(rows)
