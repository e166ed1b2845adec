"""Reads for the rule book, scoped by who asks."""
from typing import Any

from django.db.models import Prefetch

from portal.accounts.constants import Role
from portal.accounts.permissions import is_provincial_staff, role_of

from .models import CityQuota, QuotaPlan, Round, Scenario, ScenarioGuide, Segment, SegmentRequirement, Tier


def rounds_for_admin() -> Any:
    return Round.objects.select_related("organiser").prefetch_related("tiers", "cities", "quota_plans__tier")


def tiers_with_texts() -> Any:
    return Tier.objects.select_related("prerequisite").prefetch_related(
        "required_segments", Prefetch("requirements", queryset=SegmentRequirement.objects.select_related("segment").order_by("segment__order"))
    )


def current_guide() -> Any:
    return ScenarioGuide.objects.filter(is_current=True).first()


def scenarios_by_segment(guide: ScenarioGuide) -> Any:
    """[(segment, [scenarios])] for one guide edition, in segment order."""
    scenarios = list(Scenario.objects.filter(guide=guide).select_related("segment").order_by("segment__order", "order"))
    return [(segment, [s for s in scenarios if s.segment_id == segment.pk]) for segment in Segment.objects.all()]


def quota_plans_for_admin() -> Any:
    return QuotaPlan.objects.select_related("round", "tier").prefetch_related("cities")


def city_quotas_visible_to(user: Any) -> Any:
    """The quota rows a user may see: the province (its officers and admins) all of them, a city official
    only their city's, others none."""
    qs = CityQuota.objects.select_related("plan__round", "plan__tier", "city")
    if is_provincial_staff(user):
        return qs
    if role_of(user) == Role.CITY_OFFICIAL and user.city_id:
        return qs.filter(city_id=user.city_id)
    return qs.none()
