"""In a real browser: a city official's dashboard draws its charts and the map of Shandong, a figure
opens the list behind it, and an export downloads as a real Excel file."""
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.factories import PASSWORD

from .test_dashboard import programme  # noqa: F401 - the hand-counted fixture


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_city_official_reads_the_dashboard_and_follows_a_figure(page, live_server, jinan_official,
                                                                  programme):  # noqa: F811
    base = live_server.url
    refused = []  # what the Content-Security-Policy blocked, if anything
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    log_in(page, base, jinan_official.username)
    page.goto(f"{base}/review/dashboard/")
    expect(page.locator("#chart-map[data-drawn='1']")).to_have_count(1)
    expect(page.locator("#chart-map svg path").first).to_be_visible()  # the cities are drawn
    assert page.locator("#chart-status svg rect, #chart-status svg path").count() > 3  # and the bars
    assert page.locator("#chart-funnel svg path").count() >= 5

    page.click("#funnel-list a[data-stage=submitted]")
    page.wait_for_url("**/applications/?*stage=submitted*")
    expect(page.locator("tr[data-application]")).to_have_count(4)  # Jinan's four submitted applications

    page.goto(f"{base}/titles/")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert sheet.max_row == 3  # the header and Jinan's two titles

    page.select_option("#language-select", "en")  # the picker works without inline script
    expect(page.locator("html")).to_have_attribute("lang", "en")  # waits for the form's navigation
    assert refused == []
