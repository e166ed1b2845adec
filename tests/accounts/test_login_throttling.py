"""Login throttling with django-axes: AXES_FAILURE_LIMIT failures lock one user name from one address."""
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


def test_a_lockout_does_not_affect_other_users(client, enterprise_user, jinan_official, password, locked):
    response = _login(client, jinan_official.username, password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(jinan_official.pk)


def test_a_lockout_does_not_affect_the_same_user_from_another_address(client, enterprise_user, password,
                                                                      locked):
    response = _login(client, enterprise_user.username, password, ip="198.51.100.20")
    assert response.status_code == 302
