"""A new application offers only the rounds and tiers the enterprise may apply for, and says why the
others are not offered: its city not in the round, the prerequisite title missing (Art. 12, 13), a
title of the tier held, an open application."""
import pytest
from django.urls import reverse

from applications.constants import Status
from tests.applications.factories import give_title, make_application, open_round
from tests.factories import city

pytestmark = pytest.mark.django_db


def offered(client):
    response = client.get(reverse("applications:new"))
    form = response.context["form"]
    return ({t.code for _r, t in form.options.values()},
            {(t.code if t else None): reason for _r, t, reason, _a in form.unavailable}, response.content.decode())


def test_excellence_and_leading_are_not_offered_without_an_advanced_title_and_say_why(client_for, enterprise_user):
    open_round()
    codes, refused, html = offered(client_for(enterprise_user))
    assert codes == {"basic", "scenario"}
    assert set(refused) == {"advanced", "excellence", "leading"}
    assert 'id="not-offered"' in html and ("第十三条" in html or "Art. 13" in html)


def test_a_held_title_and_an_open_application_are_not_offered_again(client_for, enterprise_user):
    round_ = open_round()
    give_title(enterprise_user.enterprise, "basic")
    make_application(enterprise_user, tier_code="advanced", state=Status.SUBMITTED, round=round_)
    codes, refused, _html = offered(client_for(enterprise_user))
    assert codes == {"scenario"}
    assert {"basic", "advanced", "excellence", "leading"} == set(refused)


def test_a_round_the_city_does_not_take_part_in_says_so(client_for, enterprise_user):
    open_round(name="青岛专项批次", cities=[city("370200")])
    codes, refused, html = offered(client_for(enterprise_user))
    assert codes == set() and None in refused and "青岛专项批次" in html
