"""Two-factor sign-in (django-otp): a time-based code from an authenticator app (TOTP), and ten
one-time recovery codes for a lost phone.

- Required (``settings.TWO_FACTOR_REQUIRED``, on by default when ``DEBUG=0``) for city officials,
  provincial officers, experts and admins; optional for enterprises, whose users may enrol. The
  embedded demo (``DEBUG=1``) leaves it off, so the README's demo accounts sign in with passwords.
- After the password, ``TwoFactorMiddleware`` lets a user who must (or chose to) use a second factor
  reach only the enrolment and verification pages (and signing out) until the session is verified.
- An admin resets a user's second factor (a lost phone and lost codes): the devices are removed and
  the user enrols again at the next sign-in.

Every change is a row of the security log: ``security.two_factor_enrolled``, ``_verified``,
``_failed``, ``_recovery_code_used``, ``_recovery_codes_renewed``, ``_removed``, ``_reset``.
"""
from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import security_log

from .constants import Role

REQUIRED_ROLES = frozenset({Role.CITY_OFFICIAL, Role.PROVINCIAL_OFFICER, Role.EXPERT, Role.ADMIN})
RECOVERY_CODES = 10
AUTHENTICATOR = "authenticator"
RECOVERY = "recovery codes"


def required_for(user: Any) -> bool:
    return bool(getattr(settings, "TWO_FACTOR_REQUIRED", False)) and (
        getattr(user, "role", None) in REQUIRED_ROLES or getattr(user, "is_superuser", False))


def enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_verification(user: Any) -> bool:
    """Signed in with the password but not yet with the second factor it must (or chose to) use."""
    if not getattr(user, "is_authenticated", False) or user.is_verified():
        return False
    return required_for(user) or user.second_factor


def keep_second_factor_flag(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A device saved or deleted, by any path (these services, the admin, a cascade): the user's
    ``second_factor`` says again whether a confirmed device is left (``django_otp.user_has_device``)."""
    from .models import User

    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        has_device = user_has_device(user)
        if user.second_factor != has_device:
            User.objects.filter(pk=user.pk).update(second_factor=has_device)


# --- enrolling ----------------------------------------------------------------------------------

PENDING_KEY = "two_factor_pending_key"


def pending_device(request: Any) -> TOTPDevice:
    """The authenticator being enrolled, not saved: its key lives in the session until the first code
    confirms it, so opening the set-up page (a GET) writes nothing and shows the same key each time."""
    from django_otp.util import random_hex

    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = random_hex(20)
    return TOTPDevice(user=request.user, name=AUTHENTICATOR, key=key, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The key to type into an app that cannot scan (base32, in groups of four)."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG markup (no image request, nothing inline to script)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@transaction.atomic
def confirm(request: Any, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the pending authenticator (``pending_device``) with its first code: only then is it saved.
    Returns the new recovery codes (shown once), or None when the code is wrong. The session is verified
    with it."""
    user = request.user
    attempt = transaction.savepoint()
    if not device.verify_token(_digits(token)):
        transaction.savepoint_rollback(attempt)  # django-otp saves its throttle on the unsaved device
        security_log.record("security.two_factor_failed", request, actor=user, user=user, step="enrol")
        return None
    transaction.savepoint_commit(attempt)
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()  # one authenticator a user
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    request.session.pop(PENDING_KEY, None)
    codes = _new_codes(user)
    otp_login(request, device)
    security_log.record("security.two_factor_enrolled", request, actor=user, user=user)
    return codes


def _digits(token: str) -> str:
    return "".join(ch for ch in str(token) if not ch.isspace())


def _new_codes(user: Any) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def renew_recovery_codes(request: Any) -> list[str]:
    codes = _new_codes(request.user)
    security_log.record("security.two_factor_recovery_codes_renewed", request, actor=request.user, user=request.user)
    return codes


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY).count()


# --- signing in ---------------------------------------------------------------------------------

@transaction.atomic
def verify(request: Any, token: str) -> bool:
    """Check a code from the authenticator or a recovery code (used up); verify the session."""
    user = request.user
    token = _digits(token).lower()
    device = match_token(user, token) if token else None
    if device is None:
        security_log.record("security.two_factor_failed", request, actor=user, user=user, step="sign-in")
        return False
    otp_login(request, device)
    if isinstance(device, StaticDevice):
        security_log.record("security.two_factor_recovery_code_used", request, actor=user, user=user,
                            left=recovery_codes_left(user))
    else:
        security_log.record("security.two_factor_verified", request, actor=user, user=user)
    return True


@transaction.atomic
def remove(user: Any, *, request: Any, by_admin: bool = False) -> int:
    """Remove the user's authenticator and recovery codes (an admin's reset, or an enterprise user
    turning the optional second factor off). Returns how many devices were removed."""
    removed = TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    verb = "security.two_factor_reset" if by_admin else "security.two_factor_removed"
    security_log.record(verb, request, actor=request.user, user=user)
    return removed


# --- the gate ------------------------------------------------------------------------------------

OPEN_URL_NAMES = ("accounts:two_factor_setup", "accounts:two_factor_verify", "accounts:logout", "set_language",
                  "healthz", "readyz")


@lru_cache(maxsize=1)
def _open_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in OPEN_URL_NAMES)


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a session signed in with the password only reaches the
    enrolment and verification pages until its second factor is given."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        gated = (settings.SESSION_COOKIE_NAME in request.COOKIES
                 and request.path not in _open_paths()
                 and not request.path.startswith(settings.STATIC_URL or "/static/"))
        if gated and needs_verification(request.user):
            target = "accounts:two_factor_verify" if enrolled(request.user) else "accounts:two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
