"""An application belongs to the city whose bureau screens it: its enterprise's city when it was created.

The city is kept on the application (the city's queue, counts and quotas read it from an index), so
these tests prove it is set wherever an application is created and that the city's pages scope by it.
"""
import pytest
from django.urls import reverse

from applications.constants import Status
from applications.models import Application
from applications.selectors import applications_visible_to
from tests.applications.factories import make_application
from tiers.models import Tier

pytestmark = pytest.mark.django_db


def test_a_new_application_takes_its_enterprise_city(enterprise_user, jinan):
    app = make_application(enterprise_user)
    assert app.city == jinan == enterprise_user.enterprise.city


def test_an_application_created_without_a_city_is_given_it_on_save(enterprise_user, jinan):
    template = make_application(enterprise_user)
    another_tier = Tier.objects.exclude(pk=template.tier_id).exclude(code="scenario").first()
    other = Application(enterprise=template.enterprise, round=template.round, tier=another_tier,
                        created_by=enterprise_user, kind=template.kind)
    other.save()
    assert other.city_id == jinan.pk


def test_the_city_queue_lists_the_application_city_not_another(enterprise_user, jinan_official, qingdao_official):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    assert list(applications_visible_to(jinan_official)) == [app]
    assert list(applications_visible_to(qingdao_official)) == []


def test_an_application_stays_with_the_bureau_that_screens_it_when_the_enterprise_moves(
        client, enterprise_user, jinan_official, qingdao_official, qingdao):
    """An administrator moving the enterprise to another city does not hand its submitted application
    to that city's bureau: the screening bureau keeps it, and the other bureau gets a 404."""
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    enterprise = enterprise_user.enterprise
    enterprise.city = qingdao
    enterprise.save()
    client.force_login(qingdao_official)
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 404
    client.force_login(jinan_official)
    assert client.get(reverse("applications:detail", args=[app.pk])).status_code == 200
