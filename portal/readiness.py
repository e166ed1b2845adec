"""Readiness: can this process serve real requests? ``/readyz/`` asks each dependency, quickly.

Liveness (``/healthz``) says only that the process answers; a load balancer restarts on that. Readiness
says whether the database, the broker, the file storage and at least one Celery worker work, so an
operator sees which part is down. Only the database and the storage make the instance unable to serve
(503); with the broker or every worker down the portal still serves and loses nothing (the outbox keeps
the work), so the answer is 200 with status "degraded": a load balancer must not take every web
instance out because a worker died.
Each check is bounded (about a second) and reports the exception's class, never its message (which may
name hosts or credentials). Which backends the portal runs on is for the operators: an anonymous caller
learns only "ready" or "not ready" (``for_operators``).
"""
from __future__ import annotations

import dataclasses
import datetime
import hmac
import ipaddress
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

# A worker runs the heartbeat task every 30 s (settings.CELERY_BEAT_SCHEDULE); older than this, none does.
HEARTBEAT_STALE_AFTER = datetime.timedelta(minutes=2)


@dataclasses.dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    ms: float
    critical: bool


# The checks without which no request can be served.
CRITICAL = frozenset({"database", "storage"})


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "none: tasks run in-process (eager)"
    from .celery import app

    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=1)
    return "reachable"


def _storage() -> str:
    from .storage import private_storage

    storage = private_storage()
    name = storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with storage.open(name) as handle:
            if handle.read() != b"ok":
                raise OSError("read back something else")
    finally:
        storage.delete(name)
    return "writable"


def _worker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "none needed (eager)"
    from .models import WorkerHeartbeat

    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("hostname", "seen_at").first()
    if latest is None:
        raise LookupError("no worker has ever sent a heartbeat")
    age = timezone.now() - latest[1]
    if age > HEARTBEAT_STALE_AFTER:
        raise TimeoutError(f"last heartbeat {int(age.total_seconds())} s ago")
    return f"{latest[0]}, {int(age.total_seconds())} s ago"


CHECKS: dict[str, Callable[[], str]] = {
    "database": _database, "broker": _broker, "storage": _storage, "worker": _worker,
}


def run_checks() -> list[Check]:
    results = []
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            detail, ok = check(), True
        except (TimeoutError, LookupError) as exc:
            detail, ok = str(exc), False
        except Exception as exc:  # a dependency down: say which kind of failure, not its message
            detail, ok = type(exc).__name__, False
        results.append(Check(name, ok, detail, round((time.monotonic() - started) * 1000, 1), name in CRITICAL))
    return results


def status(checks: list[Check]) -> str:
    """"ok", "degraded" (a non-critical dependency is down) or "unavailable" (a critical one is)."""
    if any(not c.ok and c.critical for c in checks):
        return "unavailable"
    return "ok" if all(c.ok for c in checks) else "degraded"


def for_operators(request: Any) -> bool:
    """Whether the caller may read each check: it presents the operators' token (``READINESS_TOKEN``, as
    ``Authorization: Bearer …``, compared in constant time) or calls from the internal network
    (``READINESS_NETWORKS``, loopback by default, so the container's own health check sees everything)."""
    from .client_ip import client_ip

    token = getattr(settings, "READINESS_TOKEN", "")
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and sent and hmac.compare_digest(sent.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request).split("%", 1)[0])
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(n.strip(), strict=False)
               for n in getattr(settings, "READINESS_NETWORKS", ()) if n.strip())
