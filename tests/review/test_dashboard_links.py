"""Every figure of both dashboards (the province's and Jinan's) links to a list showing exactly the rows it
counts: the filings waiting more than a week, the missing score sheets (in all and per expert), the
evaluations and cases still open, the quota plan behind each bar, and the titles of each year and tier."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import Status
from review.city import services as city_services
from review.models import ExpertAssignment, Filing
from tests.applications.factories import force_status, give_title, make_application
from tests.factories import UserFactory
from tests.titles.aftercare import open_case, open_one
from tiers.constants import TierCode
from tiers.titles.constants import CaseStatus, EvaluationStatus
from tiers.titles.models import MonitoringEvaluation, RevocationCase, Title

from .city.helpers import make_quota, passed
from .test_dashboard import enterprise_user_in, programme  # noqa: F401 - the hand-counted fixture

pytestmark = pytest.mark.django_db

URL = reverse("review:dashboard")
LONG_AGO = timezone.now() - datetime.timedelta(days=10)


@pytest.fixture
def waiting_work(programme, jinan_official, qingdao_official, provincial_officer, jinan, qingdao):  # noqa: F811
    """On top of ``programme``: filings (Jinan: two waiting more than a week, one filed yesterday, one
    acknowledged long ago; Qingdao: one waiting), missing score sheets of two experts (Jinan three, Qingdao
    one; one submitted sheet that does not count), a quota plan, evaluations and revocation cases."""
    round_ = programme["round"]
    filings = []
    for i, (official, code) in enumerate([(jinan_official, "370100")] * 4 + [(qingdao_official, "370200")]):
        app = city_services.recognize(passed(enterprise_user_in(code, 60 + i), official, tier_code="basic",
                                             round_=round_), actor=official)
        filings.append(Filing.objects.get(application=app))
    Filing.objects.filter(pk__in=[filings[0].pk, filings[1].pk, filings[3].pk, filings[4].pk]).update(
        filed_at=LONG_AGO)
    Filing.objects.filter(pk=filings[2].pk).update(filed_at=timezone.now() - datetime.timedelta(days=1))
    city_services.acknowledge_filing(Filing.objects.get(pk=filings[3].pk), actor=provincial_officer, note="")

    first, second = UserFactory(username="expert_a", expert=True), UserFactory(username="expert_b", expert=True)
    reviewed = []
    for i, code in enumerate(["370100", "370100", "370200"]):
        user = enterprise_user_in(code, 80 + i)
        give_title(user.enterprise, TierCode.BASIC)  # an advanced application needs a basic title
        reviewed.append(force_status(make_application(user, tier_code="advanced", state=Status.SUBMITTED,
                                                      round=round_), Status.UNDER_REVIEW))
    for application, experts in zip(reviewed, [(first, second), (first,), (first, second)], strict=True):
        for expert in experts:
            ExpertAssignment.objects.create(application=application, expert=expert, assigned_by=provincial_officer)
    ExpertAssignment.objects.filter(application=reviewed[2], expert=second).update(
        submitted_at=timezone.now(), total=80)

    make_quota(round_, "advanced", {jinan: 3, qingdao: 2})

    titles = {code: list(Title.objects.filter(enterprise__city__code=code, status="active")) for code in
              ("370100", "370200")}
    evaluations = [open_one(titles["370100"][0], jinan_official), open_one(titles["370100"][1], jinan_official),
                   open_one(titles["370200"][0], qingdao_official)]
    MonitoringEvaluation.objects.filter(pk=evaluations[1].pk).update(status=EvaluationStatus.PASSED)
    MonitoringEvaluation.objects.filter(pk=evaluations[0].pk).update(
        report_due=timezone.localdate() - datetime.timedelta(days=1))
    cases = [*open_case(titles["370100"][2].enterprise, jinan_official),
             *open_case(titles["370200"][1].enterprise, qingdao_official)]
    RevocationCase.objects.filter(pk=cases[-1].pk).update(status=CaseStatus.REVOKED, filed_at=timezone.now())
    return programme


def rows(client, url, marker):
    response = client.get(url)
    assert response.status_code == 200, url
    return len(re.findall(rf'<tr {marker}="\d+"', response.content.decode()))


@pytest.fixture(params=["provincial_officer", "jinan_official"])
def reader(request, client_for, waiting_work):
    user = request.getfixturevalue(request.param)
    client = client_for(user)
    response = client.get(URL, {"round": waiting_work["round"].pk})
    return client, response.context, request.param == "provincial_officer"


def test_the_figures_count_the_waiting_work(reader):
    _client, context, province = reader
    progress, aftercare = context["progress"], context["aftercare"]
    assert progress["filings_waiting"] == (3 if province else 2)
    assert progress["scores_missing_total"] == (4 if province else 3)
    assert [(r["expert"], r["count"]) for r in progress["scores_missing"]] == (
        [("expert_a", 3), ("expert_b", 1)] if province else [])  # who scores is not the city's business
    assert aftercare["evaluations_open"] == (2 if province else 1)
    assert aftercare["cases_open"] == 1 and aftercare["cases_revoked"] == (1 if province else 0)


def test_the_review_progress_links_to_exactly_its_rows(reader):
    client, context, _province = reader
    progress = context["progress"]
    assert rows(client, progress["filings_url"], "data-filing") == progress["filings_waiting"]
    assert rows(client, progress["scores_url"], "data-assignment") == progress["scores_missing_total"]
    for row in progress["scores_missing"]:
        assert rows(client, row["url"], "data-assignment") == row["count"], row
    html = client.get(URL, {"round": context["scope"].round.pk}).content.decode()
    assert html.count("data-expert-missing") == len(progress["scores_missing"])


def test_the_aftercare_figures_link_to_exactly_their_rows(reader):
    client, context, _province = reader
    aftercare = context["aftercare"]
    assert rows(client, aftercare["evaluations_url"], "data-evaluation") == aftercare["evaluations_open"]
    assert rows(client, aftercare["overdue_url"], "data-evaluation") == aftercare["evaluations_overdue"] == 1
    assert rows(client, aftercare["cases_url"], "data-case") == aftercare["cases_open"]
    assert rows(client, aftercare["revoked_url"], "data-case") == aftercare["cases_revoked"]


def test_each_quota_bar_links_to_its_plan(reader):
    client, context, province = reader
    quota = context["data"]["quota"]
    assert len(quota) == (2 if province else 1)
    for bar in quota:
        html = client.get(bar["url"]).content.decode()
        if province:
            assert bar["url"].startswith(reverse("tiers:quota_list"))  # the plan's own page
            row = re.search(rf'<tr data-city="{bar["city"]}">.*?</tr>', html, re.S).group(0)
            assert re.search(rf"data-final>{bar['final']}<", row) and re.search(rf"data-used>{bar['used']}<", row)
        else:
            assert html.count("<tr data-quota-row=") == 1
            assert f"data-quota>{bar['final']}<" in html and f"data-used>{bar['used']}<" in html


def test_each_titles_by_year_bar_links_to_its_titles(reader):
    client, context, _province = reader
    by_year = context["data"]["titles_by_year"]
    assert by_year["years"]
    for tier in by_year["tiers"]:
        for i, year in enumerate(by_year["years"]):
            expected = by_year["series"][tier["code"]][i]
            assert rows(client, by_year["urls"][f"{year}:{tier['code']}"], "data-title") == expected


def test_the_applications_figures_link_to_exactly_their_rows(reader):
    client, context, province = reader
    data = context["data"]
    for stage in data["funnel"]:
        assert rows(client, stage["url"], "data-application") == stage["count"], stage
    tiers = [t["code"] for t in data["status"]["tiers"]]
    for status in data["status"]["statuses"]:
        for i, tier in enumerate(tiers):
            url = data["status"]["urls"][f"{tier}:{status['code']}"]
            assert rows(client, url, "data-application") == data["status"]["series"][status["code"]][i]
    for code, url in data["map"]["urls"].get("applications", {}).items():
        assert rows(client, url, "data-application") == data["map"]["figures"]["applications"].get(code, 0)
    for city in context["titles"]["cities"]:
        if province or city["code"] == "370100":  # the other cities' link to the public register
            assert rows(client, city["url"], "data-title") == city["total"], city["code"]


@pytest.mark.parametrize("name, params", [
    ("review:filings", {"city": "999999"}), ("review:filings", {"status": "lost"}),
    ("review:scores_missing", {"expert": "999999"}), ("review:scores_missing", {"round": "x"}),
    ("titles:evaluation_list", {"status": "half"}), ("titles:case_list", {"status": "half"}),
    ("titles:title_list", {"status": "gone"}),
])
def test_a_bad_filter_value_is_a_400(client_for, provincial_officer, name, params):
    assert client_for(provincial_officer).get(reverse(name), params).status_code == 400


def test_the_city_filters_its_filings_and_refuses_a_bad_value(client_for, jinan_official, waiting_work):
    client = client_for(jinan_official)
    assert rows(client, reverse("review:city_filings") + "?status=acknowledged", "data-filing") == 1
    assert client.get(reverse("review:city_filings"), {"status": "lost"}).status_code == 400
    assert 'name="city"' not in client.get(reverse("review:city_filings")).content.decode()


def test_the_missing_scores_list_hides_the_experts_from_the_city(client_for, jinan_official, waiting_work):
    html = client_for(jinan_official).get(reverse("review:scores_missing")).content.decode()
    assert "expert_a" not in html and 'name="expert"' not in html
    assert rows(client_for(jinan_official), reverse("review:scores_missing"), "data-assignment") == 3


@pytest.mark.parametrize("persona", ["enterprise_user", "expert"])
def test_the_missing_scores_list_is_for_officials(request, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse("review:scores_missing")).status_code == 403
