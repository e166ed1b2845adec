"""Requests that send e-mail or create accounts are limited per address and per account: over the
limit the page answers 429 with what was typed and says why; another address or account is not held."""
import pytest
from django.core import mail

from portal.accounts.models import Enterprise

from . import test_registration

REGISTER = test_registration.URL
form_data = test_registration.form_data  # the registration form's data (a fixture)

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


def test_password_reset_requests_are_limited_per_address(client, enterprise_user, settings):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "3/h"
    for n in range(3):
        assert client.post(RESET, {"email": f"n{n}@example.com"}, REMOTE_ADDR="203.0.113.8").status_code == 302
    response = client.post(RESET, {"email": enterprise_user.email}, REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 429 and "密码重置请求过多" in response.content.decode()
    assert mail.outbox == []  # the limited request sent nothing
    assert client.post(RESET, {"email": enterprise_user.email}, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert len(mail.outbox) == 1


def test_password_reset_requests_are_limited_per_account_across_addresses(client, enterprise_user):
    for n in range(3):
        client.post(RESET, {"email": enterprise_user.email.upper()}, REMOTE_ADDR=f"198.51.100.{n + 1}")
    response = client.post(RESET, {"email": enterprise_user.email}, REMOTE_ADDR="198.51.100.99")
    assert response.status_code == 429 and len(mail.outbox) == 3


def test_registrations_are_limited_per_address_keeping_what_was_typed(client, form_data, settings):  # noqa: F811
    settings.REGISTRATION_RATE_PER_ADDRESS = "2/h"
    for n in range(2):
        client.post(REGISTER, {**form_data, "username": f"u{n}", "credit_code": "bad"}, REMOTE_ADDR="203.0.113.20")
    response = client.post(REGISTER, form_data, REMOTE_ADDR="203.0.113.20")
    page = response.content.decode()
    assert response.status_code == 429 and form_data["name"] in page and "注册次数过多" in page
    assert not Enterprise.objects.filter(credit_code=form_data["credit_code"]).exists()
    assert client.post(REGISTER, form_data, REMOTE_ADDR="203.0.113.21").status_code == 302


def test_registrations_are_limited_per_credit_code(client, form_data):  # noqa: F811
    for n in range(3):
        client.post(REGISTER, {**form_data, "password2": "mismatch"}, REMOTE_ADDR=f"192.0.2.{n + 1}")
    assert client.post(REGISTER, form_data, REMOTE_ADDR="192.0.2.50").status_code == 429


def test_a_password_reset_ends_the_user_names_lockout(client, enterprise_user, password, settings):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": enterprise_user.username, "password": "x"},
                    REMOTE_ADDR=f"198.51.100.{n + 1}")
    login = {"username": enterprise_user.username, "password": "Neuer-Anfang-2026"}
    assert client.post("/accounts/login/", login, REMOTE_ADDR="192.0.2.7").status_code == 429
    uid = urlsafe_base64_encode(force_bytes(enterprise_user.pk))
    token = default_token_generator.make_token(enterprise_user)
    response = client.get(f"/accounts/password/reset/{uid}/{token}/", follow=True)
    client.post(response.redirect_chain[-1][0], {"new_password1": "Neuer-Anfang-2026",
                                                 "new_password2": "Neuer-Anfang-2026"})
    assert client.post("/accounts/login/", login, REMOTE_ADDR="192.0.2.7").status_code == 302
