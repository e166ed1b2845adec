"""An enterprise registers in the browser, lands on its home page in Chinese, logs out and in again,
and switches the portal to English."""
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from portal.accounts.models import Enterprise
from tests.factories import make_credit_code

PASSWORD = "Quancheng-2025!"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # live_server sees committed rows only
def test_enterprise_registers_logs_out_and_in_and_switches_to_english(page, live_server):
    with translation.override("zh-hans"):
        heading_zh = translation.gettext("Enterprise home")  # 企业首页 in locale/zh_Hans
    assert re.search(r"[\u4e00-\u9fff]", heading_zh), "the landing heading has no Chinese translation"
    code = make_credit_code("371202", 31337)  # 莱芜区: the page proposes 济南
    page.goto(f"{live_server.url}/accounts/register/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    page.fill("#id_credit_code", code.lower())
    expect(page.locator("#id_city option:checked")).to_have_text("济南")  # register.js, from the code
    page.fill("#id_name", "济南莱芜智能锻造有限公司")
    page.fill("#id_district", "莱芜区")
    page.select_option("#id_industry", "35")
    page.check("#id_above_designated_size")
    page.fill("#id_contact_name", "刘洋")
    page.fill("#id_contact_phone", "0634-6221234")
    page.fill("#id_contact_email", "liuyang@lw-duanzao.example.com")
    page.fill("#id_username", "lw_liuyang")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("#register-form button[type=submit]")

    expect(page).to_have_url(f"{live_server.url}/enterprise/")
    expect(page.locator("h1")).to_have_text(heading_zh)
    assert Enterprise.objects.get(credit_code=code).city.name_zh == "济南"

    page.click("#user-menu")
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("link", name="登录").first).to_be_visible()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "lw_liuyang")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/enterprise/")
    expect(page.locator("h1")).to_have_text(heading_zh)

    page.select_option("#language-select", "en")  # submits the form on change
    expect(page.locator("h1")).to_have_text("Enterprise home")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/enterprise/$"))
