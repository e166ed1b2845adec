"""Reads of reference lists: the latest version of a list, what a credit code's listing is, the count of
above-size enterprises, and the versions a user may see.

Only the latest version of a list is checked; when no version of a list has been imported, the checks
that read it find nothing (``None``) and the portal behaves as it did without lists: no refusal, no
explanation asked.
"""
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Subquery

from portal.accounts.permissions import is_city_official, is_provincial_staff

from .constants import PER_CITY, ListKind
from .models import ListEntry, ListVersion


def latest_version(kind: str, *, city: Any = None, year: int | None = None) -> ListVersion | None:
    """The latest version of the list of ``kind`` (for the above-size list: of that city and year), or None."""
    return (ListVersion.objects.filter(kind=kind, city=city, year=year).select_related("city")
            .order_by("-number").first())


def latest_versions() -> Any:
    """The latest version of every list, as a queryset (one per kind, city and year)."""
    from django.db.models import OuterRef

    newest = (ListVersion.objects.filter(kind=OuterRef("kind"), city=OuterRef("city"), year=OuterRef("year"))
              .order_by("-number").values("number")[:1])
    # city and year are NULL for province-wide lists: compare them NULL-safely.
    newest_wide = (ListVersion.objects.filter(kind=OuterRef("kind"), city__isnull=True)
                   .order_by("-number").values("number")[:1])
    return ListVersion.objects.filter(
        Q(kind__in=PER_CITY, number=Subquery(newest)) | (~Q(kind__in=PER_CITY) & Q(number=Subquery(newest_wide))))


def dishonest_listing(credit_code: str) -> ListEntry | None:
    """The code's row on the latest dishonest-entity list (严重失信主体名单), or None (not listed, or no list
    imported yet). One query on the (credit code, version) index: it is a check of every step towards a title."""
    if not credit_code:
        return None
    latest = (ListVersion.objects.filter(kind=ListKind.DISHONEST, city=None, year=None)
              .order_by("-number").values("pk")[:1])
    return (ListEntry.objects.filter(credit_code=credit_code, version_id=Subquery(latest))
            .select_related("version").first())


def above_size_list_for(city: Any, year: int) -> ListVersion | None:
    """The above-size list an application of ``year`` is checked against: the latest version of the city's
    list of ``year``, or failing that of the most recent earlier year (a year's list is published during
    the next year, so a round early in the year has only last year's). None when the city has none."""
    if city is None:
        return None
    latest_year = (ListVersion.objects.filter(kind=ListKind.ABOVE_SIZE, city=city, year__lte=year)
                   .order_by("-year").values_list("year", flat=True).first())
    if latest_year is None:
        return None
    return latest_version(ListKind.ABOVE_SIZE, city=city, year=latest_year)


@dataclass(frozen=True)
class AboveSizeCheck:
    """The enterprise against its city's above-size list: which version, and whether its code is on it."""

    version: ListVersion
    listed: bool


def above_size_check(enterprise: Any, year: int) -> AboveSizeCheck | None:
    """Whether ``enterprise`` is on its city's above-size list for ``year`` (``above_size_list_for``);
    None when the city has no list."""
    version = above_size_list_for(enterprise.city, year)
    if version is None:
        return None
    return AboveSizeCheck(version=version, listed=version.entries.filter(credit_code=enterprise.credit_code).exists())


def above_size_count(city: Any, year: int) -> int | None:
    """How many above-size industrial enterprises ``city`` had in ``year`` by the latest version of its list
    of that year; None when no list of that city and year was imported. A factor of the city's quota
    (Art. 12: "按照各市规模以上工业企业数量…综合确定")."""
    version = latest_version(ListKind.ABOVE_SIZE, city=city, year=year)
    return None if version is None else version.row_count


def above_size_counts(city_ids: Any, years: Any) -> dict[Any, int]:
    """``above_size_count`` for several cities in one query: {city_id: the row count of the latest version
    of its list of the first of ``years`` (e.g. this year, then last year) that it has}; cities with no list
    of those years are left out."""
    order = {year: i for i, year in enumerate(years)}
    found: dict[Any, tuple[int, int]] = {}  # city_id -> (the year's place in ``years``, rows)
    rows = (ListVersion.objects.filter(kind=ListKind.ABOVE_SIZE, city_id__in=list(city_ids), year__in=list(order))
            .order_by("city_id", "year", "-number").values_list("city_id", "year", "number", "row_count"))
    latest_seen = set()
    for city_id, year, _number, row_count in rows:
        if (city_id, year) in latest_seen:
            continue  # an older version of that list
        latest_seen.add((city_id, year))
        if city_id not in found or order[year] < found[city_id][0]:
            found[city_id] = (order[year], row_count)
    return {city_id: rows for city_id, (_place, rows) in found.items()}


def versions_visible_to(user: Any) -> Any:
    """The versions ``user`` may read (as ``registers.view_list``): the province all; a city bureau its own
    city's above-size lists and the province-wide lists; anyone else none."""
    qs = ListVersion.objects.select_related("city", "imported_by")
    if is_provincial_staff(user):
        return qs
    if is_city_official(user) and user.city_id:
        return qs.filter(Q(city_id=user.city_id) | ~Q(kind__in=PER_CITY))
    return qs.none()
