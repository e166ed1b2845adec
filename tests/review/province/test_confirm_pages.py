"""A confirm page is offered only as its button is: to whoever holds the transition's permission on
the object, in a state that allows it; else 403, or back to the record with the reason."""
import pytest
from django.urls import reverse

from applications.constants import Status
from tests.review.province.helpers import in_notice, recommended

pytestmark = pytest.mark.django_db


def confirm(app, name):
    return reverse("applications:transition", args=[app.pk, name])


def test_an_expert_gets_no_certify_confirm_page(enterprise_user, provincial_officer, experts, rubric, client_for):
    app = in_notice(enterprise_user, provincial_officer, experts)
    assert client_for(experts[0]).get(confirm(app, "certify")).status_code in (403, 404)
    assert client_for(experts[0]).post(confirm(app, "certify")).status_code in (403, 404)
    app.refresh_from_db()
    assert app.status == Status.IN_NOTICE


@pytest.mark.parametrize("persona", ["jinan_official", "enterprise_user"])
def test_the_provinces_acceptance_is_not_offered_to_a_city_or_the_enterprise(persona, request, enterprise_user,
                                                                           client_for):
    app = recommended(enterprise_user)
    user = request.getfixturevalue(persona)
    assert client_for(user).get(confirm(app, "accept")).status_code == 403
    assert client_for(user).post(confirm(app, "accept")).status_code == 403
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDED


def test_certify_during_the_notice_goes_back_with_the_date_it_may_follow(enterprise_user, provincial_officer, experts,
                                                                       rubric, client_for):
    app = in_notice(enterprise_user, provincial_officer, experts)
    client = client_for(provincial_officer)
    response = client.get(confirm(app, "certify"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("applications:detail", args=[app.pk])
    messages = [str(m) for m in response.context["messages"]]
    from applications.actions import APPLICATION_ACTIONS

    assert messages == [APPLICATION_ACTIONS.not_yet(app, "certify")] and "certify from the next day" in messages[0]


def test_a_step_no_longer_possible_goes_back_with_the_state(enterprise_user, provincial_officer, client_for):
    from applications.workflow import perform

    app = recommended(enterprise_user)
    perform(app, "accept", actor=provincial_officer)
    response = client_for(provincial_officer).get(confirm(app, "accept"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("applications:detail", args=[app.pk])
    assert any("不可" in str(m) or "not possible" in str(m) for m in response.context["messages"])


def test_the_rightful_officer_still_gets_the_confirm_page(enterprise_user, provincial_officer, client_for):
    app = recommended(enterprise_user)
    response = client_for(provincial_officer).get(confirm(app, "accept"))
    assert response.status_code == 200 and response.templates[0].name == "applications/transition_confirm.html"
