"""Reads for the rule book, scoped by who asks."""
from django.db.models import Prefetch

from portal.accounts.constants import Role

from .models import (CityQuota, QuotaPlan, RenameRequest, Round, Scenario, ScenarioGuide, Segment, SegmentRequirement,
                     Tier, Title)


def rounds_for_admin():
    return Round.objects.prefetch_related("tiers", "cities", "quota_plans__tier")


def tiers_with_texts():
    return Tier.objects.select_related("prerequisite").prefetch_related(
        "required_segments", Prefetch("requirements", queryset=SegmentRequirement.objects.select_related("segment").order_by("segment__order"))
    )


def current_guide():
    return ScenarioGuide.objects.filter(is_current=True).first()


def scenarios_by_segment(guide):
    """[(segment, [scenarios])] for one guide edition, in segment order."""
    scenarios = list(Scenario.objects.filter(guide=guide).select_related("segment").order_by("segment__order", "order"))
    return [(segment, [s for s in scenarios if s.segment_id == segment.pk]) for segment in Segment.objects.all()]


def quota_plans_for_admin():
    return QuotaPlan.objects.select_related("round", "tier").prefetch_related("cities")


def city_quotas_visible_to(user):
    """The quota rows a user may see: an admin all of them, a city official only their city's, others none."""
    qs = CityQuota.objects.select_related("plan__round", "plan__tier", "city")
    if user.role == Role.ADMIN:
        return qs
    if user.role == Role.CITY_OFFICIAL and user.city_id:
        return qs.filter(city_id=user.city_id)
    return qs.none()


# Titles and rename requests (Art. 15, 16)

def titles_visible_to(user):
    """Titles an official may see: the province and admins all, a city official its city's, others none.

    Each carries ``certificate_number``: the number of its current (not superseded) certificate.
    """
    from django.db.models import OuterRef, Subquery

    from review.constants import Validity
    from review.models import Certificate

    current = Certificate.objects.filter(title=OuterRef("pk")).exclude(validity=Validity.SUPERSEDED)
    qs = (Title.objects.select_related("enterprise__city", "tier", "superseded_by")
          .annotate(certificate_number=Subquery(current.values("number")[:1]))
          .order_by("-recognized_on", "-pk"))
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    if role in (Role.PROVINCIAL_OFFICER, Role.ADMIN):
        return qs
    if role == Role.CITY_OFFICIAL and user.city_id:
        return qs.filter(enterprise__city_id=user.city_id)
    return qs.none()


def rename_requests_visible_to(user):
    """Rename requests a user may see: an enterprise its own, a city official its city's, the province all."""
    qs = RenameRequest.objects.select_related("enterprise__city", "requested_by").prefetch_related("titles__tier")
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    if role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(enterprise_id=user.enterprise_id)
    if role == Role.CITY_OFFICIAL and user.city_id:
        return qs.filter(enterprise__city_id=user.city_id)
    if role in (Role.PROVINCIAL_OFFICER, Role.ADMIN):
        return qs
    return qs.none()


def title_history(title):
    """The audit rows about a title and its certificates, oldest first: its history for officials."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from portal.models import AuditEntry
    from review.models import Certificate

    certificate_ids = [str(pk) for pk in Certificate.objects.filter(title=title).values_list("pk", flat=True)]
    return (AuditEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Title), object_id=str(title.pk))
        | Q(content_type=ContentType.objects.get_for_model(Certificate), object_id__in=certificate_ids)
    ).select_related("actor").order_by("created_at", "pk"))
