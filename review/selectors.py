"""Reads for certificates and the public register, scoped by who asks."""
from django.db.models import OuterRef, Subquery

from portal.accounts.constants import Role
from tiers.models import Title

from .constants import Validity
from .models import Certificate


def certificates_visible_to(user):
    """Certificates ``user`` may see and download (mirrors permissions.can_download_certificate)."""
    qs = Certificate.objects.select_related("title__enterprise__city", "tier", "superseded_by")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.role == Role.ENTERPRISE:
        return qs.filter(title__enterprise_id=user.enterprise_id)
    if user.role == Role.CITY_OFFICIAL:
        return qs.filter(title__enterprise__city_id=user.city_id)
    if user.role in (Role.PROVINCIAL_OFFICER, Role.ADMIN):
        return qs
    return qs.none()


def certificate_by_number(number):
    """The certificate with this number (any validity), for public verification, or None."""
    return (
        Certificate.objects.select_related("title__enterprise__city", "tier", "superseded_by")
        .filter(number=number.strip().upper())
        .first()
    )


def register_titles():
    """Every title, for the public register, with the number of its current certificate."""
    current = Certificate.objects.filter(title=OuterRef("pk")).exclude(validity=Validity.SUPERSEDED)
    return (
        Title.objects.select_related("enterprise__city", "tier")
        .annotate(certificate_number=Subquery(current.values("number")[:1]))
        .order_by("-year", "tier__order", "enterprise__city__code", "enterprise_name", "pk")
    )
