"""The dashboards: figures against hand-counted fixtures, each figure's link leading to a list with the
same count, a city official's scope, and who may open them."""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.constants import Status
from tests.applications.factories import force_status, give_title, make_application, open_round
from tests.factories import EnterpriseFactory, UserFactory, city, make_credit_code
from tiers.constants import TierCode
from tiers.titles.models import Title
from tiers.titles.monitoring import open_evaluations

pytestmark = pytest.mark.django_db

URL = reverse("review:dashboard")


def enterprise_user_in(code, serial):
    from portal.accounts.constants import Role

    enterprise = EnterpriseFactory(city=city(code), credit_code=make_credit_code(f"{code[:4]}02", serial))
    return UserFactory(role=Role.ENTERPRISE, enterprise=enterprise)


@pytest.fixture
def programme(db):
    """Jinan: 2 basic submitted, 1 basic recognized (with its title), 1 advanced accepted (holding a basic
    title), 1 draft. Qingdao: 1 advanced certified (with its titles)."""
    round_ = open_round()
    jinan = [enterprise_user_in("370100", 100 + i) for i in range(1, 6)]
    qingdao = enterprise_user_in("370200", 109)
    apps = {
        "submitted": [make_application(jinan[0], state=Status.SUBMITTED, round=round_),
                      make_application(jinan[1], state=Status.SUBMITTED, round=round_)],
        "recognized": force_status(make_application(jinan[2], state=Status.SUBMITTED, round=round_),
                                   Status.CITY_RECOGNIZED),
        "draft": make_application(jinan[4], round=round_),
    }
    give_title(jinan[2].enterprise, TierCode.BASIC)
    give_title(jinan[3].enterprise, TierCode.BASIC)
    apps["accepted"] = force_status(make_application(jinan[3], tier_code="advanced", state=Status.SUBMITTED,
                                                     round=round_), Status.ACCEPTED)
    give_title(qingdao.enterprise, TierCode.BASIC)
    apps["certified"] = force_status(make_application(qingdao, tier_code="advanced", state=Status.SUBMITTED,
                                                      round=round_), Status.CERTIFIED)
    give_title(qingdao.enterprise, TierCode.ADVANCED)
    return {"round": round_, "apps": apps}


def rows_listed(client, url):
    html = client.get(url).content.decode()
    return len(re.findall(r'data-application="\d+"', html)), html


def test_the_province_sees_every_city_counted_by_hand(client_for, provincial_officer, programme):
    response = client_for(provincial_officer).get(URL, {"round": programme["round"].pk})
    assert response.status_code == 200
    data = response.context["data"]
    tiers = [t["code"] for t in data["status"]["tiers"]]
    series = data["status"]["series"]
    assert series["submitted"][tiers.index("basic")] == 2
    assert series["city_recognized"][tiers.index("basic")] == 1
    assert series["accepted"][tiers.index("advanced")] == 1
    assert series["certified"][tiers.index("advanced")] == 1
    assert data["status"]["total"] == 5  # the draft is the enterprise's own: no official's figure counts it
    funnel = {s["stage"]: s["count"] for s in data["funnel"]}
    assert funnel == {"submitted": 5, "city_passed": 3, "recommended": 2, "accepted": 2, "titled": 2}
    assert data["map"]["figures"]["applications"] == {"370100": 4, "370200": 1}
    cities = {c["code"]: c for c in response.context["titles"]["cities"]}
    assert cities["370100"]["total"] == 2 and cities["370200"]["total"] == 2 and cities["370300"]["total"] == 0


def test_each_figure_links_to_a_list_with_the_same_count(client_for, provincial_officer, programme):
    client = client_for(provincial_officer)
    data = client.get(URL, {"round": programme["round"].pk}).context["data"]
    for stage in data["funnel"]:
        count, _html = rows_listed(client, stage["url"])
        assert count == stage["count"], stage
    tiers = [t["code"] for t in data["status"]["tiers"]]
    for status in data["status"]["statuses"]:
        for i, tier in enumerate(tiers):
            expected = data["status"]["series"][status["code"]][i]
            if expected:
                assert rows_listed(client, data["status"]["urls"][f"{tier}:{status['code']}"])[0] == expected
    for code, url in data["map"]["urls"]["applications"].items():
        assert rows_listed(client, url)[0] == data["map"]["figures"]["applications"].get(code, 0), code
    titles_page = client.get(data["map"]["urls"]["titles"]["370100"]).content.decode()
    assert titles_page.count("data-title=") == 2


def test_a_city_official_sees_the_city_only(client_for, jinan_official, programme):
    response = client_for(jinan_official).get(URL)
    data = response.context["data"]
    assert response.context["scope"].round == programme["round"]  # the newest round with applications
    assert data["status"]["total"] == 4 and "applications" not in data["map"]["figures"]
    assert {s["stage"]: s["count"] for s in data["funnel"]}["titled"] == 1
    # The register is public: the map shows every city's titles, the other cities' linking to the register.
    urls = data["map"]["urls"]["titles"]
    assert urls["370100"].startswith(reverse("titles:title_list")) and urls["370200"].startswith(
        reverse("public:register"))
    assert 'id="chart-map"' in response.content.decode()


@pytest.mark.parametrize("params", [{"round": "abc"}, {"round": "999999"}, {"year": "19"}, {"year": "x"}])
def test_a_bad_parameter_is_a_400(client_for, provincial_officer, programme, params):
    assert client_for(provincial_officer).get(URL, params).status_code == 400


@pytest.mark.parametrize("persona", ["enterprise_user", "expert"])
def test_enterprises_and_experts_have_no_dashboard(request, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_the_dashboard_is_in_the_officials_navigation(client_for, jinan_official, provincial_officer, programme):
    for user in (jinan_official, provincial_officer):
        assert f'href="{URL}"' in client_for(user).get("/").content.decode() or f'href="{URL}"' in client_for(
            user).get(URL).content.decode()


def test_the_applications_list_refuses_a_bad_filter(client_for, provincial_officer):
    assert client_for(provincial_officer).get(reverse("applications:list"), {"stage": "nope"}).status_code == 400


def test_the_dashboard_runs_the_same_queries_for_more_data(client_for, provincial_officer, jinan_official, programme):
    """Every figure is a GROUP BY: more applications, titles and evaluations add no query."""
    def count(user):
        client = client_for(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"round": programme["round"].pk}).status_code == 200
        return len(captured)

    before = {u.pk: count(u) for u in (provincial_officer, jinan_official)}
    more = [enterprise_user_in(code, 40 + i) for i, code in enumerate(["370100", "370200", "370300"] * 3)]
    for user in more:
        make_application(user, state=Status.SUBMITTED, round=programme["round"])
        give_title(user.enterprise, TierCode.BASIC)
    jinan_titles = list(Title.objects.filter(enterprise__city__code="370100", tier__code=TierCode.BASIC))
    open_evaluations(actor=jinan_official, titles=jinan_titles, period_year=2026,
                     report_due=timezone.localdate() + datetime.timedelta(days=9), requirements="年度报告")
    assert {u.pk: count(u) for u in (provincial_officer, jinan_official)} == before


def test_the_applications_list_exports_its_current_view_to_officials_only(client_for, provincial_officer,
                                                                         jinan_official, enterprise_user, programme):
    import io

    from openpyxl import load_workbook

    def rows(user, **params):
        response = client_for(user).get(reverse("applications:list"), {**params, "export": "xlsx"})
        if not response.get("Content-Type", "").startswith("application/vnd"):
            return None
        return list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))

    assert len(rows(provincial_officer, stage="submitted", round=programme["round"].pk)) == 1 + 5
    assert len(rows(jinan_official, stage="submitted")) == 1 + 4  # the city's only
    assert rows(enterprise_user) is None  # the enterprise's list has no export


def _city_basic_round(code, user):
    """A city bureau's own basic round (Art. 11), opened after the provincial one, with one application."""
    from tiers.models import Round, Tier

    now = timezone.now()
    own = Round.objects.create(year=2026, name="济南市2026年度基础级智能工厂认定", organiser=city(code),
                               opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=9))
    own.tiers.set(Tier.objects.filter(code=TierCode.BASIC))
    own.cities.set([city(code)])
    make_application(user, state=Status.SUBMITTED, round=own)
    return own


def test_the_province_opens_on_its_newest_round_not_a_city_bureaus_basic_round(client_for, provincial_officer,
                                                                                programme):
    _city_basic_round("370100", enterprise_user_in("370100", 150))
    response = client_for(provincial_officer).get(URL)
    assert response.context["scope"].round == programme["round"]


def test_the_dashboard_keeps_the_round_last_chosen(client_for, provincial_officer, jinan_official, programme):
    own = _city_basic_round("370100", enterprise_user_in("370100", 151))
    client = client_for(jinan_official)
    assert client.get(URL).context["scope"].round == own  # the city's newest round with its applications
    client.get(URL, {"round": programme["round"].pk})
    assert client.get(URL).context["scope"].round == programme["round"]
    assert client.get(URL, {"round": 999999}).status_code == 400
