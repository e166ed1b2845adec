"""Which round and tier the ranking page shows: without a choice, the newest round and tier with an
application under review (found in one query); a choice is honoured; a choice that names nothing is a 400."""
import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from review.province.views import _ranking_choice
from tests.applications.factories import tier
from tests.review.province.helpers import under_review
from tiers.constants import Authority
from tiers.models import Round, Tier

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario_under_review(enterprise_user, provincial_officer, experts, rubric):
    """A scenario award under review (the last tier in order) in the test round, and a newer round with
    nothing under review: neither the first tier nor the newest round is the answer."""
    app = under_review(enterprise_user, provincial_officer, experts, tier_code="scenario")
    now = timezone.now()
    Round.objects.create(year=2027, name="2027年度批次", opens_at=now + datetime.timedelta(days=300),
                         closes_at=now + datetime.timedelta(days=330))
    return app


def ranking(client, **params):
    return client.get(reverse("review:ranking"), params)


def test_without_a_choice_the_page_opens_on_the_round_and_tier_under_review(scenario_under_review,
                                                                          provincial_officer, client_for):
    app = scenario_under_review
    response = ranking(client_for(provincial_officer))
    assert response.status_code == 200
    assert (response.context["round"], response.context["tier"]) == (app.round, app.tier)
    assert [r.key for r in response.context["rows"]] == [app]
    html = response.content.decode()
    assert f'<option value="{app.round_id}" selected>' in html and f'<option value="{app.tier_id}" selected>' in html


def test_the_round_and_tier_under_review_are_found_in_one_query(scenario_under_review, django_assert_num_queries):
    tiers = Tier.objects.exclude(authority=Authority.CITY)
    with django_assert_num_queries(1):
        round_, chosen = _ranking_choice(RequestFactory().get("/"), Round.objects.all(), tiers)
    assert (round_, chosen) == (scenario_under_review.round, scenario_under_review.tier)


def test_a_choice_is_honoured_and_only_what_is_missing_is_found(scenario_under_review, provincial_officer,
                                                                client_for):
    app, client = scenario_under_review, client_for(provincial_officer)
    newer = Round.objects.get(year=2027)
    response = ranking(client, round=newer.pk, tier=tier("advanced").pk)
    assert (response.context["round"], response.context["tier"]) == (newer, tier("advanced"))
    assert list(response.context["rows"]) == []
    response = ranking(client, round=app.round_id)  # the tier under review in that round
    assert response.context["tier"] == app.tier
    response = ranking(client, tier=app.tier_id)  # the round under review for that tier
    assert response.context["round"] == app.round
    response = ranking(client, tier=tier("advanced").pk)  # nothing under review there: the newest round
    assert (response.context["round"], response.context["tier"]) == (newer, tier("advanced"))


@pytest.mark.parametrize("params", [
    {"round": "abc"}, {"tier": "-1"}, {"round": "1.5"}, {"round": str(2**31)}, {"round": "999999"},
    {"tier": "999999"}, {"tier": "basic-tier"},
])
def test_a_choice_that_names_nothing_is_a_400(params, scenario_under_review, provincial_officer, client_for):
    if params.get("tier") == "basic-tier":  # the basic tier is the city's, never ranked by the province
        params = {"tier": str(tier("basic").pk)}
    assert ranking(client_for(provincial_officer), **params).status_code == 400
    assert ranking(client_for(provincial_officer), export="xlsx", **params).status_code == 400
