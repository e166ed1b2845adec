"""Sign-in lockout (django-axes, with the portal's two additions).

Axes locks the *pair* of a user name and an address (``AXES_LOCKOUT_PARAMETERS``) after
``AXES_FAILURE_LIMIT`` failures, for ``AXES_COOLOFF_TIME``: the person typing at that address waits,
while a colleague behind the same gateway, and the account's owner elsewhere, still sign in. Locking a
user name from everywhere would hand anyone who knows the name a lever to keep its owner out; locking an
address for every user would let one person lock out a whole bureau behind one gateway.

What the pair alone would let through, this handler adds:

- spraying: one address failing for ``LOGIN_SPRAY_LIMIT`` different user names within the cool-off is
  refused for every user name (a bureau's colleagues who mistype and then sign in are not counted: a
  success clears their pair);
- guessing one account from many addresses: once the account's failures from all addresses reach the
  limit, each further attempt at it must wait a delay that doubles with every failure
  (``LOGIN_SLOWDOWN_SECONDS`` … ``LOGIN_SLOWDOWN_MAX_SECONDS``) after the last one. The account is
  slowed, never locked from everywhere.

Attempts refused while locked or slowed are not counted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT``
off): waiting out the delay is enough. The lock itself and every refusal are rows of the security log
(``portal.security_log``); the admin sees the current locks and lifts one (``lift_lock``).
"""
from __future__ import annotations

import datetime
import math
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from portal import security_log

PAIR, ADDRESS, SLOWED = "account and address", "address", "slowed"


def _since(request: Any) -> datetime.datetime:
    return get_cool_off_threshold(request)


def spraying(ip_address: str, since: datetime.datetime) -> bool:
    """Whether ``ip_address`` failed for ``LOGIN_SPRAY_LIMIT`` different user names since ``since``."""
    names = (AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since, failures_since_start__gt=0)
             .values("username").distinct().count())
    return names >= settings.LOGIN_SPRAY_LIMIT


def slowdown_left(username: str, since: datetime.datetime, now: datetime.datetime) -> int:
    """Seconds the next attempt at ``username`` must still wait (0: none): nothing below the failure
    limit, then a delay doubling with each failure from any address, counted from the last one."""
    row = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures, last = row["failures"] or 0, row["last"]
    over = failures - settings.AXES_FAILURE_LIMIT
    if last is None or over < 0:
        return 0
    delay = min(settings.LOGIN_SLOWDOWN_SECONDS * 2 ** min(over, 30), settings.LOGIN_SLOWDOWN_MAX_SECONDS)
    return max(0, math.ceil((last + datetime.timedelta(seconds=delay) - now).total_seconds()))


class LockoutHandler(AxesDatabaseHandler):
    """``AXES_HANDLER``: axes's database handler, with the address's spraying and the account's slowdown.
    The reason of a refusal is left on the request (``portal_refused``: the scope, and the seconds to
    wait when slowed) for the lockout page and the security log."""

    def is_locked(self, request: Any, credentials: dict | None = None) -> bool:
        since = _since(request)
        if super().is_locked(request, credentials):
            request.portal_refused = (PAIR, None)
        elif spraying(request.axes_ip_address, since):
            request.portal_refused = (ADDRESS, None)
        else:
            username = get_client_username(request, credentials)
            left = slowdown_left(username, since, timezone.now()) if username else 0
            if not left:
                return False
            request.portal_refused = (SLOWED, left)
        return True

    def user_login_failed(self, sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
        """Axes counts the failure and locks the pair at the limit; this one also locks the address when
        the failure completes a spray. ``portal_locked`` names the scope of a lock this failure made."""
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "portal_refused", None):
            return
        if request.axes_locked_out:
            request.portal_locked = PAIR
        elif spraying(request.axes_ip_address, _since(request)):
            request.axes_locked_out = True
            request.portal_locked = ADDRESS


def current_locks(now: datetime.datetime | None = None) -> Any:
    """The attempts that lock a pair now (at the failure limit, within the cool-off), newest first."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return AccessAttempt.objects.filter(attempt_time__gte=since, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
                                        ).order_by("-attempt_time")


@transaction.atomic
def lift_lock(attempt: AccessAttempt, *, request: Any) -> int:
    """An admin lifts a lock: the failures of the pair are forgotten, and so are the address's when it
    is refused for spraying. One security-log row; returns how many attempt rows were removed."""
    since = timezone.now() - datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    rows = AccessAttempt.objects.filter(username=attempt.username, ip_address=attempt.ip_address)
    if spraying(attempt.ip_address or "", since):
        rows = AccessAttempt.objects.filter(ip_address=attempt.ip_address)
    removed, _ = rows.delete()
    security_log.record("security.lock_lifted", request, actor=request.user,
                        user=security_log.user_named(attempt.username or ""), username=attempt.username,
                        locked_ip=attempt.ip_address, attempts=removed)
    return removed
