"""The transactional outbox: every side effect that must follow a commit is recorded inside it.

A service that changes something and must then send an e-mail, render a certificate or notify someone
calls ``schedule(handler, *args)`` inside its transaction. That writes an ``OutboxMessage`` row with
the change, so the two commit or roll back together; after the commit the message is sent to Celery
(``portal.tasks.deliver``), which calls the handler. What can go wrong, and what happens then:

- The broker is down at commit: sending gives up within about a second (``dispatch`` sends with no
  retries and short socket timeouts, settings.CELERY_BROKER_*), the request succeeds, and the message
  is left *unsent* (due at once). The periodic ``sweep`` (Celery beat, every few seconds,
  settings.OUTBOX_SWEEP_SECONDS) sends unsent messages as soon as the broker answers again; while it
  does not, a sweep stops at its first failed send. The log says so in one warning when an outage
  starts, one line per unsent message, and one line when the broker answers again.
- A worker dies mid-task (SIGKILL, the out-of-memory killer, the hard time limit): the task is
  acknowledged late and rejected when its worker is lost, so the broker gives it again; and the sweep
  sends it again as soon as the delivery's claim lapses, which is short (``Handler.lease``, seconds)
  and renewed every third of it by the running delivery, so slow work is never sent twice.
- A message sent and not yet taken by a worker (a busy queue) is sent again after ``redispatch_after()``.
- A message is delivered twice (a redelivery, a re-dispatch beside a slow queue): a delivery first
  *claims* the message, so a second delivery finds it claimed or done and does nothing. Handlers are
  still written to be idempotent: a claim can lapse under a process that stops without dying.
- The handler fails: the attempt is recorded and retried with the handler's back-off; after
  ``max_attempts`` the message gives up and the handler's ``on_error(..., final=True)`` records the
  failure where people see it (a certificate's "failed" state, with the reason and a retry button).

Handlers are plain functions of JSON-serialisable arguments (primary keys), registered with
``@handler("app.name", ...)`` in the module that owns the work.
"""
from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import datetime
import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
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

# Done messages are kept this long (what happened, for the operators), then the sweep deletes them
# (at most once every CLEAN_EVERY in each process: the sweep itself runs every few seconds).
KEEP_DONE = datetime.timedelta(days=30)
CLEAN_EVERY = 3600.0
SWEEP_BATCH = 500
DEFAULT_LEASE_SECONDS = 15


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
        """How long a delivery's claim holds the message without being renewed: the running delivery
        renews it every third of it, so it lapses only when the delivery died (settings.OUTBOX_LEASE_SECONDS,
        15 s by default)."""
        return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS or DEFAULT_LEASE_SECONDS)


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
    return _publish(message_id) == SENT


SENT, UNSENT, SKIPPED = "sent", "unsent", "skipped"


def _publish(message_id: int, *, again: bool = False) -> str:
    """Publish the message's delivery: ``SENT``; ``UNSENT`` when the broker cannot take it (the message
    is then due at once, for the sweep to send as soon as the broker answers); ``SKIPPED`` when there is
    nothing to send. ``again``: a re-dispatch by the sweep (counted, and not due again for a while)."""
    message = OutboxMessage.objects.filter(pk=message_id).values("handler").first()
    if message is None:
        return SKIPPED
    spec = _HANDLERS.get(message["handler"])
    if spec is None:
        logger.error("Outbox message %s names no known handler %r.", message_id, message["handler"])
        return SKIPPED
    if again:  # before sending: a worker that takes it at once sets its own claim after this
        OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(
            dispatch_after=timezone.now() + redispatch_after(), dispatches=F("dispatches") + 1)
    try:
        send(message_id, spec)
    except Exception as exc:  # the broker is unreachable: kept, sent by the sweep once it answers
        OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(dispatch_after=timezone.now())
        BROKER.failed(message_id, exc)
        logger.info("Outbox message %s (%s) not sent: the broker is unreachable; it is sent once it answers.",
                    message_id, message["handler"])
        return UNSENT
    BROKER.answered()
    return SENT


class _BrokerState:
    """This process's view of the broker: an outage starts at the first failed send (one warning) and
    ends at the next successful one (one line), whatever the number of messages kept meanwhile."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down_since: float | None = None
        self.unsent: set[int] = set()

    def failed(self, message_id: int, exc: BaseException) -> None:
        with self._lock:
            starting = self.down_since is None
            if starting:
                self.down_since, self.unsent = time.monotonic(), set()
            self.unsent.add(message_id)
        if starting:
            logger.warning("The broker is unreachable (%s); background work is kept in the outbox and sent "
                           "as soon as it answers again.", _describe(exc))

    def answered(self) -> None:
        if self.down_since is None:  # the usual case, without taking the lock
            return
        with self._lock:
            since, unsent, self.down_since, self.unsent = self.down_since, self.unsent, None, set()
        if since is not None:
            logger.info("The broker answers again after %.0f s; %s outbox messages were kept meanwhile.",
                        time.monotonic() - since, len(unsent))


BROKER = _BrokerState()


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


def deliver(message_id: int, *, keep_claim: bool = False) -> Outcome:
    """Run the message's handler once, unless it is done or another delivery holds it.

    The claim lasts ``spec.lease`` and is due to the sweep when it lapses; with ``keep_claim`` (a real
    worker) a thread renews it while the handler runs, so only a delivery that died lets it lapse.
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
               .update(claimed_until=now + spec.lease, dispatch_after=now + spec.lease,
                       attempts=F("attempts") + 1))
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
        with request_id_set(message.request_id), files_follow_transactions(), \
                _claim_kept(message_id, spec.lease, keep=keep_claim):
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


@contextlib.contextmanager
def _claim_kept(message_id: int, lease: datetime.timedelta, *, keep: bool) -> Iterator[None]:
    """While the block runs, renew the message's claim every third of ``lease`` (from a thread, on its
    own database connection): slow work keeps its claim, and a delivery that died loses it within a lease."""
    if not keep:
        yield
        return
    stop = threading.Event()

    def renew() -> None:
        from django.db import connection

        try:
            while not stop.wait(lease.total_seconds() / 3):
                until = timezone.now() + lease
                OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(
                    claimed_until=until, dispatch_after=until)
        except Exception as exc:  # the claim lapses and the sweep sends the message again: idempotent
            logger.warning("Could not renew the claim of outbox message %s: %s", message_id, _describe(exc))
        finally:
            connection.close()

    thread = threading.Thread(target=renew, name=f"outbox-claim-{message_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


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


def release_after_worker_start(now: datetime.datetime | None = None) -> int:
    """A worker (re)started: every message sent and not yet taken is due to the next sweep now.

    A worker killed with the whole of its process group loses the messages it had taken from the broker
    and not yet begun (its prefetch): they hold no claim, and Redis gives them back only after its
    visibility timeout, so without this they would wait out ``redispatch_after``. Nothing can tell them
    from messages still waiting in the queue, which are therefore sent a second time: that delivery finds
    them done or claimed and does nothing. Left alone: messages held by a running delivery (their claim
    is renewed), done ones, and failed ones waiting out their back-off (``last_error`` set).
    Returns how many became due.
    """
    now = now or timezone.now()
    return (OutboxMessage.objects.filter(done_at__isnull=True, dispatch_after__gt=now, last_error="")
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .update(dispatch_after=now))


_last_clean = [0.0]  # when this process last deleted old done messages (time.monotonic)


def sweep(now: datetime.datetime | None = None, *, clean: bool | None = None) -> dict[str, int]:
    """Send again every due message (up to ``SWEEP_BATCH``): unsent ones, those whose claim lapsed and
    those sent long ago and not taken; and delete done ones past ``KEEP_DONE`` (``clean``; by default
    at most once every ``CLEAN_EVERY`` seconds in each process).

    Run every few seconds by Celery beat (settings.CELERY_BEAT_SCHEDULE; one indexed query when nothing
    is due) and by ``manage.py outbox_sweep``. While the broker does not answer it stops at the first
    message it cannot send: the rest stay due for the next sweep.
    Returns what it did: {"dispatched": n, "unsent": n, "deleted": n}.
    """
    now = now or timezone.now()
    ids = list(due_messages(now).order_by("dispatch_after").values_list("pk", flat=True)[:SWEEP_BATCH])
    sent = 0
    for pk in ids:
        outcome = _publish(pk, again=True)
        if outcome == UNSENT:
            break
        sent += outcome == SENT
    deleted = 0
    if clean is None:
        clean = time.monotonic() - _last_clean[0] >= CLEAN_EVERY
    if clean:
        _last_clean[0] = time.monotonic()
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
