"""Login throttling with django-axes: AXES_FAILURE_LIMIT failures lock a user name whatever the address
(guessing), and an address whatever the user names (spraying); behind the trusted proxy the client's
address counts, never the proxy's, and a client's own X-Forwarded-For is ignored."""
import pytest
from django.conf import settings

URL = "/accounts/login/"


def _login(client, username, password, ip="203.0.113.7"):
    return client.post(URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def locked(client, enterprise_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, enterprise_user.username, "wrong-password")
    return response


def test_a_wrong_password_re_renders_the_login_form(client, enterprise_user):
    response = _login(client, enterprise_user.username, "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_the_right_password_logs_in_before_the_limit(client, enterprise_user, password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, enterprise_user.username, "wrong-password")
    response = _login(client, enterprise_user.username, password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(enterprise_user.pk)


def test_after_the_limit_even_the_right_password_is_refused_with_the_lockout_page(client, enterprise_user,
                                                                                  password, locked):
    assert locked.status_code == 429
    response = _login(client, enterprise_user.username, password)

    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert 'href="/accounts/password/reset/"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_affect_other_users_from_other_addresses(client, enterprise_user, jinan_official,
                                                                     password, locked):
    response = _login(client, jinan_official.username, password, ip="198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(jinan_official.pk)


def test_a_locked_user_name_is_locked_from_every_address(client, enterprise_user, password, locked):
    assert _login(client, enterprise_user.username, password, ip="198.51.100.20").status_code == 429


def test_guessing_one_user_name_from_many_addresses_is_locked(client, enterprise_user, password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, enterprise_user.username, "wrong-password", ip=f"198.51.100.{n + 1}")
    assert _login(client, enterprise_user.username, password, ip="192.0.2.99").status_code == 429


def test_spraying_many_user_names_from_one_address_is_locked(client, enterprise_user, jinan_official, password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"someone{n}", "Summer2026!", ip="203.0.113.50")
    assert _login(client, jinan_official.username, password, ip="203.0.113.50").status_code == 429
    assert _login(client, jinan_official.username, password, ip="203.0.113.51").status_code == 302


def test_behind_the_trusted_proxy_the_clients_address_counts(client, enterprise_user, jinan_official, password,
                                                             settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(URL, {"username": f"x{_}", "password": "nope"}, REMOTE_ADDR="10.0.0.5",
                    HTTP_X_FORWARDED_FOR="203.0.113.60")
    # Another client behind the same proxy is not locked out by the first one's failures.
    response = client.post(URL, {"username": jinan_official.username, "password": password}, REMOTE_ADDR="10.0.0.5",
                           HTTP_X_FORWARDED_FOR="198.51.100.61")
    assert response.status_code == 302


def test_a_clients_own_forwarded_header_is_ignored_without_a_trusted_proxy(client, jinan_official, password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(URL, {"username": f"y{n}", "password": "nope"}, REMOTE_ADDR="203.0.113.70",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")  # a different forged address each time
    response = client.post(URL, {"username": jinan_official.username, "password": password},
                           REMOTE_ADDR="203.0.113.70", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429
