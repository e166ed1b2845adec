"""Demo data for the rule book: two 2026 rounds and two quota plans. Safe to run twice.

- "2026年度全省智能工厂梯度培育申报（第一批）": open now, all tiers, all 16 cities except Qingdao
  (which runs its own process, as in past rounds).
- "2026年度省级智能制造优秀场景专项": open now, advanced tier and scenario award, all 16 cities.
- Quota plans for the advanced tier (first round) and the scenario award (scenario round), with
  plausible figures per city, computed with the portal's formula.
- Titles of the demo enterprises with their certificates (``DEMO_TITLES``), one of them revoked by the
  济南 city bureau (Art. 15), and a rename request of 青岛海岸 waiting for the 青岛 city bureau (Art. 16),
  when ``manage.py demo_data`` has created the enterprises.
"""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import City

from . import services
from .constants import Authority, TierCode
from tiers.titles.constants import RevocationGround, TitleStatus
from .models import QuotaPlan, Round, Tier
from tiers.titles.models import Title

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
    {"name": "2026年度全省智能工厂梯度培育申报（第一批）", "tiers": list(TierCode.values), "without": {"370200"},
     "note": "青岛市按计划单列市自行组织，不参加本批次。"},
    {"name": "2026年度省级智能制造优秀场景专项", "tiers": [TierCode.ADVANCED, TierCode.SCENARIO], "without": set(),
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
                year=2026, name=spec["name"], opens_at=opens, closes_at=closes,
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
            row.city_id: dict(zip(("enterprises", "assessments", "system"), CITY_FIGURES[row.city.code]))
            for row in plan.cities.select_related("city")
        }
        services.update_quota_plan(plan, total=total, weights=plan.weights, inputs=inputs,
                                   note="演示数据：各市数据为示意。", acting_user=actor)
        say(f"tiers: quota plan {plan} created\n")
    _titles(actor, say)
    _rename_request(say)


# Titles of the demo enterprises from earlier years, so the titles list, revocation (Art. 15) and renames
# (Art. 16) have something to show. They are granted through the one service that grants titles, as
# recognitions from outside the portal's rounds (source: the demo), each with its certificate.
# (enterprise, tier, year, recognized on)
DEMO_TITLES = [
    ("青岛海岸智能家电有限公司", TierCode.BASIC, 2023, datetime.date(2023, 9, 15)),
    ("青岛海岸智能家电有限公司", TierCode.ADVANCED, 2024, datetime.date(2024, 12, 20)),
    ("青岛海岸智能家电有限公司", TierCode.EXCELLENCE, 2025, datetime.date(2025, 11, 28)),
    ("潍坊鸢都动力机械有限公司", TierCode.BASIC, 2024, datetime.date(2024, 8, 30)),
    ("潍坊鸢都动力机械有限公司", TierCode.ADVANCED, 2025, datetime.date(2025, 12, 26)),
    ("淄博齐鲁新材料化工有限公司", TierCode.BASIC, 2025, datetime.date(2025, 9, 10)),
    ("烟台港城石化有限公司龙口分公司", TierCode.SCENARIO, 2025, datetime.date(2025, 12, 26)),
]
DEMO_MIIT_DOCUMENT = "工信厅通装函〔2025〕321号（演示）"
# The 淄博 chemicals maker's basic title is revoked by the provincial department: it failed the operation
# monitoring after rectification. Revoked on the day the demo runs: a revocation follows the certificate
# it revokes (which the demo issues). 济南钢城 holds no title: it applies for its basic title this round.
DEMO_REVOCATION = ("淄博齐鲁新材料化工有限公司", RevocationGround.FAILED_MONITORING, None,
                   "2025年度运行监测评估不合格，限期整改后复查仍未达标（演示数据）。")


def _titles(actor, say):
    from portal.accounts.constants import Role
    from portal.accounts.models import Enterprise, User
    from tiers.titles.grants import grant_title
    from tiers.titles.revocation import revoke_title

    if actor is None:
        return
    for name, code, year, recognized_on in DEMO_TITLES:
        assert year == recognized_on.year, "a title granted outside a round carries its recognition year"
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None or Title.objects.filter(enterprise=enterprise, tier__code=code, year=year).exists():
            continue
        tier = Tier.objects.get(code=code)
        is_miit = tier.authority == Authority.MIIT
        title = grant_title(enterprise=enterprise, tier=tier, recognized_on=recognized_on, source="演示数据",
                            miit_document=DEMO_MIIT_DOCUMENT if is_miit else "", actor=actor)
        say(f"tiers: title {title} recorded\n")
    name, ground, revoked_on, note = DEMO_REVOCATION
    revoked_on = revoked_on or timezone.localdate()
    title = Title.objects.filter(enterprise__name=name, status=TitleStatus.ACTIVE).first()
    official = User.objects.filter(role=Role.PROVINCIAL_OFFICER).order_by("pk").first()
    if title is not None and official is not None and not Title.objects.filter(enterprise__name=name,
                                                                                status=TitleStatus.REVOKED).exists():
        revoke_title(title, ground=ground, note=note, revoked_on=revoked_on, actor=official)
        say(f"tiers: title {title} revoked\n")


# 青岛海岸 asks to carry its three titles over to a new name: one request per route (Art. 16), waiting
# for the 青岛 city bureau.
DEMO_RENAME = ("青岛海岸智能家电有限公司", "青岛海岸智慧家电科技股份有限公司",
               "2026年10月经青岛市行政审批服务局核准，企业由有限责任公司变更为股份有限公司并更名（演示数据）。")


def _rename_request(say):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    from portal.accounts.models import Enterprise

    from tiers.titles.renames import submit_rename_request, titles_open_for_rename

    old_name, new_name, reason = DEMO_RENAME
    enterprise = Enterprise.objects.filter(name=old_name).first()
    user = enterprise.users.first() if enterprise else None
    if user is None or enterprise.rename_requests.exists():
        return
    titles = list(titles_open_for_rename(enterprise))
    if not titles:
        return
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    evidence = SimpleUploadedFile("营业执照变更登记通知书.pdf", buffer.getvalue(), content_type="application/pdf")
    created = submit_rename_request(enterprise=enterprise, kind="rename", new_name=new_name, reason=reason,
                                    evidence=evidence, titles=titles, actor=user)
    say(f"tiers: {len(created)} rename requests of {old_name} submitted\n")
