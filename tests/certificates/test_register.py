"""The public register: every title, searchable, filterable, paginated, exported as CSV and JSON."""
import csv
import io
import json

import pytest
from django.urls import reverse

from tests.factories import EnterpriseFactory, body, make_credit_code
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles.constants import TitleStatus

pytestmark = pytest.mark.django_db

URL = "/public/register/"


@pytest.fixture
def titles(enterprise, qingdao, monkeypatch):
    monkeypatch.setattr("tiers.titles.certificates._enqueue_render", lambda certificate: None)
    haier = EnterpriseFactory(city=qingdao, name="青岛智能家电有限公司", credit_code=make_credit_code("370212", 7))
    return {
        "jinan_basic": TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=2025),
        "jinan_advanced": TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=2026),
        "qingdao_advanced": TitleFactory(enterprise=haier, tier=tier(TierCode.ADVANCED), year=2026),
        "qingdao_revoked": TitleFactory(enterprise=haier, tier=tier(TierCode.BASIC), year=2024,
                                        status=TitleStatus.REVOKED),
    }


def names(response):
    return [t.enterprise_name + "/" + t.tier.code + "/" + str(t.year) for t in response.context["titles"]]


def test_register_is_public_and_lists_every_title(client, titles):
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["titles"]) == 4
    html = response.content.decode()
    assert "青岛智能家电有限公司" in html and "济南" in html and "先进级（省级）智能工厂" in html
    assert "已撤销" in html or "Revoked" in html


def test_register_url_name_resolves_for_navigation():
    assert reverse("public:register") == URL
    assert reverse("public:verify") == "/public/verify/"


@pytest.mark.parametrize("query, expected", [
    ({"q": "青岛智能"}, {"青岛智能家电有限公司/advanced/2026", "青岛智能家电有限公司/basic/2024"}),
    ({"q": make_credit_code("370212", 7).lower()}, {"青岛智能家电有限公司/advanced/2026", "青岛智能家电有限公司/basic/2024"}),
    ({"city": "370100"}, {"济南智造装备有限公司/basic/2025", "济南智造装备有限公司/advanced/2026"}),
    ({"tier": "advanced"}, {"济南智造装备有限公司/advanced/2026", "青岛智能家电有限公司/advanced/2026"}),
    ({"year": "2025"}, {"济南智造装备有限公司/basic/2025"}),
    ({"status": "revoked"}, {"青岛智能家电有限公司/basic/2024"}),
    ({"city": "370200", "tier": "advanced"}, {"青岛智能家电有限公司/advanced/2026"}),
])
def test_register_filters_and_search(client, titles, query, expected):
    assert set(names(client.get(URL, query))) == expected


def test_register_is_paginated_and_keeps_the_filter(client, enterprise, monkeypatch):
    for year in range(1990, 2020):  # 30 titles
        TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=year)

    first = client.get(URL, {"tier": "basic"})
    second = client.get(URL, {"tier": "basic", "page": 2})

    assert len(first.context["titles"]) == 25 and len(second.context["titles"]) == 5
    assert second.context["page"].paginator.count == 30
    assert "tier=basic&amp;page=2" in first.content.decode()


def test_csv_export_holds_the_whole_filtered_set(client, titles, issue):
    certificate = issue(titles["jinan_advanced"])

    response = client.get(URL, {"city": "370100", "format": "csv", "header": "field"})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert {(r["enterprise_name"], r["tier"], r["year"], r["city"]) for r in rows} == {
        ("济南智造装备有限公司", "basic", "2025", "济南"), ("济南智造装备有限公司", "advanced", "2026", "济南"),
    }
    advanced = next(r for r in rows if r["tier"] == "advanced")
    assert advanced["certificate_number"] == certificate.number and advanced["status"] == "active"
    assert advanced["tier_name"] == "先进级（省级）智能工厂"


def test_the_csv_and_excel_headings_are_in_the_readers_language_with_the_same_rows(client, titles, issue):
    from openpyxl import load_workbook

    certificate = issue(titles["jinan_advanced"])
    client.cookies["django_language"] = "zh-hans"
    text = body(client.get(URL, {"city": "370100", "format": "csv"})).decode("utf-8").lstrip("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == ["企业名称", "统一社会信用代码", "城市代码", "所属城市", "层级代码", "层级", "年度", "状态代码",
                      "认定日期", "撤销日期", "证书编号", "认定机关代码", "认定机关", "撤销事由代码", "撤销事由", "场景"]
    assert ["济南智造装备有限公司", "advanced", "2026", certificate.number] == [rows[[r[4] for r in rows].index(
        "advanced")][i] for i in (0, 4, 6, 10)]
    sheet = load_workbook(io.BytesIO(body(client.get(URL, {"city": "370100", "format": "xlsx"})))).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == header
    assert sorted(tuple("" if v is None else str(v) for v in row) for row in cells[1:]) == sorted(
        tuple(row) for row in rows)
    client.cookies["django_language"] = "en"
    english = body(client.get(URL, {"format": "csv"})).decode("utf-8").lstrip("\ufeff").splitlines()[0]
    assert english.startswith("Enterprise name,Unified social credit code,City code,City,Tier code,Tier,Year")


def test_json_export_is_not_paginated(client, enterprise):
    for year in range(1990, 2020):
        TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=year)

    data = json.loads(body(client.get(URL, {"format": "json", "year": ""})))

    assert data["count"] == 30 and len(data["results"]) == 30
    assert data["results"][0] == {
        "enterprise_name": "济南智造装备有限公司", "credit_code": enterprise.credit_code, "city_code": "370100",
        "city": "济南", "tier": "basic", "tier_name": "基础级（市级）智能工厂", "year": 2019, "status": "active",
        "recognized_on": "2025-06-30", "revoked_on": None, "certificate_number": None, "authority": "city",
        "authority_name": "市工业和信息化主管部门", "revocation_ground": None, "revocation_ground_name": None,
        "scenarios": "",
    }


def test_json_export_applies_filters(client, titles):
    data = json.loads(body(client.get(URL, {"status": "revoked", "format": "json"})))
    assert [r["enterprise_name"] for r in data["results"]] == ["青岛智能家电有限公司"]


def test_the_english_verification_page_names_the_issuing_authority_in_english(client, titles, issue, settings):
    certificate = issue(titles["jinan_advanced"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("public:verify_number", args=[certificate.number])).content.decode()
    assert "Shandong Provincial Department of Industry and Information Technology" in html
    basic = issue(titles["jinan_basic"])
    html = client.get(reverse("public:verify_number", args=[basic.number])).content.decode()
    assert "Jinan Municipal Bureau of Industry and Information Technology" in html
    assert basic.issuing_authority in html  # and, beside it, the name the certificate itself bears


@pytest.fixture
def decided(enterprise):
    """A title of each authority (Art. 11-13) and one revoked on Art. 15 (4)."""
    import datetime

    from tiers.titles.constants import RevocationGround

    return {
        "basic": TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=2025),
        "advanced": TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=2026),
        "excellence": TitleFactory(enterprise=enterprise, tier=tier(TierCode.EXCELLENCE), year=2026),
        "revoked": TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=2024,
                                status=TitleStatus.REVOKED, revoked_on=datetime.date(2026, 3, 2),
                                revocation_ground=RevocationGround.MAJOR_ACCIDENT),
    }


def _row_of(response, title):
    import re

    html = response.content.decode()
    match = re.search(rf'<tr data-title="{title.pk}">(.*?)</tr>', html, re.S)
    assert match, f"no row for title {title.pk}"
    return match.group(1)


def test_the_register_says_who_recognized_each_title(client, decided):
    """MIIT's excellence title does not look provincial: each row names its recognizing authority."""
    client.cookies["django_language"] = "zh-hans"
    response = client.get(URL)
    assert "工业和信息化部" in _row_of(response, decided["excellence"])
    assert "省工业和信息化厅" in _row_of(response, decided["advanced"])
    assert "工业和信息化部" not in _row_of(response, decided["advanced"])
    assert "市工业和信息化主管部门" in _row_of(response, decided["basic"])


def test_the_register_shows_a_revoked_titles_ground_and_date(client, decided):
    client.cookies["django_language"] = "zh-hans"
    row = _row_of(client.get(URL), decided["revoked"])
    assert "2026-03-02" in row and "第十五条第四项" in row
    assert "第十五条" not in _row_of(client.get(URL), decided["basic"])


def test_the_exports_carry_the_recognizing_authority_and_the_revocation_ground(client, decided):
    data = {(r["tier"], r["year"]): r for r in json.loads(body(client.get(URL, {"format": "json"})))["results"]}
    assert data[("excellence", 2026)]["authority"] == "miit"
    assert data[("excellence", 2026)]["authority_name"].startswith("工业和信息化部")
    assert data[("advanced", 2026)]["authority"] == "province" and data[("basic", 2025)]["authority"] == "city"
    assert data[("basic", 2024)]["revocation_ground"] == "major_accident"
    assert "第十五条第四项" in data[("basic", 2024)]["revocation_ground_name"]
    assert data[("basic", 2025)]["revocation_ground"] is None and data[("basic", 2025)]["revocation_ground_name"] is None


def test_the_verification_page_says_who_recognized_the_title_beside_who_issued_the_certificate(
        client, decided, issue):
    client.cookies["django_language"] = "zh-hans"
    certificate = issue(decided["excellence"], miit_document="工信部函〔2026〕12号")
    html = client.get(reverse("public:verify_number", args=[certificate.number])).content.decode()
    assert '<dd class="col-sm-9" id="recognized-by">工业和信息化部' in html
