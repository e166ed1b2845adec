"""Demo data for the rule book: two 2026 rounds and two quota plans. Safe to run twice.

- "2026年度全省智能工厂梯度培育申报（第一批）": open now, all tiers, all 16 cities except Qingdao
  (which runs its own process, as in past rounds).
- "2026年度省级智能制造优秀场景专项": open now, advanced tier and scenario award, all 16 cities.
- Quota plans for the advanced tier (first round) and the scenario award (scenario round), with
  plausible figures per city, computed with the portal's formula.

- The province's calendar of the cities' basic rounds for this year, and two cities' own basic rounds
  within it (Art. 4, 11): Qingdao's, which runs its own process, and Jinan's.

The demo titles, their revocation and a rename request are ``tiers.titles.demo`` (the titles sit above
the rule book).
"""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import City

from . import services
from .constants import TierCode
from .models import CityRoundCalendar, QuotaPlan, Round, Tier
from .rounds import measures_end_date

# Illustrative inputs (above-size industrial enterprises, self-assessments this year, system score).
CITY_FIGURES = {
    "370100": (3100, 420, Decimal("92")), "370200": (5200, 610, Decimal("95")), "370300": (2300, 260, Decimal("85")),
    "370400": (1100, 90, Decimal("70")), "370500": (1200, 130, Decimal("78")), "370600": (3700, 380, Decimal("90")),
    "370700": (4300, 450, Decimal("91")), "370800": (2300, 210, Decimal("80")), "370900": (1200, 110, Decimal("72")),
    "371000": (1600, 170, Decimal("83")), "371100": (800, 70, Decimal("68")), "371300": (3100, 260, Decimal("82")),
    "371400": (2100, 180, Decimal("76")), "371500": (1700, 140, Decimal("74")), "371600": (1500, 150, Decimal("77")),
    "371700": (2000, 160, Decimal("71")),
}

ROUNDS = [
    {"name": "2026年度全省智能工厂梯度培育申报（第一批）",
     "name_en": "2026 provincial smart-factory gradient cultivation call (first batch)", "tiers": list(TierCode.values), "without": {"370200"},
     "note": "青岛市按计划单列市自行组织，不参加本批次。"},
    {"name": "2026年度省级智能制造优秀场景专项",
     "name_en": "2026 provincial excellent smart-manufacturing scenario call", "tiers": [TierCode.ADVANCED, TierCode.SCENARIO], "without": set(),
     "note": "全省16市均参加。"},
]

PLANS = [(0, TierCode.ADVANCED, 350), (1, TierCode.SCENARIO, 540)]


def _admin():
    from portal.accounts.constants import Role
    from portal.accounts.models import User

    return User.objects.filter(role=Role.ADMIN).order_by("pk").first()


@transaction.atomic
def run(stdout=None):
    def say(message):
        if stdout is not None:
            stdout.write(message)

    actor = _admin()  # may be None: the audit rows then have no actor
    now = timezone.now()
    opens = now - datetime.timedelta(days=7)
    closes = min(now + datetime.timedelta(days=60),
                 timezone.make_aware(datetime.datetime(2027, 12, 31, 23, 59)))
    cities = list(City.objects.order_by("code"))
    rounds = []
    for spec in ROUNDS:
        round = Round.objects.filter(name=spec["name"]).first()
        if round is None:
            round = services.create_round(
                year=2026, name=spec["name"], name_en=spec["name_en"], opens_at=opens, closes_at=closes,
                tiers=list(Tier.objects.filter(code__in=spec["tiers"])),
                cities=[c for c in cities if c.code not in spec["without"]],
                note=spec["note"], acting_user=actor,
            )
            say(f"tiers: round {round.name} created\n")
        rounds.append(round)
    for index, tier_code, total in PLANS:
        round, tier = rounds[index], Tier.objects.get(code=tier_code)
        if QuotaPlan.objects.filter(round=round, tier=tier).exists():
            continue
        plan = services.create_quota_plan(round=round, tier=tier, total=total, acting_user=actor)
        inputs = {
            row.city_id: dict(zip(("enterprises", "assessments", "system"), CITY_FIGURES[row.city.code], strict=False))
            for row in plan.cities.select_related("city")
        }
        services.update_quota_plan(plan, total=total, weights=plan.weights, inputs=inputs,
                                   note="演示数据：各市数据为示意。", acting_user=actor)
        say(f"tiers: quota plan {plan} created\n")
    _city_rounds(now, closes, actor, say)


CITY_ROUNDS = [("city_qingdao", "青岛市{year}年度基础级智能工厂认定"), ("city_jinan", "济南市{year}年度基础级智能工厂认定（市级批次）")]


def _city_rounds(now, closes, actor, say):
    from portal.accounts.models import User

    from . import city_rounds

    year = timezone.localdate(now).year
    if not CityRoundCalendar.objects.filter(year=year).exists():
        city_rounds.set_calendar(year=year, opens_on=datetime.date(year, 1, 1),
                                 closes_on=min(datetime.date(year, 12, 31), measures_end_date()),
                                 note="演示数据：全年均可开设市级批次。", acting_user=actor)
    for username, name in CITY_ROUNDS:
        official = User.objects.filter(username=username).first()
        if official is None or Round.objects.filter(organiser=official.city, year=year).exists():
            continue
        round = city_rounds.create_city_round(
            city=official.city, year=year, name=name.format(year=year), opens_at=now - datetime.timedelta(days=3),
            closes_at=min(closes, timezone.make_aware(datetime.datetime(year, 12, 31, 23, 59))),
            note="演示数据：市级自行组织的基础级批次。", acting_user=official)
        say(f"tiers: city round {round.name} created\n")
