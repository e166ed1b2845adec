"""The security log: sign-ins and their failures, lockouts, password resets and changes, two-factor
changes and refused attempts on objects, as rows of the audit trail (``portal.audit``), which is
append-only. Each row says who (the actor, or the user name tried), what (the verb, the object: the
user concerned, or the path refused) and from where (the client's address, ``portal.client_ip``, and
its browser). Admins search them in the audit log (``?verb=security.``).

=================================  ===========================================================
verb                               written when
=================================  ===========================================================
security.signed_in                 a user signed in (``user_logged_in``)
security.signed_out                a user signed out
security.sign_in_failed            a wrong user name or password (``user_login_failed``)
security.locked_out                the failure that locked a user name at an address, or an address
                                   spraying many user names (``portal.accounts.lockout``)
security.refused_while_locked      an attempt while locked, or too soon while an account is slowed
security.lock_lifted               an admin lifted a lock
security.password_reset_requested  a reset link was asked for an e-mail address
security.password_reset            a password was set from a reset link (the lockout ends)
security.password_changed          a signed-in user changed their password
security.two_factor_*              a two-factor device was added, removed or reset, a recovery
                                   code used (``portal.accounts.two_factor``)
security.refused                   a 403 to anyone, or a 404 to a signed-in user (an object not
                                   theirs, or none), with the method and path
=================================  ===========================================================

One row per event: each is written by exactly one receiver or view.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .audit import audit
from .audit_sentences import register_verbs
from .client_ip import client_ip
from .models import AuditEntry

# The prefix of every verb written here: the rows that record access, not a change of the portal's data.
SECURITY_VERBS = "security."

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "security.signed_in": gettext_lazy("Signed in"),
    "security.signed_out": gettext_lazy("Signed out"),
    "security.sign_in_failed": gettext_lazy("Sign-in failed"),
    "security.locked_out": gettext_lazy("Locked out after repeated failures"),
    "security.refused_while_locked": gettext_lazy("Sign-in refused while locked out"),
    "security.lock_lifted": gettext_lazy("Sign-in lock lifted by an administrator"),
    "security.password_reset_requested": gettext_lazy("Password reset asked for"),
    "security.password_reset": gettext_lazy("Password set from a reset link"),
    "security.password_changed": gettext_lazy("Password changed"),
    "security.two_factor_enrolled": gettext_lazy("Two-factor sign-in set up"),
    "security.two_factor_failed": gettext_lazy("Two-factor code refused"),
    "security.two_factor_recovery_code_used": gettext_lazy("Recovery code used"),
    "security.two_factor_recovery_codes_renewed": gettext_lazy("Recovery codes renewed"),
    "security.two_factor_removed": gettext_lazy("Two-factor sign-in removed"),
    "security.two_factor_reset": gettext_lazy("Two-factor sign-in reset by an administrator"),
    "security.two_factor_verified": gettext_lazy("Two-factor code accepted"),
    "security.refused": gettext_lazy("Access refused"),
})


def where(request: Any) -> dict[str, str]:
    if request is None:
        return {}
    return {"ip": client_ip(request), "user_agent": request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:200]}


def record(verb: str, request: Any, *, actor: Any = None, user: Any = None, message: str = "",
           **facts: Any) -> Any:
    """One security row: ``user`` is the account concerned (the row is in its audit trail)."""
    return audit(actor, verb, user, after={**facts, **where(request)}, message=message)


def user_named(username: str) -> Any:
    if not username:
        return None
    return get_user_model()._default_manager.filter(username=username[:150]).first()


@receiver(user_logged_in, dispatch_uid="portal.security_log.signed_in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record("security.signed_in", request, actor=user, user=user)


@receiver(user_logged_out, dispatch_uid="portal.security_log.signed_out")
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record("security.signed_out", request, actor=user, user=user)


@receiver(user_login_failed, dispatch_uid="portal.security_log.sign_in_failed")
def _sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """After axes's own receiver (axes comes first in INSTALLED_APPS): it has marked a lockout. Only
    the user name is read from the credentials, never the password."""
    username = str(credentials.get("username") or "")[:150]
    verb = "security.sign_in_failed"
    facts: dict[str, Any] = {}
    if getattr(request, "axes_locked_out", False):
        # The lockout handler (portal.accounts.lockout) refused the attempt before the password was
        # checked, or locked the pair or the address with this failure.
        refused = getattr(request, "portal_refused", None)
        if refused:
            verb, facts = "security.refused_while_locked", {"scope": refused[0], "wait_seconds": refused[1]}
        elif getattr(request, "portal_locked", None):
            verb, facts = "security.locked_out", {"scope": request.portal_locked}
        else:
            verb = "security.refused_while_locked" if _locked_before(username, request) else "security.locked_out"
    record(verb, request, user=user_named(username), username=username, **facts)


def _locked_before(username: str, request: Any) -> bool:
    """Whether a lockout of this user name or this address is already written within the cool-off."""
    hours = float(getattr(settings, "AXES_COOLOFF_TIME", 1) or 1)
    since = timezone.now() - datetime.timedelta(hours=hours)
    return AuditEntry.objects.filter(verb="security.locked_out", created_at__gte=since).filter(
        Q(after__username=username) | Q(after__ip=client_ip(request))).exists()


class RefusalLogMiddleware:
    """Writes ``security.refused`` for a 403 to anyone and a 404 to a signed-in user (after the
    authentication middleware; static files and the favicon are not objects)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response
        self.skip = (settings.STATIC_URL or "/static/", "/favicon.ico")

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        status = response.status_code
        if status in (403, 404) and not request.path.startswith(self.skip):
            has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
            user = getattr(request, "user", None) if has_session else None
            signed_in = user is not None and user.is_authenticated
            if status == 403 or signed_in:
                record("security.refused", request, actor=user if signed_in else None,
                       message=f"{request.method} {request.path}"[:500], status=status)
        return response
