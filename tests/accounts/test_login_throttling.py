"""Login throttling with django-axes (portal.accounts.lockout): AXES_FAILURE_LIMIT failures lock a user
name at an address; the same account elsewhere is slowed, never locked; a colleague at the same address
still signs in; an address spraying many user names is refused; behind the trusted proxy the client's
address counts, never the proxy's, and a client's own X-Forwarded-For is ignored."""
import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.accounts.lockout import slowdown_left
from portal.models import AuditEntry

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


def test_a_colleague_at_the_same_address_still_signs_in(client, enterprise_user, jinan_official, password, locked):
    response = _login(client, jinan_official.username, password)  # the same address as the locked pair

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(jinan_official.pk)


def _time_passes(seconds):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(seconds=seconds))


def test_the_same_account_from_another_address_is_slowed_not_locked(client, enterprise_user, password, locked):
    too_soon = _login(client, enterprise_user.username, password, ip="198.51.100.20")
    assert too_soon.status_code == 429 and "_auth_user_id" not in client.session
    assert "秒后再试" in too_soon.content.decode()

    _time_passes(settings.LOGIN_SLOWDOWN_SECONDS)
    assert _login(client, enterprise_user.username, password, ip="198.51.100.20").status_code == 302
    assert _login(Client(), enterprise_user.username, password).status_code == 429  # the pair stays locked


def test_the_delay_for_one_account_grows_with_each_failure_from_anywhere(client, enterprise_user, locked):
    def left():
        return slowdown_left(enterprise_user.username, timezone.now() - datetime.timedelta(hours=1), timezone.now())

    delay, waited = settings.LOGIN_SLOWDOWN_SECONDS, []
    for n in range(3):
        waited.append(left())
        _time_passes(delay)
        _login(client, enterprise_user.username, "wrong-password", ip=f"198.51.100.{n + 1}")
        delay *= 2
    assert waited == [settings.LOGIN_SLOWDOWN_SECONDS * 2 ** n for n in range(3)]


def test_guessing_one_user_name_from_many_addresses_is_slowed(client, enterprise_user, password):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, enterprise_user.username, "wrong-password", ip=f"198.51.100.{n + 1}")
    assert _login(client, enterprise_user.username, password, ip="192.0.2.99").status_code == 429


def test_spraying_many_user_names_from_one_address_is_locked(client, enterprise_user, jinan_official, password):
    for n in range(settings.LOGIN_SPRAY_LIMIT):
        _login(client, f"someone{n}", "Summer2026!", ip="203.0.113.50")
    assert _login(client, jinan_official.username, password, ip="203.0.113.50").status_code == 429
    assert _login(client, jinan_official.username, password, ip="203.0.113.51").status_code == 302


def test_a_few_colleagues_mistyping_behind_one_gateway_lock_nobody_out(client, jinan_official, password):
    for n in range(settings.LOGIN_SPRAY_LIMIT - 1):
        _login(client, f"colleague{n}", "typo", ip="203.0.113.50")
    assert _login(client, jinan_official.username, password, ip="203.0.113.50").status_code == 302


def test_each_lock_is_one_security_log_row_and_refusals_are_rows_of_their_own(client, enterprise_user, password,
                                                                             locked):
    _login(client, enterprise_user.username, password)
    rows = list(AuditEntry.objects.filter(verb__in=["security.locked_out", "security.refused_while_locked"])
                .order_by("pk").values_list("verb", "after__scope"))
    assert rows == [("security.locked_out", "account and address"),
                    ("security.refused_while_locked", "account and address")]
    for n in range(settings.LOGIN_SPRAY_LIMIT):
        _login(client, f"someone{n}", "Summer2026!", ip="203.0.113.50")
    assert AuditEntry.objects.filter(verb="security.locked_out", after__scope="address",
                                     after__ip="203.0.113.50").count() == 1


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
    for n in range(settings.LOGIN_SPRAY_LIMIT):
        client.post(URL, {"username": f"y{n}", "password": "nope"}, REMOTE_ADDR="203.0.113.70",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")  # a different forged address each time
    response = client.post(URL, {"username": jinan_official.username, "password": password},
                           REMOTE_ADDR="203.0.113.70", HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429


def test_the_admin_sees_the_lock_and_lifts_it_with_a_security_log_row(client, client_for, admin_user, enterprise_user,
                                                                      password, locked):
    changelist = reverse("admin:axes_accessattempt_changelist")
    console = client_for(admin_user)
    page = console.get(changelist)
    assert page.status_code == 200 and enterprise_user.username in page.content.decode()
    attempt = AccessAttempt.objects.get(username=enterprise_user.username)

    response = console.post(changelist, {"action": "lift_locks", "_selected_action": [attempt.pk]})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=enterprise_user.username).exists()
    row = AuditEntry.objects.get(verb="security.lock_lifted")
    assert row.actor == admin_user and row.after["username"] == enterprise_user.username
    assert row.after["locked_ip"] == "203.0.113.7"
    assert _login(Client(), enterprise_user.username, password).status_code == 302
