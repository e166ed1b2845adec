"""Helpers of the monitoring and revocation tests: titles of each tier, and each step with valid data."""
import datetime

from django.utils import timezone

from tests.applications.factories import pdf_upload
from tests.tiers.factories import TitleFactory, tier
from tiers.titles import monitoring, revocation
from tiers.titles.certificates import request_certificate

TODAY = timezone.localdate()
MIIT = {"miit_document_number": "工信厅通装函〔2026〕77号", "miit_document_date": TODAY}


def days(n):
    return TODAY + datetime.timedelta(days=n)


def title_of(enterprise, code, *, year=2025, certified_by=None):
    title = TitleFactory(enterprise=enterprise, tier=tier(code), year=year, recognized_on=datetime.date(year, 6, 30))
    if certified_by is not None:
        request_certificate(title, actor=certified_by,
                            miit_document="工信厅通装函〔2025〕321号" if tier(code).authority == "miit" else "")
    return title


def open_one(title, actor, **overrides):
    data = {"period_year": 2025, "report_due": days(30), "requirements": "年度运行监测报告及第十四条所列工作。",
            "basis": "", **overrides}
    monitoring.open_evaluations(actor=actor, titles=[title], **data)
    return title.evaluations.latest("pk")


REPORT = {"maturity_level": 3, "efficiency_gain": 12.5, "cost_reduction": 8, "cycle_reduction": 10,
          "defect_reduction": 15, "energy_reduction": 6, "report_summary": "全年产线稳定运行。",
          "standards_led": 1, "standards_joined": 2, "standards_detail": "T/SDIA 001-2026", "solutions_formed": 1,
          "solutions_detail": "", "people_trained": 40, "visits_hosted": 3, "cases_published": 1,
          "experience_detail": "省级现场会"}


def report(evaluation, user, **overrides):
    return monitoring.perform(evaluation, "submit_report", actor=user,
                              data={**REPORT, "evidence": pdf_upload("运行监测报告.pdf"), **overrides})


def conclude(evaluation, actor, step, **data):
    defaults = {
        "pass": {"reasons": "运行良好。"},
        "fail": {"reasons": "关键指标下降。", "requirements": "恢复数据采集系统。", "due": days(60)},
        "pass_reevaluation": {"reasons": "整改到位。"},
        "fail_reevaluation": {"reasons": "整改后仍未达标。", "statement_due": days(15)},
    }[step]
    return monitoring.perform(evaluation, step, actor=actor, data={**defaults, **data})


def rectify(evaluation, user):
    return monitoring.perform(evaluation, "submit_rectification", actor=user,
                              data={"rectification_summary": "已恢复系统运行。", "evidence": pdf_upload("整改报告.pdf")})


def failed_twice(title, authority_user, enterprise_user, **document):
    """An evaluation of ``title`` that failed after rectification; returns it (its case is open)."""
    evaluation = open_one(title, authority_user, **({"basis": "工信部监测通知"} if document else {}))
    report(evaluation, enterprise_user)
    conclude(evaluation, authority_user, "fail", **document)
    rectify(evaluation, enterprise_user)
    return conclude(evaluation, authority_user, "fail_reevaluation", **document)


def open_case(enterprise, actor, ground="major_accident", **overrides):
    data = {"facts": "应急管理部门认定发生重大安全事故（鲁应急〔2026〕9号）。", "statement_due": days(10), **overrides}
    return revocation.open_cases(enterprise=enterprise, ground=ground, actor=actor, **data)


def past_statement_period(case):
    """The statement deadline passed (as if ten days went by)."""
    type(case).objects.filter(pk=case.pk).update(statement_due=TODAY - datetime.timedelta(days=1))
    case.refresh_from_db()
    return case
