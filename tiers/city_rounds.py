"""The cities' own basic-tier rounds (Art. 4, 11) and the province's calendar they run within.

Art. 4 gives each city bureau the basic (city-level) tier: it makes its own measures and organises the
recognition. A city bureau therefore opens and manages its own rounds of the basic tier, for its own
city only, while the provincial department keeps the calendar: for each year the window within which
the cities' rounds open and close (``CityRoundCalendar``), so that their recognitions are filed before
the province's advanced round, and never past the measures' end (Art. 19). The province sees every
city's rounds in its round list; it does not change them.

Writes: ``set_calendar`` (province), ``create_city_round`` and ``update_city_round`` (the city bureau).
Each is one transaction with one audit row; a refusal says why, citing the article.
"""
from __future__ import annotations

import datetime
from typing import Any

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.errors import ensure

from . import permissions  # noqa: F401 - registers the permissions asked here
from .constants import TierCode
from .models import CityRoundCalendar, Round, Tier
from .rounds import measures_end_date

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "tiers.city_round_calendar_set": gettext_lazy("Calendar of the cities' basic rounds set"),
    "tiers.city_round_created": gettext_lazy("City's basic round opened"),
    "tiers.city_round_updated": gettext_lazy("City's basic round changed"),
})

CALENDAR_FIELDS = ("year", "opens_on", "closes_on", "note")


def _day(moment: Any) -> datetime.date:
    return timezone.localtime(moment).date()


def calendar_for(year: int) -> CityRoundCalendar | None:
    return CityRoundCalendar.objects.filter(year=year).first()


def outside_window(rounds: Any, opens_on: datetime.date, closes_on: datetime.date) -> list[Round]:
    """The rounds among ``rounds`` that open before ``opens_on`` or close after ``closes_on``."""
    return [r for r in rounds if _day(r.opens_at) < opens_on or _day(r.closes_at - datetime.timedelta(microseconds=1))
            > closes_on]


@transaction.atomic
def set_calendar(*, year: int, opens_on: datetime.date, closes_on: datetime.date, note: str = "",
                 acting_user: Any) -> CityRoundCalendar:
    """Set (create or change) the window of ``year`` for the cities' basic rounds.

    Before: the provincial department; the window closes on or after it opens, within the measures'
    validity (Art. 19), and every city round already set for that year still fits in it. After: the
    calendar of the year; one audit row with the window before and after.
    """
    ensure(rules.has_perm("tiers.manage_rounds", acting_user),
           _("The calendar of the cities' basic rounds is set by the provincial department."), article="Art. 4")
    ensure(closes_on >= opens_on, _("The window must close on or after the day it opens."))
    end = measures_end_date()
    ensure(closes_on <= end,
           _("The measures are valid until %(date)s (Art. 19): the cities' rounds cannot close after that.")
           % {"date": end.isoformat()}, article="Art. 19")
    misfits = outside_window(Round.objects.filter(organiser__isnull=False, year=year).select_related("organiser"),
                             opens_on, closes_on)
    ensure(not misfits,
           _("These cities' rounds of %(year)s would fall outside the new window; ask their bureaus to move them "
             "first: %(rounds)s") % {"year": year, "rounds": "、".join(f"{r.organiser.name}“{r.name}”" for r in misfits)},
           article="Art. 4")
    calendar = CityRoundCalendar.objects.select_for_update().filter(year=year).first()
    before = {f: str(getattr(calendar, f)) for f in CALENDAR_FIELDS} if calendar else None
    if calendar is None:
        calendar = CityRoundCalendar(year=year)
    calendar.opens_on, calendar.closes_on, calendar.note, calendar.set_by = opens_on, closes_on, note, acting_user
    calendar.save()
    audit(acting_user, "tiers.city_round_calendar_set", calendar, before=before,
          after={f: str(getattr(calendar, f)) for f in CALENDAR_FIELDS})
    return calendar


def _check_city_round(*, city: Any, year: int, opens_at: Any, closes_at: Any) -> None:
    """A city round's dates: after it opens, within the province's window for its year and Art. 19."""
    ensure(closes_at > opens_at, _("A round must close after it opens."))
    end = measures_end_date()
    ensure(_day(closes_at - datetime.timedelta(microseconds=1)) <= end,
           _("The measures are valid until %(date)s (Art. 19): a round cannot close after that.")
           % {"date": end.isoformat()}, article="Art. 19")
    calendar = calendar_for(year)
    ensure(calendar is not None,
           _("The provincial department has not set the calendar of the cities' basic rounds for %(year)s yet: "
             "a city's round opens within it (Art. 4, 11).") % {"year": year}, article="Art. 11")
    assert calendar is not None
    probe = Round(opens_at=opens_at, closes_at=closes_at)
    ensure(not outside_window([probe], calendar.opens_on, calendar.closes_on),
           _("In %(year)s the cities' basic rounds open and close between %(opens)s and %(closes)s, as the "
             "provincial department set the calendar (Art. 4, 11).")
           % {"year": year, "opens": calendar.opens_on.isoformat(), "closes": calendar.closes_on.isoformat()},
           article="Art. 11")


def _state(round: Round) -> dict[str, Any]:
    return {"year": round.year, "name": round.name, "name_en": round.name_en, "opens_at": str(round.opens_at), "closes_at": str(round.closes_at),
            "note": round.note, "organiser": round.organiser.code if round.organiser_id else None}


@transaction.atomic
def create_city_round(*, city: Any, year: int, name: str, opens_at: Any, closes_at: Any, note: str = "",
                      name_en: str = "", acting_user: Any) -> Round:
    """Open a city bureau's own round of the basic tier (Art. 4, 11), for its city only.

    Before: an official of that city's bureau; the dates within the province's calendar of ``year`` and
    Art. 19. After: a round of the basic tier whose only city is ``city``, run by it; one audit row.
    """
    ensure(rules.has_perm("tiers.run_city_rounds", acting_user, city),
           _("A city's basic rounds are opened by that city's bureau."), article="Art. 11")
    _check_city_round(city=city, year=year, opens_at=opens_at, closes_at=closes_at)
    round = Round.objects.create(year=year, name=name, name_en=(name_en or "").strip(), opens_at=opens_at,
                                 closes_at=closes_at, note=note, organiser=city)
    round.tiers.set([Tier.objects.get(code=TierCode.BASIC)])
    round.cities.set([city])
    audit(acting_user, "tiers.city_round_created", round, after=_state(round), message="Art. 11")
    return round


@transaction.atomic
def update_city_round(round: Round, *, year: int, name: str, opens_at: Any, closes_at: Any, note: str = "",
                      name_en: str | None = None, acting_user: Any) -> Round:
    """Change a city's own round (extend it, rename it) under the same checks as ``create_city_round``."""
    round = Round.objects.select_for_update(of=("self",)).select_related("organiser").get(pk=round.pk)
    ensure(round.organiser_id is not None, _("This round is the province's: it is changed on the province's pages."))
    ensure(rules.has_perm("tiers.change_round", acting_user, round),
           _("A city's basic rounds are changed by that city's bureau."), article="Art. 11")
    _check_city_round(city=round.organiser, year=year, opens_at=opens_at, closes_at=closes_at)
    before = _state(round)
    round.year, round.name, round.opens_at, round.closes_at, round.note = year, name, opens_at, closes_at, note
    if name_en is not None:  # None: unchanged
        round.name_en = name_en.strip()
    round.save(update_fields=["year", "name", "name_en", "opens_at", "closes_at", "note"])
    audit(acting_user, "tiers.city_round_updated", round, before=before, after=_state(round), message="Art. 11")
    return round
