"""A change that committed is reported as done, even when the database connection drops right after."""
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from applications.constants import Status
from applications.models import Application
from portal.audit import audit_trail
from tests.applications.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_committed_transition_is_reported_done_when_the_connection_drops_after_the_commit(
        error, enterprise_user, client_for):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    client = client_for(enterprise_user)
    client.raise_request_exception = False
    url = reverse("applications:transition", args=[app.pk, "withdraw"])
    # Any re-read of the application after the transition's commit finds the connection gone.
    with mock.patch.object(Application, "refresh_from_db", side_effect=error("server closed the connection")):
        response = client.post(url, {"reason": "今年暂不申报"})
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("applications:detail", args=[app.pk])
    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.WITHDRAWN
    assert list(audit_trail(app))[-1].verb == "applications.withdrawn"
