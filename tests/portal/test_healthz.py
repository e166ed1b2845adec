"""GET /healthz: the liveness probe (and the benchmarks' trivial view) answers without the database,
the session or a login. These tests have no database access at all, so a query would fail them."""
from django.test import override_settings


def test_anonymous_probe_gets_plain_ok_not_a_login_redirect(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"] == "no-store"


def test_a_session_cookie_is_neither_read_nor_set(client):
    # Loading this session would query the session table, which these tests may not touch.
    client.cookies["sessionid"] = "someone-signed-in"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_head_is_answered_and_post_refused(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_probe_is_not_redirected_to_https_in_production(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/public/register/").status_code == 301
