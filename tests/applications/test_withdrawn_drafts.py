"""A draft the enterprise withdrew before ever submitting it is still only the enterprise's: the city and
the province read submitted applications, whatever happened to them since (a withdrawal after submission
stays on their record)."""
import pytest
from django.test import Client

from applications import services
from applications.constants import Status
from applications.selectors import applications_visible_to
from portal.api.scopes import Scope
from portal.api.tokens import issue_token
from tests.applications.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn_draft(enterprise_user):
    app = make_application(enterprise_user, state=Status.WITHDRAWN)
    assert app.status == Status.WITHDRAWN and app.submitted_at is None
    return app


@pytest.fixture
def withdrawn_after_submission(enterprise_user, withdrawn_draft):
    app = make_application(enterprise_user, tier_code="scenario", state=Status.SUBMITTED, round=withdrawn_draft.round)
    return services.withdraw(app, actor=enterprise_user, reason="今年暂不申报")


def test_a_draft_withdrawn_before_submission_is_a_404_for_the_province_and_the_city(
        withdrawn_draft, withdrawn_after_submission, provincial_officer, jinan_official, admin_user, client_for):
    for reader in (provincial_officer, jinan_official, admin_user):
        assert set(applications_visible_to(reader)) == {withdrawn_after_submission}
    response = client_for(provincial_officer).get(f"/applications/{withdrawn_draft.pk}/")
    assert response.status_code == 404
    assert withdrawn_draft.enterprise.name not in response.content.decode()


def test_the_enterprise_still_sees_its_own_withdrawn_draft(withdrawn_draft, enterprise_user, client_for):
    assert client_for(enterprise_user).get(f"/applications/{withdrawn_draft.pk}/").status_code == 200


def test_a_province_token_lists_no_withdrawn_draft(withdrawn_draft, withdrawn_after_submission, admin_user):
    _, raw = issue_token(client="省级系统", scopes=[Scope.READ_PROVINCE_APPLICATIONS], city=None, expires_at=None,
                         actor=admin_user)
    headers = {"Authorization": f"Bearer {raw}"}

    listed = Client().get("/api/v1/applications/", headers=headers).json()["results"]
    assert [row["id"] for row in listed] == [withdrawn_after_submission.pk]
    assert Client().get(f"/api/v1/applications/{withdrawn_draft.pk}/", headers=headers).status_code == 404
