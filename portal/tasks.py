"""The portal's own Celery tasks: the outbox's delivery and sweep, and the workers' heartbeat."""
from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from . import notifications, outbox  # noqa: F401 - notifications registers its e-mail handler

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="portal.outbox.deliver", acks_late=True, reject_on_worker_lost=True,
             ignore_result=True, max_retries=None)
def deliver(self: Any, message_id: int) -> str:
    """Perform one outbox message (``portal.outbox.deliver``), retrying after the handler's back-off.

    ``acks_late`` with ``reject_on_worker_lost``: a worker killed mid-task (SIGKILL, the out-of-memory
    killer) gives the task back to the broker instead of acknowledging it as failed.
    """
    while True:
        # A real worker renews its claim while the handler runs; eagerly there is no other process to fear.
        outcome = outbox.deliver(message_id, keep_claim=not self.request.is_eager)
        if outcome.result not in ("retry", "busy"):
            return outcome.result
        if self.request.is_eager:
            if outcome.result == "busy":
                return "busy"
            continue  # eager (embedded default, tests): the next attempt at once, without waiting
        raise self.retry(countdown=outcome.delay)


@worker_ready.connect(dispatch_uid="portal.outbox.release_after_worker_start")
def release_after_worker_start(**kwargs: Any) -> None:
    """A worker that starts (after a crash, a kill or a deploy) makes what a lost worker held due to the
    next sweep, a few seconds away instead of minutes (``outbox.release_after_worker_start``)."""
    released = outbox.release_after_worker_start()
    if released:
        logger.info("A worker started: %s outbox messages sent and not yet done are due again.", released)


@shared_task(name="portal.outbox.sweep", ignore_result=True, acks_late=True)
def sweep() -> dict[str, int]:
    """Send again what the outbox has not done (every few seconds, from Celery beat)."""
    return outbox.sweep()


@shared_task(bind=True, name="portal.heartbeat", ignore_result=True)
def heartbeat(self: Any) -> str:
    """Record that this worker runs scheduled tasks (read by ``/readyz/``)."""
    from .models import WorkerHeartbeat

    hostname = self.request.hostname or "eager"
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": timezone.now()})
    return hostname


@shared_task(name="portal.files.sweep_orphans", ignore_result=True, acks_late=True, time_limit=3600,
             soft_time_limit=3500)
def sweep_orphan_files() -> dict[str, Any]:
    """Remove private files no record refers to, a day after they were written (daily, from beat)."""
    from .files import sweep_orphans

    result = sweep_orphans()
    return {"checked": result["checked"], "removed": len(result["removed"]), "kept_young": result["kept_young"]}


@shared_task(name="portal.send_reminders", ignore_result=True, acks_late=True, time_limit=1800,
             soft_time_limit=1700)
def send_reminders() -> dict[str, int]:
    """Daily (Celery beat): the reminders of every app (``portal.reminders``), each sent once."""
    from .reminders import send_reminders as send

    return send()


@shared_task(name="portal.seed_calendar", ignore_result=True, acks_late=True)
def seed_calendar() -> dict[str, Any]:
    """Daily (Celery beat): load this year's and next year's holidays and 调休 into the working-day calendar
    as soon as the chinesecalendar package knows them; safe to run twice (days already there, an admin's
    corrections among them, are kept)."""
    from .calendar.seeding import seed

    return {str(year): added for year, added in seed().items()}
