"""The transactional outbox: side effects recorded with their change, performed once, never lost.

These run with eager Celery (the delivery runs at commit, in-process); tests/portal/test_recovery.py
kills real workers and brokers.
"""
import datetime
import logging
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from portal import outbox
from portal.celery import app
from portal.models import OutboxMessage

pytestmark = pytest.mark.django_db

CALLS = []
FAILURES = {"left": 0}
ERRORS = []


@outbox.handler("tests.record", max_attempts=3, backoff=lambda attempt: 0,
                on_error=lambda exc, *args, final: ERRORS.append((str(exc), args, final)))
def record(*args):
    if FAILURES["left"] > 0:
        FAILURES["left"] -= 1
        raise OSError("smtp down")
    CALLS.append(args)


@outbox.handler("tests.note_request_id")
def note_request_id():
    from portal.request_id import current_request_id

    CALLS.append(current_request_id())


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()
    ERRORS.clear()
    FAILURES["left"] = 0


def test_a_scheduled_side_effect_runs_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            message = outbox.schedule(record, 7, "a")
            assert CALLS == []  # nothing before the commit
    assert CALLS == [(7, "a")]
    message.refresh_from_db()
    assert message.done_at is not None and message.attempts == 1 and not message.gave_up


def test_a_rolled_back_transaction_leaves_no_message_and_runs_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.schedule(record, 1)
            raise RuntimeError("the change fails")
    assert callbacks == [] and CALLS == [] and not OutboxMessage.objects.exists()


def test_only_registered_handlers_can_be_scheduled():
    with pytest.raises(ValueError):
        outbox.schedule(print, 1)


def test_a_second_delivery_of_a_done_message_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.schedule(record, 1)
    assert outbox.deliver(message.pk).result == "done"
    assert CALLS == [(1,)]


def test_a_message_held_by_a_running_delivery_is_not_run_beside_it():
    message = outbox.schedule(record, 1)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=timezone.now() + datetime.timedelta(seconds=60))
    outcome = outbox.deliver(message.pk)
    assert outcome.result == "busy" and 55 < outcome.delay <= 61
    assert CALLS == []


def test_a_failing_handler_is_retried_until_it_succeeds_and_told_of_each_failure(django_capture_on_commit_callbacks):
    FAILURES["left"] = 2
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.schedule(record, 1)
    message.refresh_from_db()
    assert CALLS == [(1,)] and message.done_at is not None and message.attempts == 3
    assert message.last_error == "" and not message.gave_up
    assert ERRORS == [("smtp down", (1,), False), ("smtp down", (1,), False)]


def test_a_handler_that_keeps_failing_gives_up_and_records_why(django_capture_on_commit_callbacks):
    FAILURES["left"] = 99
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.schedule(record, 1)
    message.refresh_from_db()
    assert message.gave_up and message.done_at is not None and message.attempts == 3
    assert message.last_error == "OSError: smtp down"
    assert ERRORS[-1] == ("smtp down", (1,), True) and len(ERRORS) == 3
    assert outbox.due_messages(timezone.now() + datetime.timedelta(days=1)).count() == 0


def test_a_message_whose_worker_died_on_every_attempt_gives_up():
    """Each claim counts an attempt; a worker killed each time (a render that exhausts memory) never
    returns to record it, so the next delivery past the limit gives up instead of looping."""
    message = outbox.schedule(record, 1)
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=3)
    assert outbox.deliver(message.pk).result == "gave_up"
    message.refresh_from_db()
    assert message.gave_up and "lost" in message.last_error and CALLS == []
    assert ERRORS[-1][2] is True


def test_the_request_survives_a_broker_that_refuses_the_message(django_capture_on_commit_callbacks):
    with mock.patch("portal.tasks.deliver.apply_async", side_effect=ConnectionRefusedError("redis down")):
        with django_capture_on_commit_callbacks(execute=True):
            message = outbox.schedule(record, 1)
    message.refresh_from_db()
    assert CALLS == [] and message.done_at is None
    # Unsent, so due at once: the first sweep once the broker answers sends it, and it runs.
    assert outbox.sweep(clean=False) == {"dispatched": 1, "unsent": 0, "deleted": 0}
    message.refresh_from_db()
    assert CALLS == [(1,)] and message.done_at is not None and message.dispatches == 1


def test_a_sent_message_not_taken_is_sent_again_only_after_the_redispatch_interval():
    """Sent and waiting in a busy queue: not sent again by every sweep, only after the interval."""
    message = outbox.schedule(record, 1)  # its commit never dispatched it here: as if sent, not yet taken
    assert outbox.sweep(clean=False)["dispatched"] == 0
    later = timezone.now() + outbox.redispatch_after() + datetime.timedelta(seconds=1)
    assert outbox.sweep(now=later, clean=False)["dispatched"] == 1
    message.refresh_from_db()
    assert message.done_at is not None


def test_a_delivery_that_died_is_sent_again_once_its_short_claim_lapses_not_minutes_later():
    message = outbox.schedule(record, 1)
    lease = outbox._HANDLERS["tests.record"].lease
    assert lease <= datetime.timedelta(seconds=20)
    # A delivery claimed it (as deliver writes the claim) and its worker was killed: never renewed.
    claimed = timezone.now() - datetime.timedelta(seconds=2)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=claimed + lease, dispatch_after=claimed + lease,
                                                      attempts=1)
    assert outbox.sweep(clean=False)["dispatched"] == 0  # held while the claim lasts
    lapsed = timezone.now() - lease - datetime.timedelta(seconds=1)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=lapsed + lease, dispatch_after=lapsed + lease)
    assert outbox.sweep(clean=False)["dispatched"] == 1  # a lease later, not the redispatch interval
    message.refresh_from_db()
    assert CALLS == [(1,)] and message.done_at is not None and message.attempts == 2


def test_sending_to_an_unreachable_broker_gives_up_within_seconds():
    """The web process's publish, with the production settings, to a broker that is down (nothing
    listens on port 1): it fails at once instead of retrying for 20 s. (A bound well above the target,
    to prove it does not hang; the speed itself is not measured here.)"""
    script = (
        "import time, django; django.setup()\n"
        "from portal import outbox\n"
        "spec = outbox.Handler(name='x', function=print)\n"
        "started = time.monotonic()\n"
        "try:\n    outbox.send(1, spec)\nexcept Exception as exc:\n    print(type(exc).__name__)\n"
        "print(round(time.monotonic() - started, 2))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
           "DATABASE_URL": "sqlite:///:memory:"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60,
                          cwd=settings_module_root())
    lines = done.stdout.split()
    assert done.returncode == 0, done.stderr[-2000:]
    assert lines[0] in {"OperationalError", "ConnectionError", "ConnectionRefusedError"}, done.stdout
    assert float(lines[-1]) < 5


def settings_module_root():
    from django.conf import settings

    return settings.BASE_DIR


def test_the_sweep_skips_held_messages_and_deletes_old_done_ones():
    now = timezone.now()
    due = outbox.schedule(record, "due")
    held = outbox.schedule(record, "held")
    old = outbox.schedule(record, "old")
    later = now + outbox.redispatch_after() + datetime.timedelta(seconds=1)
    OutboxMessage.objects.filter(pk=held.pk).update(claimed_until=later + datetime.timedelta(minutes=1))
    OutboxMessage.objects.filter(pk=old.pk).update(done_at=now - outbox.KEEP_DONE - datetime.timedelta(days=1))
    assert outbox.sweep(now=later, clean=True) == {"dispatched": 1, "unsent": 0, "deleted": 1}
    assert CALLS == [("due",)]
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {due.pk, held.pk}


def test_the_delivery_carries_the_request_id_of_the_request_that_caused_it(django_capture_on_commit_callbacks):
    from portal.request_id import request_id_set

    with request_id_set("req-1234567890"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            message = outbox.schedule(note_request_id)
    for callback in callbacks:  # the delivery runs outside the request
        callback()
    assert message.request_id == "req-1234567890" and CALLS == ["req-1234567890"]


def test_the_beat_schedule_runs_the_sweep_every_few_seconds(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["portal.outbox.sweep"] == settings.OUTBOX_SWEEP_SECONDS <= 10 and "portal.heartbeat" in schedule
    from portal import tasks

    assert {tasks.sweep.name, tasks.deliver.name, tasks.heartbeat.name} <= set(app.tasks)


def test_an_administrator_sends_a_given_up_message_again_with_fresh_attempts(admin_user, client,
                                                                             django_capture_on_commit_callbacks):
    from portal.models import AuditEntry

    FAILURES["left"] = 3
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.schedule(record, 1)
    message.refresh_from_db()
    assert message.gave_up
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/django-admin/portal/outboxmessage/",
                               {"action": "send_again", "_selected_action": [message.pk]})
    assert response.status_code == 302
    message.refresh_from_db()
    assert CALLS == [(1,)] and message.done_at is not None and not message.gave_up and message.attempts == 1
    entry = AuditEntry.objects.get(verb="portal.outbox_sent_again")
    assert entry.actor == admin_user and entry.before["gave_up"] is True


def test_a_response_carries_its_request_id_and_its_log_lines_too(client, caplog):
    import logging

    from portal.request_id import RequestIdLogFilter

    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-abcdef123456")
    assert response["X-Request-ID"] == "lb-abcdef123456"
    assert len(client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n")["X-Request-ID"]) == 32  # replaced
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    assert RequestIdLogFilter().filter(record) and record.request_id == ""


def test_a_broker_outage_logs_one_warning_and_one_line_per_unsent_message_without_tracebacks(
        caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.INFO)
    from kombu.exceptions import OperationalError

    outbox.BROKER.answered()  # no outage left open by an earlier test

    with mock.patch("portal.tasks.deliver.apply_async",
                    side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")):
        with django_capture_on_commit_callbacks(execute=True):
            messages = [outbox.schedule(record, n) for n in range(3)]
        assert outbox.sweep(clean=False) == {"dispatched": 0, "unsent": 3, "deleted": 0}  # stops at the first
    outage = [r for r in caplog.records if r.name == "portal.outbox"]
    assert [r.levelname for r in outage] == ["WARNING"] + ["INFO"] * 4 + ["INFO"]
    assert "broker is unreachable" in outage[0].getMessage() and "Connection refused" in outage[0].getMessage()
    assert all(str(m.pk) in r.getMessage() for m, r in zip(messages, outage[1:4], strict=True))
    assert not any(r.exc_info for r in caplog.records) and all("\n" not in r.getMessage() for r in outage)
    caplog.clear()
    # The broker answers again: the next sweep sends every unsent message at once, and says the outage ended.
    assert outbox.sweep(clean=False) == {"dispatched": 3, "unsent": 0, "deleted": 0}
    assert sorted(CALLS) == [(0,), (1,), (2,)]
    ended = [r.getMessage() for r in caplog.records if r.name == "portal.outbox" and "answers again" in r.getMessage()]
    assert len(ended) == 1 and "3 outbox messages" in ended[0]


def test_a_worker_start_makes_what_a_lost_worker_held_due_at_once_leaving_running_done_and_backing_off_alone():
    """Taken from the broker by a worker killed with its whole group and never begun: no claim, and Redis
    returns it only after its visibility timeout. A starting worker makes such messages due to the sweep."""
    outbox.schedule(record, 1)  # sent after its commit, taken by the killed worker's prefetch: lost
    running = outbox.schedule(record, 2)
    done = outbox.schedule(record, 3)
    backing_off = outbox.schedule(record, 4)
    now = timezone.now()
    OutboxMessage.objects.filter(pk=running.pk).update(claimed_until=now + datetime.timedelta(seconds=10),
                                                       dispatch_after=now + datetime.timedelta(seconds=10))
    OutboxMessage.objects.filter(pk=done.pk).update(done_at=now)
    OutboxMessage.objects.filter(pk=backing_off.pk).update(last_error="OSError: smtp down",
                                                           dispatch_after=now + datetime.timedelta(seconds=200))
    assert outbox.sweep(clean=False)["dispatched"] == 0  # before: nothing due for minutes

    assert outbox.release_after_worker_start() == 1

    assert outbox.sweep(clean=False)["dispatched"] == 1
    assert CALLS == [(1,)]
    assert outbox.release_after_worker_start() == 0  # twice: nothing more


def test_the_worker_start_signal_releases_the_lost_messages():
    from celery.signals import worker_ready

    lost = outbox.schedule(record, 1)
    worker_ready.send(sender=None)
    lost.refresh_from_db()
    assert lost.dispatch_after <= timezone.now()
