"""Two-factor sign-in: required for each official role, experts and admins (when switched on, as in
production), optional for enterprises; enrolment with a QR code, the code after the password,
recovery codes used once, an admin's reset; every change in the security log."""
import base64

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
OFFICIAL_ROLES = ["jinan_official", "provincial_officer", "expert", "admin_user"]


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def code_for(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(client, user, password):
    return client.post(LOGIN, {"username": user.username, "password": password})


def code_from_page(page):
    """The current code of the key the set-up page shows (what the user's app computes)."""
    text = page.context["secret"].replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    return f"{TOTP(key, 30, 0, 6, 0).token():06d}"


def enrol(client, user):
    page = client.get(reverse("accounts:two_factor_setup"))
    page = client.post(reverse("accounts:two_factor_setup"), {"code": code_from_page(page)})
    return TOTPDevice.objects.get(user=user, confirmed=True), page.context["codes"]


def verbs(user):
    return list(AuditEntry.objects.filter(object_id=str(user.pk), verb__startswith="security.two_factor")
                .order_by("pk").values_list("verb", flat=True))


@pytest.mark.parametrize("persona", OFFICIAL_ROLES)
def test_each_official_role_must_enrol_before_reaching_any_page(persona, request, client, password):
    user = request.getfixturevalue(persona)
    sign_in(client, user, password)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert client.get(reverse("applications:list"))["Location"].startswith(reverse("accounts:two_factor_setup"))
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device, codes = enrol(client, user)
    assert len(codes) == 10 and TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/", follow=True).status_code == 200  # verified: the portal opens
    assert verbs(user) == ["security.two_factor_enrolled"]


@pytest.mark.parametrize("persona", OFFICIAL_ROLES)
def test_after_the_password_an_enrolled_official_gives_the_code(persona, request, client, password):
    user = request.getfixturevalue(persona)
    sign_in(client, user, password)
    device, _codes = enrol(client, user)
    client.post("/accounts/logout/")
    sign_in(client, user, password)
    gate = client.get(reverse("applications:list"))
    assert gate["Location"].startswith(reverse("accounts:two_factor_verify"))
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    # The wrong code throttles the device for a moment, and the code of the enrolment cannot be used
    # twice (replay): as the next time step would, clear both.
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp, device.last_t = 0, None, -1
    device.save()
    response = client.post(reverse("accounts:two_factor_verify") + "?next=/applications/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/applications/"
    assert client.get(reverse("applications:list")).status_code == 200
    assert verbs(user)[-2:] == ["security.two_factor_failed", "security.two_factor_verified"]


def test_a_recovery_code_signs_in_once(client, jinan_official, password):
    sign_in(client, jinan_official, password)
    _device, codes = enrol(client, jinan_official)
    client.post("/accounts/logout/")
    sign_in(client, jinan_official, password)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("review:city_queue")).status_code == 200
    client.post("/accounts/logout/")
    sign_in(client, jinan_official, password)
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 200 and again.context["form"].errors  # used up
    assert "security.two_factor_recovery_code_used" in verbs(jinan_official)


def test_an_admin_resets_a_lost_second_factor_and_the_user_enrols_again(client, client_for, jinan_official,
                                                                        admin_user, password):
    from django.test import Client

    sign_in(client, jinan_official, password)
    enrol(client, jinan_official)
    admin = Client()
    sign_in(admin, admin_user, password)
    enrol(admin, admin_user)
    staff = admin.get(reverse("accounts:staff_list")).content.decode()
    assert reverse("accounts:two_factor_reset", args=[jinan_official.pk]) in staff
    admin.post(reverse("accounts:two_factor_reset", args=[jinan_official.pk]))
    assert not TOTPDevice.objects.filter(user=jinan_official).exists()
    (reset,) = AuditEntry.objects.filter(verb="security.two_factor_reset")
    assert reset.actor == admin_user and reset.object_id == str(jinan_official.pk)
    fresh = Client()
    sign_in(fresh, jinan_official, password)
    assert fresh.get("/")["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_only_admins_reset(client_for, jinan_official, provincial_officer, settings):
    settings.TWO_FACTOR_REQUIRED = False
    response = client_for(provincial_officer).post(reverse("accounts:two_factor_reset", args=[jinan_official.pk]))
    assert response.status_code == 403


def test_enterprises_may_go_without_or_choose_it(client, enterprise_user, password):
    sign_in(client, enterprise_user, password)
    assert client.get(reverse("applications:list")).status_code == 200  # optional: not asked
    enrol(client, enterprise_user)
    client.post("/accounts/logout/")
    sign_in(client, enterprise_user, password)
    assert client.get(reverse("applications:list"))["Location"].startswith(reverse("accounts:two_factor_verify"))
    # Chosen, it is asked at every sign-in; verified, the enterprise may turn it off again.
    device = TOTPDevice.objects.get(user=enterprise_user, confirmed=True)
    device.last_t = -1  # the next time step: the enrolment's code is not replayed
    device.save()
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    client.post(reverse("accounts:two_factor"), {"action": "remove"})
    assert not TOTPDevice.objects.filter(user=enterprise_user).exists()
    assert verbs(enterprise_user)[-1] == "security.two_factor_removed"


def test_an_official_cannot_turn_it_off(client, jinan_official, password):
    sign_in(client, jinan_official, password)
    enrol(client, jinan_official)
    client.post(reverse("accounts:two_factor"), {"action": "remove"})
    assert TOTPDevice.objects.filter(user=jinan_official, confirmed=True).exists()


def test_the_embedded_demo_signs_in_with_the_password_alone(client, jinan_official, password, settings):
    settings.TWO_FACTOR_REQUIRED = False
    sign_in(client, jinan_official, password)
    assert client.get(reverse("review:city_queue")).status_code == 200


def test_it_is_on_by_default_in_production():
    import os
    import subprocess
    import sys

    code = "import django,os;django.setup();from django.conf import settings;print(settings.TWO_FACTOR_REQUIRED)"
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 60, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    env.pop("TWO_FACTOR_REQUIRED", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_the_second_factor_flag_follows_the_devices_whatever_removes_them(client, enterprise_user, password):
    assert not enterprise_user.second_factor
    sign_in(client, enterprise_user, password)
    device, _codes = enrol(client, enterprise_user)
    enterprise_user.refresh_from_db()
    assert enterprise_user.second_factor
    device.delete()  # the authenticator gone (the admin's device page): the recovery codes remain
    enterprise_user.refresh_from_db()
    assert enterprise_user.second_factor
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.filter(user=enterprise_user).delete()  # a bulk delete sends its signals too
    enterprise_user.refresh_from_db()
    assert not enterprise_user.second_factor


def test_the_gate_reads_no_device_table_for_a_user_without_a_second_factor(client, enterprise_user, password,
                                                                         settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TWO_FACTOR_REQUIRED = False
    sign_in(client, enterprise_user, password)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("applications:list")).status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "otp_" in q["sql"]]


def test_opening_the_set_up_page_writes_no_device(client, jinan_official, password):
    sign_in(client, jinan_official, password)

    first = client.get(reverse("accounts:two_factor_setup"))
    again = client.get(reverse("accounts:two_factor_setup"))

    assert first.status_code == again.status_code == 200 and "<svg" in first.content.decode()
    assert not TOTPDevice.objects.filter(user=jinan_official).exists()
    assert first.context["secret"] == again.context["secret"]  # the same key until it is confirmed


def test_a_wrong_code_at_enrolment_writes_no_device_and_the_right_one_confirms_the_key_shown(
        client, jinan_official, password):
    sign_in(client, jinan_official, password)
    page = client.get(reverse("accounts:two_factor_setup"))
    wrong = "000000" if code_from_page(page) != "000000" else "111111"

    refused = client.post(reverse("accounts:two_factor_setup"), {"code": wrong})

    assert refused.status_code == 200 and refused.context["secret"] == page.context["secret"]
    assert not TOTPDevice.objects.filter(user=jinan_official).exists()
    assert verbs(jinan_official) == ["security.two_factor_failed"]
    client.post(reverse("accounts:two_factor_setup"), {"code": code_from_page(page)})
    device = TOTPDevice.objects.get(user=jinan_official)
    assert device.confirmed and code_for(device) == code_from_page(page)
    assert verbs(jinan_official) == ["security.two_factor_failed", "security.two_factor_enrolled"]
