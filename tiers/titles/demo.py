"""Demo data for the titles, after ``tiers.demo``'s rounds: safe to run twice.

- Titles of the demo enterprises with their certificates (``DEMO_TITLES``), and a rename request of
  青岛海岸 waiting for the 青岛 city bureau (Art. 16), when ``manage.py demo_data`` has created the
  enterprises and accounts.
- Life after recognition (Art. 15): 淄博齐鲁's basic title goes the whole way through the 淄博 city
  bureau — evaluation, fail, rectification, fail again, the revocation case on ground (3), the
  enterprise's statement, the revocation filed with the province; and the province has opened an
  evaluation of 潍坊鸢都's advanced title that waits for its report.
"""
import datetime

from django.db import transaction
from django.utils import timezone

from tiers.constants import Authority, TierCode
from tiers.models import Scenario, Tier

from .models import Title


def _admin():
    from portal.accounts.constants import Role
    from portal.accounts.models import User

    return User.objects.filter(role=Role.ADMIN).order_by("pk").first()


@transaction.atomic
def run(stdout=None):
    def say(message):
        if stdout is not None:
            stdout.write(message)

    _titles(_admin(), say)
    _aftercare(say)
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
# The scenario of the guide's current edition the 烟台 scenario award was given for (Art. 10).
DEMO_SCENARIO = "安全风险智能管控"
DEMO_MIIT_DOCUMENT = "工信厅通装函〔2025〕321号（演示）"
# 济南钢城 holds no title: it applies for its basic title this round.


def _titles(actor, say):
    from portal.accounts.models import Enterprise

    from .grants import grant_title

    if actor is None:
        return
    for name, code, year, recognized_on in DEMO_TITLES:
        assert year == recognized_on.year, "a title granted outside a round carries its recognition year"
        enterprise = Enterprise.objects.filter(name=name).first()
        if enterprise is None or Title.objects.filter(enterprise=enterprise, tier__code=code, year=year).exists():
            continue
        tier = Tier.objects.get(code=code)
        is_miit = tier.authority == Authority.MIIT
        scenarios = (Scenario.objects.filter(name_zh=DEMO_SCENARIO, guide__is_current=True)[:1]
                     if tier.is_scenario else [])
        title = grant_title(enterprise=enterprise, tier=tier, recognized_on=recognized_on, source="演示数据",
                            miit_document=DEMO_MIIT_DOCUMENT if is_miit else "", actor=actor,
                            scenarios=list(scenarios))
        say(f"tiers: title {title} recorded\n")


def _demo_pdf(name):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


DEMO_REPORT = {"maturity_level": 2, "efficiency_gain": 3, "cost_reduction": 1, "cycle_reduction": 0,
               "defect_reduction": -2, "energy_reduction": 0, "people_trained": 12,
               "report_summary": "2025年产线数据采集系统停运四个月，关键指标未达认定时水平（演示数据）。"}


def _aftercare(say):
    """淄博齐鲁's basic title from evaluation to revocation; an evaluation of 潍坊鸢都 waiting for its report."""
    from portal.accounts.constants import Role
    from portal.accounts.models import User

    from . import monitoring, revocation

    zibo_title = Title.objects.filter(enterprise__name="淄博齐鲁新材料化工有限公司", tier__code=TierCode.BASIC).first()
    city = User.objects.filter(username="city_zibo").first()
    if zibo_title is not None and city is not None and not zibo_title.evaluations.exists():
        enterprise_user = zibo_title.enterprise.users.first()
        today = timezone.localdate()
        monitoring.open_evaluations(actor=city, titles=[zibo_title], period_year=2025,
                                    report_due=today + datetime.timedelta(days=30),
                                    requirements="2025年度运行情况、关键指标及第十四条所列工作（演示数据）。")
        evaluation = zibo_title.evaluations.get()
        steps = [
            (enterprise_user, "submit_report", {**DEMO_REPORT, "evidence": _demo_pdf("2025年度运行监测报告.pdf")}),
            (city, "fail", {"reasons": "数据采集与生产管控系统长期停运，未达到基础级要求（演示数据）。",
                            "requirements": "恢复数据采集系统并连续运行三个月，提交运行记录。",
                            "due": today + datetime.timedelta(days=60)}),
            (enterprise_user, "submit_rectification", {"rectification_summary": "已恢复部分设备联网（演示数据）。",
                                                       "evidence": _demo_pdf("整改报告.pdf")}),
            (city, "fail_reevaluation", {"reasons": "复查：系统仍未连续运行，整改后仍未达标（演示数据）。",
                                         "statement_due": today + datetime.timedelta(days=15)}),
        ]
        for actor, step, data in steps:
            evaluation = monitoring.perform(evaluation, step, actor=actor, data=data)
        case = evaluation.revocation_cases.get()
        case = revocation.perform(case, "submit_statement", actor=enterprise_user,
                                  data={"statement": "我公司已投入资金升级系统，请求给予更多整改时间（演示数据）。"})
        revocation.perform(case, "revoke", actor=city, data={
            "reasons": "陈述理由不足以改变复查结论，依第十五条第三项撤销其基础级称号（演示数据）。",
            "decided_on": today})
        say(f"tiers: {zibo_title} evaluated, failed after rectification and revoked (case #{case.pk})\n")
    weifang = Title.objects.filter(enterprise__name="潍坊鸢都动力机械有限公司", tier__code=TierCode.ADVANCED).first()
    province = User.objects.filter(role=Role.PROVINCIAL_OFFICER).order_by("pk").first()
    if weifang is not None and province is not None and not weifang.evaluations.exists():
        monitoring.open_evaluations(actor=province, titles=[weifang], period_year=2025,
                                    report_due=timezone.localdate() + datetime.timedelta(days=20),
                                    requirements="2025年度运行监测报告：运行情况、关键指标、第十四条所列工作（演示数据）。")
        say(f"tiers: evaluation of {weifang} opened\n")


# 青岛海岸 asks to carry its three titles over to a new name: one request per route (Art. 16), waiting
# for the 青岛 city bureau.
DEMO_RENAME = ("青岛海岸智能家电有限公司", "青岛海岸智慧家电科技股份有限公司",
               "2026年10月经青岛市行政审批服务局核准，企业由有限责任公司变更为股份有限公司并更名（演示数据）。")


def _rename_request(say):
    from portal.accounts.models import Enterprise

    from .renames import submit_rename_request, titles_open_for_rename

    old_name, new_name, reason = DEMO_RENAME
    enterprise = Enterprise.objects.filter(name=old_name).first()
    user = enterprise.users.first() if enterprise else None
    if user is None or enterprise.rename_requests.exists():
        return
    titles = list(titles_open_for_rename(enterprise))
    if not titles:
        return
    evidence = _demo_pdf("营业执照变更登记通知书.pdf")
    created = submit_rename_request(enterprise=enterprise, kind="rename", new_name=new_name, reason=reason,
                                    evidence=evidence, titles=titles, actor=user)
    say(f"tiers: {len(created)} rename requests of {old_name} submitted\n")
