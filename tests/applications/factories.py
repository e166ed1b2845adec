"""Applications for tests, built through the services, with a helper per state.

``make_application(user, state="returned")`` walks the real transitions (create → fill → submit →
return ...). States only the review app can reach (city_passed, recommended, accepted, ...) are set
with ``force_status``, a queryset update that bypasses the workflow, until review's transitions exist.
"""
import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from applications import services
from applications.constants import ASSESSMENT_REPORT, Status, segment_section
from applications.models import Application
from portal.accounts.models import City
from tiers.models import Round, Scenario, Segment, Tier
from tiers.titles.constants import TitleStatus
from tiers.titles.models import Title


def tier(code):
    return Tier.objects.get(code=code)


def open_round(name="2026年度测试批次", tiers=("basic", "advanced", "excellence", "leading", "scenario"), cities=None):
    now = timezone.now()
    round_ = Round.objects.create(year=2026, name=name, opens_at=now - datetime.timedelta(days=1),
                                  closes_at=now + datetime.timedelta(days=30))
    round_.tiers.set(Tier.objects.filter(code__in=tiers))
    round_.cities.set(cities if cities is not None else City.objects.all())
    return round_


def give_title(enterprise, code):
    return Title.objects.create(enterprise=enterprise, tier=tier(code), year=2025, status=TitleStatus.ACTIVE,
                                enterprise_name=enterprise.name, recognized_on=datetime.date(2025, 6, 1))


def pdf_bytes(text="evidence"):
    """A small real PDF (one blank page) written by pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (11, 61, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_upload(name="证明材料.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


# Complete figures of the three years before a 2026 round (万元) and the five outcome indicators.
FINANCIALS = {
    2023: {"operating_income": Decimal("52000.00"), "total_profit": Decimal("3100.50"), "rd_spending": Decimal("1800.00")},
    2024: {"operating_income": Decimal("56800.00"), "total_profit": Decimal("-420.00"), "rd_spending": Decimal("2100.00")},
    2025: {"operating_income": Decimal("61250.75"), "total_profit": Decimal("4210.00"), "rd_spending": Decimal("2650.25")},
}
INDICATORS = {
    "production_efficiency": {"before": Decimal("120"), "after": Decimal("150"), "unit": "件/人·天"},
    "operating_cost": {"before": Decimal("8000"), "after": Decimal("6800"), "unit": "万元/年"},
    "development_cycle": {"before": Decimal("180"), "after": Decimal("120"), "unit": "天"},
    "defect_rate": {"before": Decimal("2.5"), "after": Decimal("1.2"), "unit": "%"},
    "energy_per_output": {"before": Decimal("0.42"), "after": Decimal("0.35"), "unit": "吨标准煤/万元"},
}


def fill_figures(application, user):
    """The three years' finances and the five indicators, complete (for the round's years)."""
    from applications.figures import years_for

    years = years_for(application.round)
    services.save_financials(application, actor=user, years={
        year: FINANCIALS.get(year, FINANCIALS[2025]) for year in years})
    services.save_indicators(application, actor=user, indicators=INDICATORS)


def assessment(**overrides):
    """A national-platform self-assessment of level 3, two months old: what every round accepts by default."""
    return {"assessment_source": "national_platform", "assessment_report_number": "SD-2026-000123",
            "assessment_date": timezone.localdate() - datetime.timedelta(days=60),
            "assessment_score": Decimal("3.12"), **overrides}


def fill_completely(application, user, *, segments=None):
    """Everything a basic/advanced application needs to pass the eligibility rules."""
    services.save_fields(application, actor=user, fields={
        "declares_operations_sound": True, "operations_sound_text": "近三年经营良好。",
        "declares_secure_controllable": True, "secure_controllable_text": "关键装备安全可控。",
        "declares_organisation_and_team": True, "organisation_and_team_text": "设有智能制造推进办公室。",
        "maturity_level": 3, "outcomes": "关键工序数控化率显著提升。",
        **assessment(),
    })
    for key in ("operations_sound", "secure_controllable", "organisation_and_team"):
        services.add_attachment(application, actor=user, section=f"declaration_{key}", uploaded=pdf_upload())
    services.add_attachment(application, actor=user, section=ASSESSMENT_REPORT, uploaded=pdf_upload("评估报告.pdf"))
    codes = segments or [s.code for s in Segment.objects.all()]
    for segment in Segment.objects.filter(code__in=codes):
        services.save_segment(application, actor=user, segment=segment, narrative=f"{segment.name_zh}：已建成。",
                              scenarios=list(Scenario.objects.filter(segment=segment)[:1]))
    fill_figures(application, user)
    if application.is_scenario_award:
        first = Scenario.objects.filter(guide__is_current=True).first()
        services.save_fields(application, actor=user, fields={}, scenarios=[first])
    services.accept_pledge(application, actor=user)
    application.refresh_from_db()
    return application


def stamp(application, user, *, kinds=None):
    """The enterprise uploads its signed and stamped 申报书 and 承诺书 of the current version (what the
    city's pass asks for, ``applications.documents.ensure_stamped_documents``)."""
    from applications.constants import DocumentKind
    from applications.documents import upload_stamped

    for kind in kinds or DocumentKind.values:
        upload_stamped(application, kind=kind, actor=user, uploaded=pdf_upload(f"{kind}-盖章.pdf"))
    application.refresh_from_db()
    return application


def force_status(application, status):
    """Put an application in a state this app's transitions cannot reach (see the module docstring)."""
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def make_application(user, *, tier_code="basic", state=Status.DRAFT, round=None, complete=True, returner=None,
                     stamped=False):
    """An application of ``user``'s enterprise in ``state``, reached through the services where possible.
    With ``stamped``, a submitted one has its stamped 申报书 and 承诺书 uploaded (the city's pass needs them)."""
    round = round or Round.objects.filter(name="2026年度测试批次").first() or open_round()
    application = services.create_draft(enterprise=user.enterprise, round=round, tier=tier(tier_code), actor=user)
    if complete:
        fill_completely(application, user)
    if state == Status.DRAFT:
        return application
    if state == Status.WITHDRAWN:
        return services.withdraw(application, actor=user, reason="测试撤回")
    services.submit(application, actor=user)
    if state == Status.SUBMITTED:
        application.refresh_from_db()
        return stamp(application, user) if stamped else application
    if state == Status.RETURNED:
        services.return_for_revision(application, actor=returner, comments={segment_section("production_operations"):
                                                                            "请补充生产作业环节的数据。"})
        application.refresh_from_db()
        return application
    return force_status(application, state)
