"""A new application offers only the rounds and tiers the enterprise may apply for, and says why the
others are not offered: its city not in the round, the prerequisite title missing (Art. 12, 13), a
title of the tier held, an open application."""
import pytest
from django.urls import reverse

from applications.constants import Status
from tests.applications.factories import give_title, make_application, open_round, tier
from tests.factories import city
from tiers.models import CityQuota, QuotaPlan

pytestmark = pytest.mark.django_db


def offered(client):
    response = client.get(reverse("applications:new"))
    form = response.context["form"]
    return ({t.code for _r, t in form.options.values()},
            {(t.code if t else None): reason for _r, t, reason, _a in form.unavailable}, response.content.decode())


def _quota(round_, code, cities):
    plan = QuotaPlan.objects.create(round=round_, tier=tier(code), total=len(cities))
    for c in cities:
        CityQuota.objects.create(plan=plan, city=c, computed=1)
    return plan


def test_excellence_and_leading_are_not_offered_without_an_advanced_title_and_say_why(client_for, enterprise_user):
    round_ = open_round()
    _quota(round_, "scenario", [enterprise_user.enterprise.city])
    codes, refused, html = offered(client_for(enterprise_user))
    assert codes == {"basic", "scenario"}
    assert set(refused) == {"advanced", "excellence", "leading"}
    assert 'id="not-offered"' in html and ("第十三条" in html or "Art. 13" in html)


def test_a_held_title_and_an_open_application_are_not_offered_again(client_for, enterprise_user):
    round_ = open_round()
    _quota(round_, "scenario", [enterprise_user.enterprise.city])
    give_title(enterprise_user.enterprise, "basic")
    make_application(enterprise_user, tier_code="advanced", state=Status.SUBMITTED, round=round_)
    codes, refused, _html = offered(client_for(enterprise_user))
    assert codes == {"scenario"}
    assert {"basic", "advanced", "excellence", "leading"} == set(refused)


def test_a_round_the_city_does_not_take_part_in_says_so(client_for, enterprise_user):
    open_round(name="青岛专项批次", cities=[city("370200")])
    codes, refused, html = offered(client_for(enterprise_user))
    assert codes == set() and None in refused and "青岛专项批次" in html


def test_a_tier_needing_a_quota_is_not_offered_while_the_city_has_none_and_says_art_12(client_for, enterprise_user):
    round_ = open_round()
    give_title(enterprise_user.enterprise, "basic")
    _quota(round_, "advanced", [city("370200")])  # a plan for 青岛 only; the enterprise is in 济南
    codes, refused, html = offered(client_for(enterprise_user))
    assert "advanced" not in codes and "scenario" not in codes
    assert "名额" in str(refused["advanced"]) and "第十二条" in str(refused["scenario"])
    assert "第十二条" in html


def test_a_tier_needing_a_quota_is_offered_once_the_city_has_one(client_for, enterprise_user):
    round_ = open_round()
    give_title(enterprise_user.enterprise, "basic")
    _quota(round_, "advanced", [enterprise_user.enterprise.city])
    _quota(round_, "scenario", [enterprise_user.enterprise.city])
    codes, _refused, _html = offered(client_for(enterprise_user))
    assert {"advanced", "scenario"} <= codes
