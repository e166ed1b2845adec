"""Lists officials and the public page through stay at a constant number of queries however many rows
they show (no query per row). Counts are compared, never timed."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.constants import Status
from tests.applications.factories import make_application, open_round
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, make_credit_code
from tests.tiers.factories import TitleFactory, tier


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def add_submitted(jinan, n, start):
    round_ = open_round()
    for i in range(start, start + n):
        enterprise = EnterpriseFactory(city=jinan, credit_code=make_credit_code("370102", 5000 + i))
        user = EnterpriseUserFactory(enterprise=enterprise)
        make_application(user, state=Status.SUBMITTED, round=round_)
        TitleFactory(enterprise=enterprise, tier=tier("basic"), year=2025)


@pytest.mark.parametrize("persona, url", [
    ("jinan_official", "/review/city/queue/"),
    ("provincial_officer", "/titles/"),
    ("admin_user", "/console/audit/"),
    (None, "/public/register/"),
])
def test_list_queries_do_not_grow_with_rows(client_for, client, request, jinan, persona, url):
    viewer = client_for(request.getfixturevalue(persona)) if persona else client
    add_submitted(jinan, 2, 0)
    few = queries_for(viewer, url)
    add_submitted(jinan, 8, 2)
    many = queries_for(viewer, url)
    assert many == few, f"{url}: {few} queries for 2 rows, {many} for 10"
