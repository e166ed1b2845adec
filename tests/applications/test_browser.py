"""An enterprise fills every step with uploads, submits, is returned, revises and resubmits, in Chromium."""
import datetime

import pytest
from django.utils import timezone

from applications import services
from applications.constants import Status
from applications.models import Application, ApplicationVersion
from tests.applications.factories import open_round, pdf_bytes, png_bytes, tier
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def evidence(tmp_path):
    pdf = tmp_path / "证明材料.pdf"
    pdf.write_bytes(pdf_bytes())
    png = tmp_path / "现场照片.png"
    png.write_bytes(png_bytes())
    return pdf, png


def save_and_continue(page):
    page.click("#save-next")
    page.wait_for_load_state()


def test_enterprise_applies_is_returned_and_resubmits(page, live_server, enterprise_user, jinan_official, evidence,
                                                      settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    pdf, png = evidence
    round_ = open_round()
    basic = tier("basic")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", enterprise_user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form [type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/applications/new/")
    page.check(f"input[name=round_tier][value='{round_.pk}:{basic.pk}']")
    page.click("main form [type=submit]")
    page.wait_for_load_state()
    assert page.locator("[aria-current=step]").count() == 1

    save_and_continue(page)  # round and tier: nothing to fill for a tier application

    for key, text in [("operations_sound", "近三年营收稳定增长。"), ("secure_controllable", "核心系统国产化。"),
                      ("organisation_and_team", "设智能制造推进办公室。")]:
        page.check(f"input[name=declares_{key}]")
        page.fill(f"textarea[name={key}_text]", text)
        page.set_input_files(f"input[name=evidence_{key}]", str(pdf))
    save_and_continue(page)

    for year, (income, profit, rd) in zip(range(2023, 2026), [("52000", "3100.5", "1800"), ("56800", "-420", "2100"),
                                                             ("61250.75", "4210", "2650.25")], strict=True):
        page.fill(f"input[name=operating_income_{year}]", income)
        page.fill(f"input[name=total_profit_{year}]", profit)
        page.fill(f"input[name=rd_spending_{year}]", rd)
    save_and_continue(page)

    page.select_option("select[name=assessment_source]", "national_platform")
    page.fill("input[name=assessment_report_number]", "SD-2026-000123")
    page.fill("input[name=assessment_date]", (timezone.localdate() - datetime.timedelta(days=60)).isoformat())
    page.fill("input[name=assessment_score]", "3.12")
    page.select_option("select[name=maturity_level]", "3")
    page.set_input_files("input[name=assessment_report]", str(pdf))
    save_and_continue(page)

    for number in range(5):  # the five segments, each with its requirement text beside it
        assert page.locator(".requirement-text").count() >= 1
        page.fill("textarea[name=narrative]", f"第{number + 1}个环节的建设情况。")
        page.locator("input[name=scenarios]").first.check()
        page.set_input_files("input[name=evidence]", str(png))
        save_and_continue(page)

    page.fill("textarea[name=outcomes]", "关键工序数控化率达到85%。")
    for key, before, after, unit in [("production_efficiency", "120", "150", "件/人·天"),
                                     ("operating_cost", "8000", "6800", "万元/年"), ("development_cycle", "180", "120", "天"),
                                     ("defect_rate", "2.5", "1.2", "%"), ("energy_per_output", "0.42", "0.35", "吨标准煤/万元")]:
        page.fill(f"input[name={key}_before]", before)
        page.fill(f"input[name={key}_after]", after)
        page.fill(f"input[name={key}_unit]", unit)
    page.set_input_files("input[name=evidence]", str(pdf))
    save_and_continue(page)

    page.check("input[name=accept]")
    save_and_continue(page)

    assert page.locator("#eligible").is_visible()
    page.click("#submit-application")
    page.wait_for_load_state()

    app = Application.objects.get(enterprise=enterprise_user.enterprise)
    assert app.status == Status.SUBMITTED and app.active_attachments().count() == 10

    services.return_for_revision(app, actor=jinan_official, comments={
        "segment_production_operations": "请补充关键工序自动化率。", "general": "请完善材料。"})

    page.goto(f"{live_server.url}/applications/{app.pk}/")
    assert page.get_by_text("请补充关键工序自动化率。").is_visible()
    page.goto(f"{live_server.url}/applications/{app.pk}/step/segment_production_operations/")
    assert page.locator("aside .return-comment").get_by_text("请补充关键工序自动化率。").is_visible()
    page.fill("textarea[name=narrative]", "关键工序自动化率达到92%。")
    page.click("button[name=goto][value=pledge]")  # the step navigation saves as it moves
    page.wait_for_load_state()
    page.check("input[name=accept]")
    save_and_continue(page)
    page.click("#submit-application")
    page.wait_for_load_state()

    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and app.current_version == 2
    v2 = ApplicationVersion.objects.get(application=app, number=2)
    assert v2.snapshot["segments"]["production_operations"]["narrative"] == "关键工序自动化率达到92%。"

    page.goto(f"{live_server.url}/applications/{app.pk}/versions/2/")
    assert page.locator("ins").first.is_visible()
