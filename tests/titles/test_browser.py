"""In a real browser, Art. 15 (3) from end to end: the city bureau opens an operation monitoring
evaluation of a basic title; the enterprise reports; the city fails it; the enterprise rectifies; the
re-evaluation fails and opens the revocation case; the enterprise states its case; the city decides
on the page that states the consequences; and anyone verifying the certificate reads that it is revoked."""
import pytest

from tests.applications.factories import pdf_bytes
from tests.factories import PASSWORD
from tiers.constants import TierCode
from tiers.titles.constants import CaseStatus, EvaluationStatus, TitleStatus, Validity
from tiers.titles.models import MonitoringEvaluation

from .aftercare import days, title_of


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def take_step(page, step):
    page.click(f"#steps a[data-transition={step}]")
    page.wait_for_selector("#step-form")


def submit_step(page):
    page.click("#step-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() >= 1, page.content()[:2000]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_from_opening_an_evaluation_to_a_title_verifying_as_revoked(page, live_server, enterprise_user,
                                                                     jinan_official, provincial_officer, tmp_path,
                                                                     settings):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    base = live_server.url
    title = title_of(enterprise_user.enterprise, TierCode.BASIC, certified_by=provincial_officer)
    number = title.certificates.get().number
    evidence = tmp_path / "运行监测报告.pdf"
    evidence.write_bytes(pdf_bytes("report"))

    # The city bureau opens the evaluation from the title's record, after seeing what it covers.
    log_in(page, base, jinan_official.username)
    page.goto(f"{base}/titles/{title.pk}/")
    page.click("#evaluate")
    page.fill("input[name=report_due]", days(30).isoformat())
    page.click("#preview")
    page.wait_for_selector("#matched")
    page.click("#confirm-open")
    page.wait_for_load_state()
    evaluation = MonitoringEvaluation.objects.get(title=title)

    # The enterprise sees it on its home page and reports.
    log_in(page, base, enterprise_user.username)
    page.goto(f"{base}/enterprise/")
    page.click(f"#open-evaluations li[data-evaluation='{evaluation.pk}'] a")
    take_step(page, "submit_report")
    page.select_option("select[name=maturity_level]", "2")
    for name, value in [("efficiency_gain", "1"), ("cost_reduction", "0"), ("cycle_reduction", "0"),
                        ("defect_reduction", "-3"), ("energy_reduction", "0"), ("people_trained", "5")]:
        page.fill(f"input[name={name}]", value)
    page.fill("textarea[name=report_summary]", "数据采集系统停运四个月。")
    page.set_input_files("input[name=evidence]", str(evidence))
    submit_step(page)

    # The city fails it and sets the rectification.
    log_in(page, base, jinan_official.username)
    page.goto(f"{base}/titles/evaluations/{evaluation.pk}/")
    take_step(page, "fail")
    page.fill("textarea[name=reasons]", "关键系统长期停运。")
    page.fill("textarea[name=requirements]", "恢复数据采集并连续运行三个月。")
    submit_step(page)

    # The enterprise rectifies.
    log_in(page, base, enterprise_user.username)
    page.goto(f"{base}/titles/evaluations/{evaluation.pk}/")
    take_step(page, "submit_rectification")
    page.fill("textarea[name=rectification_summary]", "已恢复部分设备联网。")
    page.set_input_files("input[name=evidence]", str(evidence))
    submit_step(page)

    # The re-evaluation fails: the page says what that opens.
    log_in(page, base, jinan_official.username)
    page.goto(f"{base}/titles/evaluations/{evaluation.pk}/")
    take_step(page, "fail_reevaluation")
    assert page.locator("#consequences").is_visible()
    page.fill("textarea[name=reasons]", "复查仍未达标。")
    submit_step(page)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FAILED
    case = evaluation.revocation_cases.get()

    # The enterprise states its case.
    log_in(page, base, enterprise_user.username)
    page.goto(f"{base}/titles/revocations/{case.pk}/")
    assert page.locator("#statement-period").is_visible()
    take_step(page, "submit_statement")
    page.fill("textarea[name=statement]", "请求给予更多整改时间。")
    submit_step(page)

    # The city decides on the page that states the consequences.
    log_in(page, base, jinan_official.username)
    page.goto(f"{base}/titles/revocations/{case.pk}/")
    take_step(page, "revoke")
    consequences = page.locator("#consequences").inner_text()
    assert title.enterprise_name in consequences and "备案" in consequences
    page.fill("textarea[name=reasons]", "陈述理由不足以改变复查结论。")
    submit_step(page)
    case.refresh_from_db()
    title.refresh_from_db()
    assert case.status == CaseStatus.REVOKED and title.status == TitleStatus.REVOKED
    assert title.certificates.get().validity == Validity.REVOKED

    # Anyone verifying the certificate reads that it is revoked, and on which ground.
    page.context.clear_cookies()
    page.goto(f"{base}/public/verify/")
    page.fill("input[name=number]", number)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-validity=revoked]").count() == 1
    assert "第十五条第三项" in page.content()
