"""The city's recommendation summary table (推荐汇总表) as Excel, read cell by cell: the city's quota for
the round and tier above the table (set, used, left: Art. 12), then what it recommended in its rank
order, every row with the typical scenarios it names and their segments; and only the city's own
officials get it."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from review.city import services as city_services
from tests.factories import body
from tests.review.province.helpers import recommended
from tiers.models import CityQuota, Scenario, Segment, Tier

from .helpers import make_quota, passed

pytestmark = pytest.mark.django_db

HEADERS = ["Rank", "Enterprise", "Unified social credit code", "City", "District or county", "Industry", "Tier",
           "Maturity level", "Segments covered", "Scenarios (segment)", "Contact person", "Contact phone",
           "Submitted", "Status"]
SEGMENTS = "; ".join(["Factory construction", "R&D and design", "Production operations", "Production management",
                      "Operations management"])


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(body(response))).active


def summary(client, round_, tier_code):
    client.cookies["django_language"] = "en"
    return client.get(reverse("review:city_summary_export", args=[round_.pk, tier_code]))


def factory_scenarios():
    """What ``fill_completely`` chose: the first typical scenario of each segment, in the segments' order."""
    chosen = [Scenario.objects.filter(segment=segment).first() for segment in Segment.objects.order_by("order")]
    return "；".join(f"{s.name}（{s.segment.name}）" for s in chosen)


@pytest.fixture
def three_passed(jinan_enterprise_users, jinan_official, round_):
    return [passed(user, jinan_official) for user in jinan_enterprise_users(3)]


def test_the_summary_table_carries_the_quota_and_each_recommended_row_in_rank_order(
        three_passed, jinan_official, round_, jinan, client_for):
    make_quota(round_, "advanced", {jinan: 3})
    a, b, c = three_passed
    advanced = Tier.objects.get(code="advanced")
    city_services.rank(city=jinan, round=round_, tier=advanced, ordered=[c, b, a], actor=jinan_official)
    city_services.recommend(a, actor=jinan_official)
    city_services.recommend(c, actor=jinan_official)
    sheet = workbook(summary(client_for(jinan_official), round_, "advanced"))
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    with translation.override("en"):
        assert [r[:2] for r in rows[:6]] == [["City", jinan.name], ["Round", round_.name], ["Tier", advanced.name],
                                             ["Quota", 3], ["Places used", 2], ["Places left", 1]]
        assert all(v is None for r in rows[:6] for v in r[2:])  # a label and its value, nothing beside
        assert all(v is None for v in rows[6])  # an empty row between the block and the table
        assert rows[7] == HEADERS
        assert sheet.freeze_panes == "A9"  # the header stays in view
        scenarios = factory_scenarios()
        for row, (rank, app) in zip(rows[8:], [(1, c), (3, a)], strict=True):
            app.refresh_from_db()
            enterprise = app.enterprise
            assert row[:12] + row[13:] == [
                rank, enterprise.name, enterprise.credit_code, jinan.name, enterprise.district,
                enterprise.get_industry_display(), advanced.name, "Level 3 — integrated", SEGMENTS, scenarios,
                enterprise.contact_name, enterprise.contact_phone, "Recommended to the province",
            ]
            submitted = timezone.localtime(app.submitted_at).replace(tzinfo=None)
            assert abs(row[12] - submitted) < datetime.timedelta(seconds=1)  # a date cell, in local time
    assert isinstance(rows[3][1], int) and isinstance(rows[5][1], int)  # the quota figures are numbers


def test_a_round_and_tier_without_a_quota_says_so_and_leaves_no_place_count(enterprise_user, jinan_official,
                                                                            client_for):
    app = recommended(enterprise_user, tier_code="excellence")  # MIIT's tiers may run without a plan (Art. 13)
    rows = list(workbook(summary(client_for(jinan_official), app.round, "excellence")).iter_rows(values_only=True))
    assert rows[3][:2] == ("Quota", "Not set") and rows[4][:2] == ("Places used", 1)
    assert rows[5][:2] == ("Places left", None)
    assert [r[1] for r in rows[8:]] == [app.enterprise.name]


def test_a_scenario_award_row_names_each_scenario_applied_for_with_its_segment(enterprise_user, jinan_official,
                                                                               client_for):
    app = recommended(enterprise_user, tier_code="scenario")
    scenario = app.scenarios.select_related("segment").get()
    rows = list(workbook(summary(client_for(jinan_official), app.round, "scenario")).iter_rows(values_only=True))
    header, (row,) = rows[7], rows[8:]
    with translation.override("en"):
        assert row[header.index("Scenarios (segment)")] == f"{scenario.name}（{scenario.segment.name}）"
    assert rows[3][:2] == ("Quota", "Not set")  # no plan yet in this test


@pytest.mark.parametrize("persona", ["enterprise_user", "expert", "provincial_officer"])
def test_who_is_not_a_city_official_is_refused_the_summary_table(persona, request, three_passed, jinan_official,
                                                                 round_, jinan, client_for):
    make_quota(round_, "advanced", {jinan: 3})
    city_services.recommend(three_passed[0], actor=jinan_official)
    assert summary(client_for(request.getfixturevalue(persona)), round_, "advanced").status_code == 403


def test_another_citys_official_never_gets_jinans_rows(three_passed, jinan_official, qingdao_official, round_,
                                                        jinan, qingdao, client_for):
    plan = make_quota(round_, "advanced", {jinan: 3})
    city_services.recommend(three_passed[0], actor=jinan_official)
    client = client_for(qingdao_official)
    assert summary(client, round_, "advanced").status_code == 404  # Qingdao has nothing in this round and tier
    CityQuota.objects.create(plan=plan, city=qingdao, computed=2)
    rows = list(workbook(summary(client, round_, "advanced")).iter_rows(values_only=True))
    with translation.override("en"):
        assert rows[0][:2] == ("City", qingdao.name)
    assert rows[3][:2] == ("Quota", 2) and rows[4][:2] == ("Places used", 0) and rows[5][:2] == ("Places left", 2)
    assert rows[8:] == []  # its own (empty) table: none of Jinan's recommendations
