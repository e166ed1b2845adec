"""The application keeps the time of its latest submission (the city's queue sorts and filters on it)."""
import pytest

from applications import services
from applications.constants import Status
from tests.applications.factories import make_application

pytestmark = pytest.mark.django_db


def test_each_submission_records_its_time_on_the_application(enterprise_user, jinan_official):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    first = app.versions.get(number=1).submitted_at
    assert app.submitted_at == first
    services.return_for_revision(app, actor=jinan_official, comments={"general": "补充材料"})
    app.refresh_from_db()
    assert app.submitted_at == first  # a return keeps the last submission
    services.accept_pledge(app, actor=enterprise_user)
    app = services.resubmit(app, actor=enterprise_user)
    assert app.submitted_at == app.versions.get(number=2).submitted_at > first
