"""The transactional outbox: every side effect that must follow a commit is recorded inside it.

A service that changes something and must then send an e-mail, render a certificate or notify someone
calls ``schedule(handler, *args)`` inside its transaction. That writes an ``OutboxMessage`` row with
the change, so the two commit or roll back together; after the commit the message is sent to Celery
(``portal.tasks.deliver``), which calls the handler. What can go wrong, and what happens then:

- The broker is down at commit: sending gives up within about a second (``dispatch`` sends with no
  retries and short socket timeouts, settings.CELERY_BROKER_*), the request succeeds, and the periodic
  ``sweep`` (Celery beat, every minute) sends the message again once the broker is back.
- A worker dies mid-task (SIGKILL, the out-of-memory killer, the hard time limit): the task is
  acknowledged late and rejected when its worker is lost, so the broker gives it again; and if that
  too is lost, the sweep sends it again after ``redispatch_after()``.
- A message is delivered twice (a redelivery, a re-dispatch beside a slow queue): a delivery first
  *claims* the message for its time limit, so a second delivery finds it claimed or done and does
  nothing. Handlers are still written to be idempotent: a claim can expire under a task that hangs.
- The handler fails: the attempt is recorded and retried with the handler's back-off; after
  ``max_attempts`` the message gives up and the handler's ``on_error(..., final=True)`` records the
  failure where people see it (a certificate's "failed" state, with the reason and a retry button).

Handlers are plain functions of JSON-serialisable arguments (primary keys), registered with
``@handler("app.name", ...)`` in the module that owns the work.
"""
from __future__ import annotations

import contextvars
import dataclasses
import datetime
import functools
import logging
from collections.abc import Callable
from typing import Any

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .audit_sentences import register_verbs
from .models import OutboxMessage
from .request_id import current_request_id, request_id_set
from .storage import files_follow_transactions

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "portal.outbox_sent_again": gettext_lazy("Background work sent again"),
})

logger = logging.getLogger(__name__)



def redispatch_after() -> datetime.timedelta:
    """A message not done this long after it was (last) dispatched is dispatched again by the sweep:
    longer than a busy queue takes to reach it (500 certificates on two workers: about two minutes).
    settings.OUTBOX_REDISPATCH_SECONDS, 180 by default."""
    return datetime.timedelta(seconds=settings.OUTBOX_REDISPATCH_SECONDS)

# Done messages are kept this long (what happened, for the operators), then the sweep deletes them.
KEEP_DONE = datetime.timedelta(days=30)
SWEEP_BATCH = 500


def default_backoff(attempt: int, *, jitter: bool = True) -> float:
    """Seconds before attempt ``attempt + 2``: 10, 20, 40 ... at most 5 minutes (below the broker's
    visibility timeout), with full jitter (a batch that failed together does not retry at the same moment)."""
    return get_exponential_backoff_interval(factor=10, retries=attempt, maximum=300, full_jitter=jitter)


@dataclasses.dataclass(frozen=True)
class Handler:
    name: str
    function: Callable[..., Any]
    max_attempts: int = 6
    backoff: Callable[[int], float] = default_backoff
    # on_error(exc, *args, final=bool): told of every failed attempt; final when the message gives up.
    on_error: Callable[..., Any] | None = None
    soft_time_limit: int = 60
    time_limit: int = 90

    @property
    def lease(self) -> datetime.timedelta:
        """How long a delivery holds the message: past the task's hard time limit, after which the
        delivery is surely dead (settings.OUTBOX_LEASE_SECONDS overrides it, for tests of recovery)."""
        return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS or self.time_limit + 30)


_HANDLERS: dict[str, Handler] = {}


def handler(name: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the outbox handler ``name`` (options: see ``Handler``)."""
    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        existing = _HANDLERS.get(name)
        if existing is not None and existing.function.__qualname__ != function.__qualname__:
            raise ValueError(f"An outbox handler named {name!r} is already registered.")
        _HANDLERS[name] = Handler(name=name, function=function, **options)
        function.outbox_handler = name  # type: ignore[attr-defined]
        return function
    return register


def schedule(function: Callable[..., Any], *args: Any) -> OutboxMessage:
    """Record that ``function`` (an outbox handler) must run with ``args`` once this transaction commits.

    Call it inside the transaction of the change that causes the side effect. Post: one message row in
    that transaction; after commit it is sent to Celery (and, if that fails, by the sweep later).
    """
    name = getattr(function, "outbox_handler", None)
    if name not in _HANDLERS:
        raise ValueError(f"{function!r} is not an outbox handler (decorate it with @outbox.handler).")
    with transaction.atomic():
        message = OutboxMessage.objects.create(
            handler=name, args=list(args), request_id=current_request_id(),
            dispatch_after=timezone.now() + redispatch_after(),
        )
        message_id = message.pk
        transaction.on_commit(lambda: dispatch(message_id), robust=True)
    return message


def dispatch(message_id: int) -> bool:
    """Send the message to the worker now. Never raises and never blocks for long: when the broker
    cannot take it, the message stays due and the sweep sends it later. Returns whether it was sent.

    On the embedded default (eager tasks: the "worker" is this process) during a request, the work is
    kept for after the response instead (``RunAfterResponseMiddleware``), as a real worker would do it."""
    after_response = _after_response.get()
    if after_response is not None and _eager():
        after_response.append(message_id)
        return True
    message = OutboxMessage.objects.filter(pk=message_id).values("handler", "request_id").first()
    if message is None:
        return False
    spec = _HANDLERS.get(message["handler"])
    if spec is None:
        logger.error("Outbox message %s names no known handler %r.", message_id, message["handler"])
        return False
    try:
        send(message_id, spec)
    except Exception:  # the broker is unreachable: the sweep sends the message once it is back
        logger.warning("Could not send outbox message %s (%s) to the broker; the sweep will send it.",
                       message_id, message["handler"], exc_info=True)
        return False
    return True


# --- the embedded default: a request's work runs after its response -------------------------------

_after_response: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("outbox_after_response",
                                                                                 default=None)


def _eager() -> bool:
    from .tasks import deliver

    return bool(deliver.app.conf.task_always_eager)


class RunAfterResponseMiddleware:
    """With eager tasks (no broker, no worker), the outbox messages a request commits are delivered once
    its response is sent and closed (the WSGI server closes it after the last byte), not inside the
    request: submitting an application answers at once, and its documents render just after."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if not _eager():
            return self.get_response(request)
        pending: list[int] = []
        token = _after_response.set(pending)
        try:
            response = self.get_response(request)
        finally:
            _after_response.reset(token)
        if pending:
            # Closers run when the server closes the response, before request_finished.
            response._resource_closers.append(functools.partial(_deliver_after_response, pending))
        return response


def _deliver_after_response(message_ids: list[int]) -> None:
    for message_id in message_ids:
        try:
            dispatch(message_id)
        except Exception:  # a handler's error is recorded by the delivery; nothing may break the close
            logger.exception("Outbox message %s failed after the response.", message_id)


def send(message_id: int, spec: Handler) -> None:
    """Publish the delivery task: once, without Celery's publish retries, with the broker's short
    connect and socket timeouts (settings.CELERY_BROKER_*), so a broker that is down costs about a second."""
    from .tasks import deliver

    deliver.apply_async((message_id,), retry=False, soft_time_limit=spec.soft_time_limit,
                        time_limit=spec.time_limit, queue=deliver.app.conf.task_default_queue)


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one delivery did: ``done``, ``gave_up``, ``retry`` (after ``delay`` s), ``busy`` or ``gone``."""

    result: str
    delay: float = 0.0


def deliver(message_id: int) -> Outcome:
    """Run the message's handler once, unless it is done or another delivery holds it.

    Post: done (``done_at`` set) when the handler returned; after a failure, either a retry is due
    (``Outcome("retry", delay)``) or, past ``max_attempts``, the message gave up and the handler's
    ``on_error`` recorded the failure.
    """
    now = timezone.now()
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        return Outcome("gone")
    if message.done_at is not None:
        return Outcome("done")
    spec = _HANDLERS.get(message.handler)
    if spec is None:
        raise LookupError(f"No outbox handler named {message.handler!r} (message {message_id}).")
    claimed = (OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True)
               .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
               .update(claimed_until=now + spec.lease, attempts=F("attempts") + 1))
    if not claimed:
        message.refresh_from_db()
        if message.done_at is not None:
            return Outcome("done")
        wait = (message.claimed_until - now).total_seconds() if message.claimed_until else 0
        return Outcome("busy", max(wait, 0) + 1)
    message.refresh_from_db()
    if message.attempts > spec.max_attempts:
        # Every attempt so far died without finishing (a worker killed each time): stop here.
        return _give_up(message, spec, RuntimeError("the worker was lost on every attempt"))
    try:
        # The log lines of the work carry the request's id; files it saves but does not record go.
        with request_id_set(message.request_id), files_follow_transactions():
            spec.function(*message.args)
    except Exception as exc:
        if message.attempts >= spec.max_attempts:
            return _give_up(message, spec, exc)
        if spec.on_error is not None:
            spec.on_error(exc, *message.args, final=False)
        delay = spec.backoff(message.attempts - 1)
        OutboxMessage.objects.filter(pk=message_id).update(
            claimed_until=None, last_error=_describe(exc),
            dispatch_after=timezone.now() + datetime.timedelta(seconds=delay) + redispatch_after())
        logger.warning("Outbox message %s (%s) failed on attempt %s; retrying in %.0f s.", message_id,
                       message.handler, message.attempts, delay, exc_info=True)
        return Outcome("retry", delay)
    OutboxMessage.objects.filter(pk=message_id).update(done_at=timezone.now(), claimed_until=None, last_error="")
    return Outcome("done")


def _give_up(message: OutboxMessage, spec: Handler, exc: BaseException) -> Outcome:
    logger.error("Outbox message %s (%s) gave up after %s attempts: %s", message.pk, message.handler,
                 message.attempts, _describe(exc))
    if spec.on_error is not None:
        spec.on_error(exc, *message.args, final=True)
    OutboxMessage.objects.filter(pk=message.pk).update(
        done_at=timezone.now(), gave_up=True, claimed_until=None, last_error=_describe(exc))
    return Outcome("gave_up")


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def due_messages(now: datetime.datetime | None = None) -> Any:
    """Messages the sweep must send again: not done, due, and not held by a running delivery."""
    now = now or timezone.now()
    return (OutboxMessage.objects.filter(done_at__isnull=True, dispatch_after__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)))


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Send again every due message (up to ``SWEEP_BATCH``) and delete done ones past ``KEEP_DONE``.

    Run every minute by Celery beat (settings.CELERY_BEAT_SCHEDULE) and by ``manage.py outbox_sweep``.
    Returns what it did: {"dispatched": n, "unsent": n, "deleted": n}.
    """
    now = now or timezone.now()
    ids = list(due_messages(now).order_by("dispatch_after").values_list("pk", flat=True)[:SWEEP_BATCH])
    OutboxMessage.objects.filter(pk__in=ids).update(dispatch_after=now + redispatch_after(),
                                                    dispatches=F("dispatches") + 1)
    sent = sum(dispatch(pk) for pk in ids)
    deleted, _ = OutboxMessage.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    if ids:
        logger.info("Outbox sweep dispatched %s of %s due messages.", sent, len(ids))
    return {"dispatched": sent, "unsent": len(ids) - sent, "deleted": deleted}


def send_again(message_ids: Any, *, actor: Any) -> int:
    """An administrator sends messages again now: given-up ones get a fresh set of attempts.

    Pre: the actor is an administrator (the admin's action checks). Post: each message not done, or
    given up, is due again with its attempts reset, audited as ``portal.outbox_sent_again``, and
    dispatched after commit. Returns how many.
    """
    from .audit import audit

    with transaction.atomic():
        messages = list(OutboxMessage.objects.select_for_update()
                        .filter(pk__in=list(message_ids)).filter(Q(done_at__isnull=True) | Q(gave_up=True)))
        for message in messages:
            before = {"attempts": message.attempts, "gave_up": message.gave_up, "last_error": message.last_error}
            message.done_at, message.gave_up, message.attempts, message.claimed_until = None, False, 0, None
            message.dispatch_after = timezone.now() + redispatch_after()
            message.save(update_fields=["done_at", "gave_up", "attempts", "claimed_until", "dispatch_after"])
            audit(actor, "portal.outbox_sent_again", message, before=before, after={"attempts": 0, "gave_up": False})
            transaction.on_commit(functools.partial(dispatch, message.pk), robust=True)
    return len(messages)
