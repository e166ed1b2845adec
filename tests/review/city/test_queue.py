"""The city's work queue: only its own city, filterable, sortable, exportable."""
import datetime
import re

import pytest
from django.urls import reverse

from applications.constants import Status
from applications.models import Application, ApplicationVersion
from review.city import services as city_services
from tests.applications.factories import give_title, make_application, open_round

from .helpers import workbook_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(enterprise_user, other_enterprise_user, jinan_enterprise_users, jinan_official, round_):
    """济南: three submitted (two districts, two tiers, one older), one passed; 青岛: one submitted."""
    first, second = jinan_enterprise_users(2)  # 章丘区, 历城区
    second.enterprise.titles.all().delete()  # applies for basic: holding a basic title would refuse it (Art. 11)
    apps = {
        "own": make_application(enterprise_user, tier_code="basic", state=Status.SUBMITTED),   # 历下区
        "zhangqiu": make_application(first, tier_code="advanced", state=Status.SUBMITTED),
        "licheng": make_application(second, tier_code="basic", state=Status.SUBMITTED, stamped=True),
        "qingdao": make_application(other_enterprise_user, tier_code="basic", state=Status.SUBMITTED),
    }
    # Submitted earlier than the others: its version and the application's last submission time.
    earlier = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
    ApplicationVersion.objects.filter(application=apps["zhangqiu"]).update(submitted_at=earlier)
    Application.objects.filter(pk=apps["zhangqiu"].pk).update(submitted_at=earlier)
    city_services.pass_prescreen(apps["licheng"], actor=jinan_official)
    return apps


def rows_of(response):
    return [int(pk) for pk in re.findall(r'data-application="(\d+)"', response.content.decode())]


def test_queue_shows_only_the_officials_city_awaiting_pre_screen_oldest_first(queue, jinan_official, client_for):
    response = client_for(jinan_official).get(reverse("review:city_queue"))
    assert response.status_code == 200
    assert rows_of(response) == [queue["zhangqiu"].pk, queue["own"].pk]


def test_qingdao_official_sees_only_qingdao(queue, qingdao_official, client_for):
    client = client_for(qingdao_official)
    assert rows_of(client.get(reverse("review:city_queue"), {"status": ""})) == [queue["qingdao"].pk]
    assert client.get(reverse("applications:detail", args=[queue["own"].pk])).status_code == 404
    assert client.get(reverse("applications:diff", args=[queue["own"].pk, 1])).status_code == 404


@pytest.mark.parametrize("params, expected", [
    ({"status": ""}, {"own", "zhangqiu", "licheng"}),
    ({"status": "city_passed"}, {"licheng"}),
    ({"status": "", "tier": "advanced"}, {"zhangqiu"}),
    ({"status": "", "district": "历城区"}, {"licheng"}),
    ({"status": "", "submitted_until": "2026-01-31"}, {"zhangqiu"}),
    ({"status": "", "submitted_from": "2026-02-01"}, {"own", "licheng"}),
    ({"status": "", "q": "济南智造"}, {"own"}),
])
def test_queue_filters(params, expected, queue, jinan_official, client_for):
    response = client_for(jinan_official).get(reverse("review:city_queue"), params)
    assert set(rows_of(response)) == {queue[key].pk for key in expected}


def test_queue_filters_by_round(queue, enterprise_user, jinan_official, client_for):
    other_round = open_round(name="2026年度第二批", tiers=("advanced",))
    give_title(enterprise_user.enterprise, "basic")
    later = make_application(enterprise_user, tier_code="advanced", state=Status.SUBMITTED, round=other_round)
    response = client_for(jinan_official).get(reverse("review:city_queue"), {"status": "", "round": other_round.pk})
    assert rows_of(response) == [later.pk]


def test_queue_sorts(queue, jinan_official, client_for):
    client = client_for(jinan_official)
    by_submission = rows_of(client.get(reverse("review:city_queue"), {"status": "", "ordering": "-submitted"}))
    assert by_submission[-1] == queue["zhangqiu"].pk
    by_district = rows_of(client.get(reverse("review:city_queue"), {"status": "", "ordering": "district"}))
    # 历下区 < 历城区 < 章丘区 in code-point order
    assert by_district == [queue["own"].pk, queue["licheng"].pk, queue["zhangqiu"].pk]


def test_queue_export_is_the_filtered_queue(queue, jinan_official, client_for):
    response = client_for(jinan_official).get(reverse("review:city_queue"), {"status": "", "export": "xlsx",
                                                                            "ordering": "enterprise"})
    rows = workbook_rows(response)
    names = sorted(queue[k].enterprise.name for k in ("own", "zhangqiu", "licheng"))
    assert [r[0] for r in rows[1:]] == names
    passed_row = next(r for r in rows[1:] if r[0] == queue["licheng"].enterprise.name)
    assert passed_row[1] == queue["licheng"].enterprise.credit_code and passed_row[2] == "历城区"
    assert passed_row[9]  # its pre-screen decision
    default = workbook_rows(client_for(jinan_official).get(reverse("review:city_queue"), {"export": "xlsx"}))
    assert len(default) == 3  # header + the two awaiting pre-screen, as on the page


def test_queue_is_for_city_officials(queue, enterprise_user, provincial_officer, client_for):
    assert client_for(enterprise_user).get(reverse("review:city_queue")).status_code == 403
    assert client_for(provincial_officer).get(reverse("review:city_queue")).status_code == 403


def test_navigation_of_city_officials_reaches_the_city_pages(jinan_official, client_for):
    page = client_for(jinan_official).get(reverse("city_home")).content.decode()
    for name in ("review:city_queue", "review:city_recommendations", "review:city_filings"):
        assert f'href="{reverse(name)}"' in page
