"""The support list (Art. 17): active titles with their enterprise's contact, filtered, exported to Excel
only with a recorded purpose, and shown only to officials (a city its own)."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import AuditEntry
from tests.factories import EnterpriseFactory, city, make_credit_code
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles.constants import TitleStatus

pytestmark = pytest.mark.django_db

URL = "/titles/support-list/"


@pytest.fixture
def titles():
    jinan = EnterpriseFactory(name="济南智造装备有限公司", credit_code=make_credit_code("370102", 501),
                              industry="35", contact_name="李四", contact_phone="0531-12345678",
                              contact_email="li@example.com")
    qingdao = EnterpriseFactory(name="青岛海工电子有限公司", city=city("370200"), industry="39",
                                credit_code=make_credit_code("370202", 502))
    revoked = EnterpriseFactory(name="已撤销称号企业", credit_code=make_credit_code("370102", 503))
    return {
        "jinan": TitleFactory(enterprise=jinan, tier=tier(TierCode.ADVANCED), year=2026,
                              enterprise_name=jinan.name, recognized_on=datetime.date(2026, 3, 1)),
        "qingdao": TitleFactory(enterprise=qingdao, tier=tier(TierCode.BASIC), year=2025,
                                enterprise_name=qingdao.name, recognized_on=datetime.date(2025, 6, 1)),
        "revoked": TitleFactory(enterprise=revoked, tier=tier(TierCode.BASIC), year=2025, status=TitleStatus.REVOKED,
                                enterprise_name=revoked.name, recognized_on=datetime.date(2025, 6, 1)),
    }


def shown_names(response):
    text = response.content.decode()
    return {name for name in ("济南智造装备有限公司", "青岛海工电子有限公司", "已撤销称号企业") if name in text}


def test_the_province_sees_every_active_title_and_no_revoked_one(client_for, provincial_officer, titles):
    response = client_for(provincial_officer).get(URL)
    assert response.status_code == 200
    assert shown_names(response) == {"济南智造装备有限公司", "青岛海工电子有限公司"}
    assert "第十七条" in response.content.decode() or "Art. 17" in response.content.decode()


def test_filters_by_tier_city_industry_and_year(client_for, provincial_officer, titles):
    client = client_for(provincial_officer)
    assert shown_names(client.get(URL, {"industry": "39"})) == {"青岛海工电子有限公司"}
    assert shown_names(client.get(URL, {"industry_section": "C"})) == {"青岛海工电子有限公司", "济南智造装备有限公司"}
    assert shown_names(client.get(URL, {"industry_section": "B"})) == set()
    assert client.get(URL, {"industry": "equipment"}).status_code == 400
    assert shown_names(client.get(URL, {"tier": TierCode.ADVANCED})) == {"济南智造装备有限公司"}
    assert shown_names(client.get(URL, {"city": "370200"})) == {"青岛海工电子有限公司"}
    assert shown_names(client.get(URL, {"year": "2026"})) == {"济南智造装备有限公司"}
    assert client.get(URL, {"year": "not-a-year"}).status_code == 400


def test_a_city_sees_only_its_own_titles(client_for, jinan_official, titles):
    response = client_for(jinan_official).get(URL)
    assert response.status_code == 200 and shown_names(response) == {"济南智造装备有限公司"}
    assert 'name="city"' not in response.content.decode()


@pytest.mark.parametrize("who", ["enterprise_user", "expert"])
def test_enterprises_and_experts_may_not_see_it(request, client_for, titles, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"purpose": "special_funds", "recipient": "x"}).status_code == 403
    assert not AuditEntry.objects.filter(verb="titles.support_list_exported").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, titles):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_export_without_a_purpose_is_refused_and_keeps_what_was_typed(client_for, provincial_officer, titles):
    response = client_for(provincial_officer).post(URL, {"purpose": "special_funds", "recipient": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert '<option value="special_funds" selected>' in text  # what was chosen is kept
    assert "这个字段是必填项" in text or "必填" in text  # and the missing field says so
    assert not AuditEntry.objects.filter(verb="titles.support_list_exported").exists()


def test_the_export_is_the_filtered_list_cell_by_cell_and_is_recorded(client_for, provincial_officer, titles):
    response = client_for(provincial_officer).post(
        f"{URL}?tier={TierCode.ADVANCED}", {"purpose": "special_funds", "recipient": "省财政厅 2027年度技术改造专项资金"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("层级", "获评场景", "年度", "企业", "统一社会信用代码")
    assert len(rows) == 2
    tier_name, scenarios, year, name, code, city_name, district, industry, contact, phone, email, recognized, number = (
        rows[1])
    assert scenarios is None  # an advanced title names no scenario
    assert (name, code, city_name, contact, phone, email) == (
        "济南智造装备有限公司", titles["jinan"].enterprise.credit_code, "济南", "李四", "0531-12345678", "li@example.com")
    assert year == 2026 and district == "历下区" and industry == "C35 专用设备制造业" and recognized.date() == datetime.date(2026, 3, 1)
    assert "先进级" in tier_name
    entry = AuditEntry.objects.get(verb="titles.support_list_exported")
    assert entry.actor == provincial_officer and entry.message == "省财政厅 2027年度技术改造专项资金"
    assert entry.after == {"purpose": "special_funds", "recipient": "省财政厅 2027年度技术改造专项资金",
                           "filters": {"tier": TierCode.ADVANCED}, "rows": 1}


def test_the_support_list_is_in_the_officials_navigation(client_for, provincial_officer, jinan_official):
    for user in (provincial_officer, jinan_official):
        assert reverse("titles:support_list") in client_for(user).get("/titles/").content.decode()
