"""Every key page runs the same number of queries for a few rows and for more rows than it shows on a
page, so a query per row (below the page size) shows as a difference. Counts are compared, never timed;
speed is measured by benchmarks/pages.py."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.constants import Status
from portal.audit import audit
from review.models import CityRanking, ExpertAssignment
from tests.applications.factories import force_status, give_title, make_application, open_round
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, make_credit_code
from tiers.titles.grants import grant_title

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


class World:
    """Applications of 济南 enterprises at every stage the pages show, added in batches."""

    def __init__(self, jinan, official, officer, expert):
        self.jinan, self.official, self.officer, self.expert = jinan, official, officer, expert
        self.round = open_round()
        self.count = 0
        self.enterprise_user = None

    def add(self, n):
        for _ in range(n):
            i = self.count = self.count + 1
            enterprise = EnterpriseFactory(city=self.jinan, credit_code=make_credit_code("370102", 8000 + i))
            user = EnterpriseUserFactory(enterprise=enterprise)
            self.enterprise_user = self.enterprise_user or user
            give_title(enterprise, "basic")
            passed = make_application(user, tier_code="advanced", state=Status.SUBMITTED, round=self.round)
            force_status(passed, [Status.CITY_PASSED, Status.RECOMMENDED, Status.UNDER_REVIEW][i % 3])
            CityRanking.objects.create(application=passed, city=self.jinan, round=self.round, tier=passed.tier,
                                       rank=i, ranked_by=self.official)
            if passed.status == Status.UNDER_REVIEW:
                ExpertAssignment.objects.create(application=passed, expert=self.expert, assigned_by=self.officer,
                                                total=Decimal("80.5"), submitted_at=timezone.now())
            grant_title(enterprise=enterprise, tier=passed.tier, recognized_on=datetime.date(2026, 1, 5),
                        source="测试", actor=self.officer)
            audit(self.officer, "tests.touched", passed)


@pytest.fixture
def world(jinan, jinan_official, provincial_officer, expert):
    return World(jinan, jinan_official, provincial_officer, expert)


PAGES = [
    ("provincial_officer", "/review/province/inbox/"),
    ("provincial_officer", "/review/province/inbox/?ordering=-updated_at&status=recommended"),
    ("provincial_officer", "/review/province/ranking/"),
    ("provincial_officer", "/province/"),
    ("provincial_officer", "/titles/"),
    ("provincial_officer", "/titles/support-list/"),
    ("jinan_official", "/titles/support-list/?industry=35"),
    ("jinan_official", "/review/city/queue/"),
    ("jinan_official", "/review/city/queue/?ordering=-submitted"),
    ("jinan_official", "/review/city/recommendations/"),
    ("jinan_official", "/city/"),
    ("jinan_official", "/applications/"),
    ("expert", "/review/province/expert/"),
    ("expert", "/expert/"),
    ("admin_user", "/console/audit/"),
    ("admin_user", "/console/audit/?q=测试"),
    ("admin_user", "/django-admin/applications/application/"),
    ("admin_user", "/django-admin/portal/auditentry/"),
    ("admin_user", "/django-admin/titles/title/"),
    (None, "/public/register/"),
    (None, "/public/register/?q=济南"),
]


@pytest.mark.parametrize("persona, url", PAGES, ids=[url for _p, url in PAGES])
def test_page_queries_do_not_grow_with_rows(client_for, client, request, world, persona, url):
    viewer = client_for(request.getfixturevalue(persona)) if persona else client
    world.add(3)
    few = queries_for(viewer, url)
    world.add(57)  # 60 rows: more than a page of 50 or 25
    many = queries_for(viewer, url)
    assert many == few, f"{url}: {few} queries for 3 rows, {many} for 60"


def test_the_enterprise_home_does_not_grow_with_its_applications(client_for, world):
    world.add(1)
    user = world.enterprise_user
    viewer = client_for(user)
    few = queries_for(viewer, "/enterprise/")
    for n in range(5):
        make_application(user, tier_code="scenario", state=Status.DRAFT, round=open_round(name=f"批次{n}"))
    many = queries_for(viewer, "/enterprise/")
    assert many == few, f"{few} queries for 1 application, {many} for 6"


def test_the_citys_quota_pages_count_in_one_query(client_for, jinan_official, jinan):
    from tests.review.city.helpers import make_quota
    from tiers.models import Round

    viewer = client_for(jinan_official)
    make_quota(open_round(name="2024年度批次"), "advanced", {jinan: 3})
    few = [queries_for(viewer, url) for url in ("/tiers/my-quota/", "/city/")]
    for year in range(2025, 2031):
        make_quota(open_round(name=f"{year}年度批次"), "advanced", {jinan: 3})
        make_quota(Round.objects.get(name=f"{year}年度批次"), "scenario", {jinan: 5})
    many = [queries_for(viewer, url) for url in ("/tiers/my-quota/", "/city/")]
    assert many == few


def test_the_application_detail_does_not_grow_with_its_evidence_and_history(
        client_for, enterprise_user, jinan_official, provincial_officer):
    from applications import services
    from tests.applications.factories import pdf_upload

    app = make_application(enterprise_user, state=Status.RETURNED, returner=jinan_official)
    urls = [(enterprise_user, f"/applications/{app.pk}/"), (jinan_official, f"/applications/{app.pk}/")]
    few = [queries_for(client_for(user), url) for user, url in urls]
    for section in ("outcomes", "outcomes", "outcomes", "outcomes"):
        services.add_attachment(app, actor=enterprise_user, section=section, uploaded=pdf_upload())
    for n in range(20):
        audit(enterprise_user, "tests.touched", app, message=f"第{n}次")
    many = [queries_for(client_for(user), url) for user, url in urls]
    assert many == few, f"{few} queries before, {many} with more evidence and history"


def test_the_admins_quota_pages_do_not_grow_with_plans_and_cities(client_for, admin_user):
    from portal.accounts.models import City
    from tests.review.city.helpers import make_quota
    from tiers.models import QuotaPlan

    viewer = client_for(admin_user)
    cities = list(City.objects.order_by("code"))
    first = make_quota(open_round(name="2024年度批次"), "advanced", {cities[0]: 3})
    few = [queries_for(viewer, "/tiers/quotas/"), queries_for(viewer, f"/tiers/quotas/{first.pk}/")]
    for year in range(2025, 2031):
        make_quota(open_round(name=f"{year}年度批次"), "advanced", dict.fromkeys(cities, 2))
    big = QuotaPlan.objects.order_by("-pk").first()
    many = [queries_for(viewer, "/tiers/quotas/"), queries_for(viewer, f"/tiers/quotas/{big.pk}/")]
    assert many == few, f"{few} queries for one plan of one city, {many} for seven plans of 16 cities"
