"""Faults on real parts: workers killed mid-render, a broker stopped while the province certifies.

Each test starts its own Celery worker (its own process group, its own queue, its own file storage)
so it can kill it without touching the session's worker; the broker-outage test also starts its own
redis-server, to stop and start it. Every certificate must end ready exactly once, with nobody's help:
one file, one "rendered" audit row, its number unchanged. Needs PostgreSQL and Redis (CELERY_BROKER_URL),
as the other real-worker tests (tests/conftest_celery.py).

The clock is shortened, not waited for: the worker holds a message for 10 s (OUTBOX_LEASE_SECONDS,
in production the task's time limit + 30 s) and Redis gives back an unacknowledged task after 15 s
(CELERY_VISIBILITY_TIMEOUT, in production 900 s); the sweep is called with a clock moved forward.
"""
import datetime
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from portal import outbox
from portal.celery import app
from portal.files import GRACE, sweep_orphans
from portal.models import AuditEntry, OutboxMessage
from tests.conftest_celery import BASE_DIR, _worker_database_url
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles.certificates import request_certificate
from tiers.titles.constants import RenderStatus
from tiers.titles.models import Certificate

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="needs PostgreSQL and Redis: real workers share the test database"),
]

CERTIFICATES = 40  # enough that a kill after the first is ready lands mid-batch (about 60 ms each)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Worker:
    """``celery worker`` in its own process group, consuming ``queue`` over ``broker``."""

    def __init__(self, queue, broker, storage, log_dir, env=None, include=()):
        self.queue, self.broker, self.storage, self.log_dir = queue, broker, storage, log_dir
        self.env, self.include = env or {}, include  # overrides of the settings below; modules to load
        self.process = None

    def start(self):
        env = {**os.environ, "DATABASE_URL": _worker_database_url(connection.settings_dict),
               "CELERY_BROKER_URL": self.broker, "CELERY_RESULT_BACKEND": "", "CELERY_TASK_DEFAULT_QUEUE": self.queue,
               "PRIVATE_MEDIA_ROOT": str(self.storage), "OUTBOX_LEASE_SECONDS": "10",
               "CELERY_VISIBILITY_TIMEOUT": "15", "PYTHONPATH": str(BASE_DIR), **self.env}
        self.name = f"recovery-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        log = open(self.log_dir / f"{self.name}.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--concurrency", "2", "--pool", "prefork",
             "-Q", self.queue, "-n", self.name, "--loglevel", "INFO", "--without-gossip", "--without-mingle",
             *[f"--include={module}" for module in self.include]],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.log = log
        return self

    def children(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def kill_group(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def log_tail(self):
        self.log.flush()
        return (self.log_dir / f"{self.name}.log").read_text(errors="replace")[-4000:]


@contextmanager
def publishing_to(broker, queue):
    """This test process sends its tasks over ``broker`` to ``queue`` (the Celery app caches its
    connection pools: they are dropped on the way in and out)."""
    conf = app.conf
    previous = (conf.broker_url, conf.broker_write_url, conf.task_default_queue, conf.task_always_eager)

    def reset_pools():
        from kombu import pools

        pools.reset()  # closes and forgets every connection and producer pool of this process
        app._pool = None
        app.amqp._producer_pool = None

    reset_pools()
    conf.broker_url, conf.broker_write_url, conf.task_default_queue, conf.task_always_eager = broker, None, queue, False
    try:
        # Celery reads CELERY_BROKER_URL from the environment before its configuration.
        with mock.patch.dict(os.environ, {"CELERY_BROKER_URL": broker}):
            yield
    finally:
        reset_pools()
        conf.broker_url, conf.broker_write_url, conf.task_default_queue, conf.task_always_eager = previous


@pytest.fixture
def recovery(tmp_path):
    """A worker factory over the session's Redis on a queue of the test's own, and its storage."""
    queue = f"portal-recovery-{uuid.uuid4().hex[:10]}"
    storage = tmp_path / "private"
    storage.mkdir()
    workers = []

    def worker(broker=None, **options):
        started = Worker(queue, broker or os.environ["CELERY_BROKER_URL"], storage, tmp_path, **options).start()
        workers.append(started)
        return started

    try:
        yield {"queue": queue, "storage": storage, "worker": worker}
    finally:
        for started in workers:
            started.stop()


def certify(enterprise, officer, count=CERTIFICATES):
    titles = [TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=2026) for _ in range(count)]
    with transaction.atomic():
        certificates = [request_certificate(title, actor=officer) for title in titles]
    return [c.pk for c in certificates]


def wait_for(condition, timeout, *, every=0.25, between=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if between:
            between()
        time.sleep(every)
    return condition()


def ready_count(ids):
    return Certificate.objects.filter(pk__in=ids, status=RenderStatus.READY).count()


def sweep_as_if_later():
    outbox.sweep(now=timezone.now() + outbox.redispatch_after() + datetime.timedelta(seconds=1))


def all_done(ids):
    """Every certificate ready and every outbox message done: a render that committed just before its
    worker was killed leaves its message to be marked done by the redelivery (or the sweep), which then
    finds the certificate ready and does nothing more; waiting on the certificates alone raced with it."""
    return ready_count(ids) == len(ids) and not OutboxMessage.objects.filter(done_at__isnull=True).exists()


def assert_each_ready_exactly_once(ids, storage):
    certificates = list(Certificate.objects.filter(pk__in=ids))
    assert [c.status for c in certificates] == [RenderStatus.READY] * len(ids), [c.last_error for c in certificates]
    def stored():
        return {p.relative_to(storage).as_posix() for p in storage.rglob("*") if p.is_file()}

    # One file each: an attempt killed between writing its PDF and recording it left a file, which the
    # attempt that succeeded removed.
    assert stored() == {c.file.name for c in certificates}
    with override_settings(PRIVATE_MEDIA_ROOT=storage):  # and the orphan sweep finds nothing to remove
        assert sweep_orphans(now=timezone.now() + GRACE + datetime.timedelta(minutes=1))["removed"] == []
    rendered = AuditEntry.objects.filter(verb="review.certificate_rendered", object_id__in=[str(i) for i in ids])
    assert rendered.count() == len(ids)
    numbers = [c.number for c in certificates]
    assert len(set(numbers)) == len(ids)
    assert OutboxMessage.objects.filter(done_at__isnull=True).count() == 0


def test_a_worker_killed_mid_render_and_restarted_ends_with_every_certificate_ready_once(
        recovery, enterprise, provincial_officer):
    worker = recovery["worker"]()
    with publishing_to(os.environ["CELERY_BROKER_URL"], recovery["queue"]):
        ids = certify(enterprise, provincial_officer)
        assert wait_for(lambda: ready_count(ids) >= 1, 90, every=0.05), worker.log_tail()
        worker.kill_group()  # the whole worker, mid-batch, with tasks taken and not acknowledged
        assert ready_count(ids) < len(ids), "the batch finished before the kill: nothing was tested"
        restarted = recovery["worker"]()
        # The restarted worker gets the lost tasks back (visibility timeout), and the sweep sends again
        # what is still not done once its interval has passed.
        finished = wait_for(lambda: all_done(ids), 120, every=2, between=sweep_as_if_later)
        assert finished, restarted.log_tail()
    assert_each_ready_exactly_once(ids, recovery["storage"])


def test_a_killed_pool_child_is_retried_without_the_sweep(recovery, enterprise, provincial_officer):
    """What the out-of-memory killer or the hard time limit does: the task is given back to the queue
    (reject on worker lost), not acknowledged as failed."""
    worker = recovery["worker"]()
    with publishing_to(os.environ["CELERY_BROKER_URL"], recovery["queue"]):
        ids = certify(enterprise, provincial_officer)
        assert wait_for(lambda: ready_count(ids) >= 1 and worker.children(), 90, every=0.05), worker.log_tail()
        for child in worker.children():
            os.kill(child, signal.SIGKILL)
        assert ready_count(ids) < len(ids), "the batch finished before the kill: nothing was tested"
        assert wait_for(lambda: all_done(ids), 120, every=1), worker.log_tail()
    assert_each_ready_exactly_once(ids, recovery["storage"])


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server to start a broker to stop")
def test_with_the_broker_stopped_certification_returns_at_once_and_renders_once_it_is_back(
        recovery, enterprise, provincial_officer, tmp_path):
    port = _free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    data = tmp_path / "redis"
    data.mkdir()

    def start_redis():
        # Append-only, as docker-compose.yml runs it: a restarted broker keeps its queues and bindings.
        process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                    "--appendonly", "yes", "--dir", str(data)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        assert wait_for(lambda: _answers(port), 10)
        return process

    redis = start_redis()
    try:
        worker = recovery["worker"](broker)
        with publishing_to(broker, recovery["queue"]):
            redis.terminate()
            redis.wait()
            started = time.monotonic()
            ids = certify(enterprise, provincial_officer, count=3)
            took = time.monotonic() - started
            assert took < 5, f"certifying with the broker down took {took:.1f} s"
            assert ready_count(ids) == 0
            assert OutboxMessage.objects.filter(done_at__isnull=True).count() == 3  # kept, not lost
            redis = start_redis()
            finished = wait_for(lambda: all_done(ids), 120, every=2, between=sweep_as_if_later)
            assert finished, worker.log_tail()
        assert_each_ready_exactly_once(ids, recovery["storage"])
    finally:
        redis.terminate()
        redis.wait()


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False
