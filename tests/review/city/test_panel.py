"""The city bureau's landing panel counts what waits for it."""
import pytest
from django.urls import reverse

from review.city import services as city_services
from review.models import Filing
from tests.applications.factories import make_application
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, make_credit_code

from .helpers import make_quota, passed

pytestmark = pytest.mark.django_db


def test_city_panel_counts_its_work(enterprise_user, jinan_enterprise_users, jinan_official, provincial_officer,
                                    round_, jinan, client_for):
    users = jinan_enterprise_users(4)
    make_application(users[0], tier_code="advanced", state="submitted")
    basic = passed(enterprise_user, jinan_official, tier_code="basic")
    make_quota(round_, "advanced", {jinan: 3})
    city_services.recommend(passed(users[1], jinan_official), actor=jinan_official)
    passed(users[2], jinan_official)
    # A second basic applicant: not one of jinan_enterprise_users, who hold a basic title already (Art. 11).
    newcomer = EnterpriseUserFactory(enterprise=EnterpriseFactory(city=jinan, credit_code=make_credit_code("370103", 900)))
    passed(newcomer, jinan_official, tier_code="basic")
    city_services.recognize(basic, actor=jinan_official)
    city_services.query_filing(Filing.objects.get(), actor=provincial_officer, reason="请说明。")

    response = client_for(jinan_official).get(reverse("city_home"))
    panel = next(p for p in response.context["panels"] if p["template"] == "review/city/_panel.html")
    assert (panel["submitted"], panel["to_recognize"], panel["to_recommend"], panel["queried"]) == (1, 1, 1, 1)
    [quota] = panel["quotas"]
    assert (quota.final, quota.used, quota.remaining) == (3, 1, 2)
    assert 'id="panel-city-work"' in response.content.decode()


def test_qingdao_panel_counts_none_of_jinan_work(submitted_basic, qingdao_official, client_for):
    response = client_for(qingdao_official).get(reverse("city_home"))
    panel = next(p for p in response.context["panels"] if p["template"] == "review/city/_panel.html")
    assert (panel["submitted"], panel["to_recognize"], panel["to_recommend"], panel["queried"]) == (0, 0, 0, 0)
