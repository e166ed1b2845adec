"""Cursor pagination over a larger register, and every list endpoint's queries constant in its rows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.constants import Status
from portal.api.scopes import Scope
from portal.audit import audit
from review.models import NoticeEntry, PublicNotice
from tests.api.conftest import make_application, make_certificate
from tests.factories import EnterpriseFactory, make_credit_code
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.models import CityQuota, QuotaPlan, Round, Scenario

pytestmark = pytest.mark.django_db

_serial = iter(range(1000, 10_000))


def grow(world, n, provincial_officer, jinan, qingdao):
    """``n`` more of every kind of row: titles (with certificates, awards with scenarios), applications,
    quotas, notices with entries."""
    scenarios = list(Scenario.objects.filter(guide__is_current=True)[:2])
    for i in range(n):
        city = jinan if i % 2 else qingdao
        enterprise = EnterpriseFactory(city=city, credit_code=make_credit_code(city.code[:4] + "02", next(_serial)))
        title = TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=2020 + i % 6)
        make_certificate(title)
        award = TitleFactory(enterprise=enterprise, tier=tier(TierCode.SCENARIO), year=2026)
        award.scenarios.set(scenarios)
        round_ = Round.objects.create(year=2026, name=f"增长批次{i}", opens_at=timezone.now(),
                                      closes_at=timezone.now() + datetime.timedelta(days=9))
        decided = make_application(enterprise, round_, status=Status.APPROVED)
        make_application(enterprise, round_, status=Status.SUBMITTED, tier_code=TierCode.SCENARIO)
        plan = QuotaPlan.objects.create(round=round_, tier=tier(TierCode.ADVANCED), total=3)
        CityQuota.objects.create(plan=plan, city=city, computed=3)
        today = timezone.localdate()
        notice = PublicNotice.objects.create(round=round_, tier=tier(TierCode.ADVANCED), title=f"公示{i}",
                                             starts_on=today, ends_on=today, published_by=provincial_officer)
        NoticeEntry.objects.create(notice=notice, application=decided)


ENDPOINTS = ["register", "notices", "titles", "applications", "quotas", "support-list",
             "titles/{title}/history"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_queries_do_not_grow_with_the_rows(api, world, token_for, endpoint, provincial_officer, jinan, qingdao):
    raw = token_for([Scope.READ_REGISTER, Scope.READ_PROVINCE_APPLICATIONS, Scope.READ_SUPPORT_LIST])
    path = "/api/v1/" + endpoint.format(title=world["titles"]["jinan_advanced"].pk) + "/"

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path, raw, page_size=200)
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    count()  # warms the per-process caches (content types) the first request fills
    small, rows_small = count()
    grow(world, 12, provincial_officer, jinan, qingdao)
    for certificate in [world["certificates"]["valid"]] * 12 + [world["titles"]["jinan_advanced"]] * 12:
        audit(None, "titles.title_granted", certificate)  # the title's history grows too
    large, rows_large = count()

    assert rows_large > rows_small
    assert large == small, f"{endpoint}: {small} queries for {rows_small} rows, {large} for {rows_large}"


def test_cursor_pagination_walks_the_whole_register_once(api, world, provincial_officer, jinan, qingdao):
    grow(world, 40, provincial_officer, jinan, qingdao)
    total = api.get("/api/v1/register/", page_size=200).json()["results"]
    seen, url, pages = [], "/api/v1/register/?page_size=25", 0

    while url:
        body = api.client.get(url).json()
        seen += [(r["enterprise_name"], r["tier"]["code"], r["year"], r["certificate_number"]) for r in body["results"]]
        url, pages = body["next"], pages + 1
        assert len(body["results"]) <= 25

    assert len(seen) == len(total) == 6 + 80 and len(set(seen)) == len(seen)
    assert pages == 4
    assert api.get("/api/v1/register/", cursor="not-a-cursor").json()["error"]["code"] == "invalid_cursor"
