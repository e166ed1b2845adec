"""The OpenAPI contract: the document validates, the docs page is served from the portal's own static
files, and a schemathesis run over every operation (deterministic, a bounded number of examples each)
finds no server error and no response that breaks the schema."""
import base64
import json
import re
from urllib.parse import urlencode

import pytest
import schemathesis
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from portal.api.scopes import Scope
from portal.wsgi import application

pytestmark = pytest.mark.django_db


def test_drf_spectacular_validates_the_schema_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_the_served_document_is_valid_openapi_3_and_documents_every_endpoint(client):
    document = client.get("/api/v1/schema/", {"format": "json"}).json()

    validate(document)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/register/", "/api/v1/certificates/{number}/", "/api/v1/notices/", "/api/v1/titles/",
        "/api/v1/titles/{id}/history/", "/api/v1/applications/", "/api/v1/applications/{id}/",
        "/api/v1/quotas/", "/api/v1/support-list/"}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            assert {"400", "401", "404", "429"} <= set(operation["responses"]), path
            assert operation["responses"]["404"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"}
    assert document["components"]["securitySchemes"]["token"] == {
        "type": "http", "scheme": "bearer", "description": document["components"]["securitySchemes"]["token"][
            "description"]}


def test_the_docs_page_loads_swagger_ui_from_the_portals_static_files(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "https://" not in html and "cdn" not in html.lower()
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert finders.find(url.removeprefix("/static/")), url
    assert "swagger-ui" in html


def _crafted_cursors():
    """Cursors as a client could forge them: base64 of DRF's ``o``/``r``/``p`` tokens with any values
    (non-integer ids, impossible dates, huge numbers, wrong flags), next to plain junk."""
    value = st.one_of(st.integers(-2**70, 2**70).map(str), st.dates().map(str), st.text(max_size=12),
                      st.sampled_from(["abc", "2026-13-45", "2026-02-30 25:61:00", "1e9", "-1", ""]))
    tokens = st.dictionaries(st.sampled_from(["o", "r", "p"]), value, min_size=1)
    crafted = tokens.map(lambda t: base64.b64encode(urlencode(t).encode()).decode())
    return st.one_of(crafted, st.text(max_size=20))


schemathesis.openapi.format("cursor", _crafted_cursors())

# Loaded from the app itself when the module is collected (the schema view reads no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture
def keep_connection():
    """Requests go through the WSGI app itself, which closes the database connection when a request ends
    (``close_old_connections``): the test's transaction lives on it. Django's test client unhooks it the
    same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def all_scopes_token(world, token_for, keep_connection):
    return token_for([Scope.READ_REGISTER, Scope.READ_PROVINCE_APPLICATIONS, Scope.READ_SUPPORT_LIST])


@schema.parametrize()
@settings(max_examples=25, derandomize=True, deadline=None, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_operation_fails_or_breaks_its_schema(case, all_scopes_token, settings):
    settings.API_PUBLIC_RATE = settings.API_TOKEN_RATE = "1000000/min"
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {all_scopes_token}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                response_schema_conformance])
    if response.status_code == 200 and "results" in response.text:
        json.loads(response.text)
