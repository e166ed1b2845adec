"""Reads for certificates and the public register, scoped by who asks."""
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery

from portal.accounts.constants import Role
from portal.accounts.permissions import is_provincial_staff
from portal.models import AuditEntry

from .constants import TitleStatus, Validity
from .models import Certificate, MonitoringEvaluation, RenameRequest, RevocationCase, Title


def held_titles(enterprise: Any) -> dict[str, int]:
    """The enterprise's active titles as TierCode value -> year of the latest: the plain data the rule book's
    eligibility rules read (``tiers.eligibility.ApplicationContent.held_titles``)."""
    held: dict[str, int] = {}
    for code, year in enterprise.titles.filter(status=TitleStatus.ACTIVE).values_list("tier__code", "year"):
        held[code] = max(year, held.get(code, year))
    return held


def scenario_names_of(title_ids: list[int]) -> dict[int, str]:
    """{title id: its scenarios as 「name（segment）」 joined by “；”} for the awards among ``title_ids``, in
    Chinese like the official lists (one query)."""
    if not title_ids:
        return {}
    through = Title.scenarios.through
    names: dict[int, list[str]] = {}
    rows = (through.objects.filter(title_id__in=title_ids)
            .order_by("title_id", "scenario__segment__order", "scenario__order")
            .values_list("title_id", "scenario__name_zh", "scenario__segment__name_zh"))
    for title_id, name, segment in rows:
        names.setdefault(title_id, []).append(f"{name}（{segment}）")
    return {pk: "；".join(parts) for pk, parts in names.items()}


def scope_to_reader(qs: Any, user: Any, *, enterprise: str = "enterprise") -> Any:
    """``qs`` narrowed to what ``user`` may read: the province and admins all, a city official the rows of
    its city's enterprises, an enterprise its own, anyone else nothing. ``enterprise`` is the path from
    a row to its enterprise (``title__enterprise`` for a certificate or an evaluation)."""
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    if is_provincial_staff(user):
        return qs
    if role == Role.CITY_OFFICIAL and user.city_id:
        return qs.filter(**{f"{enterprise}__city_id": user.city_id})
    if role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(**{f"{enterprise}_id": user.enterprise_id})
    return qs.none()


def certificates_visible_to(user: Any) -> Any:
    """Certificates ``user`` may see and download (mirrors permissions.can_download_certificate)."""
    return scope_to_reader(Certificate.objects.select_related("title__enterprise__city", "tier", "superseded_by"),
                           user, enterprise="title__enterprise")


def certificate_by_number(number: str) -> Any:
    """The certificate with this number (any validity), for public verification, or None."""
    return (
        Certificate.objects.select_related("title__enterprise__city", "tier", "superseded_by")
        .filter(number=number.strip().upper())
        .first()
    )


def current_certificate_number() -> Subquery:
    """The number of a title's current (not superseded) certificate, as a subquery on the title. A title
    has at most one (a unique constraint on it, which is also the index this lookup uses), so no order:
    the certificates' default order only added a sort to each of the register's lookups."""
    current = Certificate.objects.filter(title=OuterRef("pk")).exclude(validity=Validity.SUPERSEDED).order_by()
    return Subquery(current.values("number")[:1])


def register_titles() -> Any:
    """Every title, for the public register, with the number of its current certificate."""
    return (
        Title.objects.select_related("enterprise__city", "tier")
        .annotate(certificate_number=current_certificate_number())
        .order_by("-year", "tier__order", "enterprise__city__code", "enterprise_name", "pk")
    )



def titles_visible_to(user: Any) -> Any:
    """Titles ``user`` may see: the province and admins all, a city official its city's, an enterprise
    its own, others none.

    Each carries ``certificate_number``: the number of its current (not superseded) certificate.
    """
    qs = (Title.objects.select_related("enterprise__city", "tier", "superseded_by")
          .annotate(certificate_number=current_certificate_number())
          .order_by("-recognized_on", "-pk"))
    return scope_to_reader(qs, user)


def rename_requests_visible_to(user: Any) -> Any:
    """Rename requests a user may see: an enterprise its own, a city official its city's, the province all."""
    qs = RenameRequest.objects.select_related("enterprise__city", "requested_by").prefetch_related("titles__tier")
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    if role == Role.ENTERPRISE and user.enterprise_id:
        return qs.filter(enterprise_id=user.enterprise_id)
    if role == Role.CITY_OFFICIAL and user.city_id:
        return qs.filter(enterprise__city_id=user.city_id)
    if is_provincial_staff(user):
        return qs
    return qs.none()


def title_history(title: Title) -> Any:
    """The audit rows about a title, its certificates, its monitoring evaluations and the revocation
    cases covering it, oldest first: its timeline for officials."""
    def ids(qs: Any) -> list[str]:
        return [str(pk) for pk in qs.values_list("pk", flat=True)]

    related = [(Certificate, ids(Certificate.objects.filter(title=title))),
               (MonitoringEvaluation, ids(MonitoringEvaluation.objects.filter(title=title))),
               (RevocationCase, ids(RevocationCase.objects.filter(titles=title)))]
    condition = Q(content_type=ContentType.objects.get_for_model(Title), object_id=str(title.pk))
    for model, pks in related:
        if pks:
            condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
    return AuditEntry.objects.filter(condition).select_related("actor").order_by("created_at", "pk")
