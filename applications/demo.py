"""Demo applications in several states, made through the services as the enterprises would. Safe to run twice.

Needs the demo enterprises and officials (``manage.py demo_data``) and the rounds of ``tiers.demo``;
skips with a message when they are missing.

- 济南泉城智能装备有限公司: basic tier, submitted; the 济南 official queries its maturity assessment report
  and returns it with comments.
- 济南钢城特种钢材有限公司: basic tier, submitted (awaiting the city's pre-screen), its 申报书 and 承诺书
  printed and uploaded back signed and stamped.
- 淄博齐鲁新材料化工有限公司: basic tier, a half-filled draft.
- 济南泉城智能装备有限公司 also applies for an excellent scenario: submitted, its stamped 申报书 uploaded, the
  stamped 承诺书 still missing, so the city's pre-screen cannot pass it yet.
- 潍坊鸢都动力机械有限公司: an excellent-scenario application, withdrawn with a reason.

Every complete application gives its maturity assessment (Art. 5 (5)): a self-assessment on the national
platform (a third party's for scenario awards), about four months before the round opened, level 3 with a
score of 3.21. The report numbers are illustrative, not the platform's real numbering.
"""
import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.errors import ActionRefused
from portal.rendering import RenderStatus
from tiers.models import Round, Scenario, Segment, Tier

from . import documents, services
from .constants import ASSESSMENT_REPORT, AssessmentSource, Declaration, DocumentKind, Status, segment_section
from .figures import years_for
from .models import Application, GeneratedDocument

TIER_ROUND = "2026年度全省智能工厂梯度培育申报（第一批）"
SCENARIO_ROUND = "2026年度省级智能制造优秀场景专项"


def _pdf(title):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(f"{title}.pdf", buffer.getvalue(), content_type="application/pdf")


def _assessment(app):
    """The maturity assessment a demo application gives (see the module docstring)."""
    opened = timezone.localdate(app.round.opens_at)
    assessed = max(opened - datetime.timedelta(days=120), app.round.earliest_assessment_date)
    source = AssessmentSource.THIRD_PARTY if app.is_scenario_award else AssessmentSource.NATIONAL_PLATFORM
    prefix = "SD" if source == AssessmentSource.NATIONAL_PLATFORM else "TP"
    return {"assessment_source": source, "assessment_report_number": f"{prefix}{assessed:%Y%m}{app.enterprise_id:05d}",
            "assessment_date": assessed, "assessment_score": Decimal("3.21")}


def _fill(app, user, *, complete=True):
    services.save_fields(app, actor=user, fields={
        **(_assessment(app) if complete else {}),
        "declares_operations_sound": True, "operations_sound_text": "企业近三年营业收入稳定增长，未发生重大安全、环保、质量事故。",
        "declares_secure_controllable": complete, "secure_controllable_text": "关键工业软件采用国产化方案，已通过等保三级测评。",
        "declares_organisation_and_team": complete,
        "organisation_and_team_text": "成立由总经理牵头的智能制造推进办公室，专职人员28名。",
        "maturity_level": 3 if complete else None,
        "outcomes": "关键工序数控化率达到85%，生产效率提升23%，产品不良率下降31%。" if complete else "",
    })
    services.add_attachment(app, actor=user, section=f"declaration_{Declaration.OPERATIONS_SOUND}",
                            uploaded=_pdf("近三年财务审计报告"))
    _fill_figures(app, user, complete=complete)
    if not complete:
        return app
    services.add_attachment(app, actor=user, section=f"declaration_{Declaration.SECURE_CONTROLLABLE}",
                            uploaded=_pdf("网络安全等级保护测评报告"))
    services.add_attachment(app, actor=user, section=f"declaration_{Declaration.ORGANISATION_AND_TEAM}",
                            uploaded=_pdf("智能制造推进办公室成立文件"))
    services.add_attachment(app, actor=user, section=ASSESSMENT_REPORT, uploaded=_pdf("智能制造能力成熟度评估报告"))
    for segment in Segment.objects.filter(code__in=["production_operations", "production_management",
                                                    "operations_management"]):
        services.save_segment(app, actor=user, segment=segment,
                              narrative=f"围绕{segment.name_zh}环节，部署了相应的信息系统和智能装备，实现数据实时采集与分析。",
                              scenarios=list(Scenario.objects.filter(segment=segment, guide__is_current=True)[:2]))
        services.add_attachment(app, actor=user, section=segment_section(segment.code),
                                uploaded=_pdf(f"{segment.name_zh}建设情况说明"))
    if app.is_scenario_award:
        services.save_fields(app, actor=user, fields={},
                             scenarios=list(Scenario.objects.filter(guide__is_current=True)[:1]))
    services.accept_pledge(app, actor=user)
    return app


# The three years' figures (万元), growing from the first; one year with a loss for the reviewers to see.
DEMO_FINANCIALS = [("48600.00", "2950.40", "1520.00"), ("53200.00", "-380.00", "1890.50"), ("59750.80", "4120.00", "2460.00")]
DEMO_INDICATORS = {
    "production_efficiency": ("118", "145", "件/人·天"), "operating_cost": ("8200", "6900", "万元/年"),
    "development_cycle": ("180", "126", "天"), "defect_rate": ("2.60", "1.79", "%"),
    "energy_per_output": ("0.46", "0.39", "吨标准煤/万元"),
}


def _fill_figures(app, user, *, complete=True):
    """The finances of the round's three years and the outcome indicators; a draft gets the first year only."""
    keys = ("operating_income", "total_profit", "rd_spending")
    years = {year: {k: Decimal(v) for k, v in zip(keys, values, strict=True)}
             for year, values in zip(years_for(app.round), DEMO_FINANCIALS, strict=True)}
    services.save_financials(app, actor=user, years=years if complete else dict(list(years.items())[:1]))
    if complete:
        services.save_indicators(app, actor=user, indicators={
            key: {"before": Decimal(before), "after": Decimal(after), "unit": unit}
            for key, (before, after, unit) in DEMO_INDICATORS.items()})


def print_and_stamp(app, user, *, stamp=DocumentKind.values):
    """Print the current version's 申报书 and 承诺书 now (the demo cannot wait for a task after a commit
    that a test never reaches) and upload the kinds in ``stamp`` back "signed and stamped" where missing.
    Safe to run twice."""
    app.refresh_from_db()
    pending = GeneratedDocument.objects.filter(application=app, version__number=app.current_version).exclude(
        status=RenderStatus.READY)
    for document in pending.select_related("version"):
        documents.render_document(document)
    for kind in documents.missing_stamped(app):
        if kind in stamp:
            documents.upload_stamped(app, kind=kind, actor=user,
                                     uploaded=_pdf(f"{documents.KIND_NAMES[DocumentKind(kind)]}（签字盖章扫描件）"))
    return app


def run(stdout=None):
    def say(message):
        if stdout is not None:
            stdout.write(message)

    rounds = {name: Round.objects.filter(name=name).first() for name in (TIER_ROUND, SCENARIO_ROUND)}
    if not all(rounds.values()):
        say("applications: the demo rounds of tiers.demo are missing; skipped.\n")
        return
    users = {u.username: u for u in User.objects.filter(username__in=[
        "qiye_jinan", "qiye_laiwu", "qiye_zibo", "qiye_weifang", "city_jinan"]).select_related("enterprise")}
    if len(users) < 5:
        say("applications: the demo enterprises or the 济南 official are missing (run demo_data); skipped.\n")
        return
    plans = [
        ("qiye_jinan", TIER_ROUND, "basic", Status.RETURNED),
        ("qiye_laiwu", TIER_ROUND, "basic", Status.SUBMITTED),
        ("qiye_zibo", TIER_ROUND, "basic", Status.DRAFT),
        ("qiye_weifang", SCENARIO_ROUND, "scenario", Status.WITHDRAWN),
        ("qiye_jinan", SCENARIO_ROUND, "scenario", Status.SUBMITTED, [DocumentKind.APPLICATION_FORM]),
    ]
    for username, round_name, tier_code, state, *stamp in plans:
        user, round_, tier = users[username], rounds[round_name], Tier.objects.get(code=tier_code)
        if Application.objects.filter(enterprise=user.enterprise, round=round_, tier=tier).exists():
            continue
        try:
            with transaction.atomic():
                _make(user, round_, tier, state, official=users["city_jinan"],
                      stamp=stamp[0] if stamp else DocumentKind.values)
        except ActionRefused as exc:
            say(f"applications: {user.enterprise} could not be put in state {state}: {exc}\n")
        else:
            say(f"applications: {user.enterprise} · {tier} · {state}\n")


def _make(user, round_, tier, state, *, official, stamp=DocumentKind.values):
    app = services.create_draft(enterprise=user.enterprise, round=round_, tier=tier, actor=user)
    _fill(app, user, complete=state != Status.DRAFT)
    if state == Status.DRAFT:
        return app
    if state == Status.WITHDRAWN:
        return services.withdraw(app, actor=user, reason="企业调整申报计划，拟于下一批次申报。")
    services.submit(app, actor=user)
    print_and_stamp(app, user, stamp=stamp if state == Status.SUBMITTED else ())
    if state == Status.RETURNED:
        services.check_assessment(app, verdict="query", actor=official,
                                  note="评估报告编号与国家平台记录不一致，请核对后上传平台导出的报告。")
        services.return_for_revision(app, actor=official, comments={
            "maturity": "请按评估报告的疑问说明核对报告编号。",
            segment_section("production_operations"): "请补充关键工序自动化率、设备联网率等量化数据。",
            "outcomes": "建设成效请与建设前的数据对比说明。",
            "general": "材料总体完整，请按意见修改后重新提交。",
        })
    return app
