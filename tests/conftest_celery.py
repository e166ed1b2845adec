"""Celery in tests: eager by default, a real worker for tests marked ``celery_worker``.

Loaded for every test run as a plugin (``-p tests.conftest_celery`` in pyproject.toml's addopts).

* Every test runs Celery tasks eagerly, in-process, even when CELERY_BROKER_URL is set (as in CI):
  most tests check what a task does, not how it travels.
* A test marked ``@pytest.mark.celery_worker`` gets a real worker instead:
  ``celery -A portal worker --concurrency 2 --pool prefork`` over the broker in CELERY_BROKER_URL,
  started once per test session (per xdist worker) by the ``celery_worker_process`` fixture and
  stopped at the end. Such a test must also be
  ``@pytest.mark.django_db(transaction=True, serialized_rollback=True)``: the worker is another
  process and sees only committed rows; ``serialized_rollback`` puts back the rows the migrations
  created (the 16 cities, reference data), which the flush after a transactional test removes. It is skipped unless CELERY_BROKER_URL is set and the database is PostgreSQL
  (a SQLite test database lives in memory, where no other process can see it).

How the worker finds the test database: the fixture depends on pytest-django's ``django_db_setup``,
so by the time it starts the worker the test database (``test_<name>``, ``test_<name>_gw0`` under
xdist) exists; the worker gets DATABASE_URL pointing at exactly that database.

Queues: each test session sends to and consumes from its own queue (``portal-test-<random>``, in
CELERY_TASK_DEFAULT_QUEUE), so parallel xdist workers and parallel CI runs sharing one Redis never
run each other's tasks against the wrong database.

Example::

    @pytest.mark.celery_worker
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_certificate_is_issued_by_the_worker(celery_worker_process, ...):
        result = issue_certificate_task.delay(title.pk)
        result.get(timeout=60)
"""
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# Decided before Django reads its settings (this plugin is imported first): the session's own queue.
if os.environ.get("CELERY_BROKER_URL"):
    os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", f"portal-test-{uuid.uuid4().hex[:12]}")

WORKER_START_TIMEOUT = 60


def _worker_database_url(settings_dict):
    """DATABASE_URL for the worker: the test run's URL with the test database's name."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + settings_dict["NAME"]))


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker consuming this session's queue against the test database.

    Yields the worker's ``subprocess.Popen``; the worker is stopped (TERM, then KILL) at the end of
    the session, before pytest-django drops the test database.
    """
    from django.db import connection

    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("needs CELERY_BROKER_URL (Redis) for a real Celery worker")
    if connection.vendor != "postgresql" or not os.environ.get("DATABASE_URL"):
        pytest.skip("needs a PostgreSQL DATABASE_URL: the worker must share the test database")

    from portal.celery import app

    queue = app.conf.task_default_queue
    hostname = f"test-{uuid.uuid4().hex[:8]}@%h"
    env = {
        **os.environ,
        "DATABASE_URL": _worker_database_url(connection.settings_dict),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(BASE_DIR), os.environ.get("PYTHONPATH")])),
    }
    log = tempfile.NamedTemporaryFile(prefix="celery-worker-", suffix=".log", delete=False)
    command = [
        sys.executable, "-m", "celery", "-A", "portal", "worker", "--concurrency", "2", "--pool", "prefork",
        "-Q", queue, "-n", hostname, "--loglevel", "INFO", "--without-gossip", "--without-mingle",
        "--include", "tests.portal.celery_probe",
    ]
    worker = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(app, worker, hostname.replace("%h", _nodename()), log.name)
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.close()


def _nodename():
    import socket

    return socket.gethostname()


def _wait_until_ready(app, worker, nodename, log_path):
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            break
        if app.control.ping(destination=[nodename], timeout=1.0):
            return
    tail = Path(log_path).read_text(errors="replace")[-4000:]
    worker.kill()
    pytest.fail(f"the Celery worker did not answer within {WORKER_START_TIMEOUT}s; its log:\n{tail}")


@pytest.fixture(autouse=True)
def _celery_eager_unless_worker(request, settings):
    """Run tasks eagerly unless the test is marked celery_worker (then a real worker runs them)."""
    from portal.celery import app

    wants_worker = request.node.get_closest_marker("celery_worker") is not None
    if wants_worker:
        marker = request.node.get_closest_marker("django_db")
        if marker is None or not (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
            pytest.fail("a celery_worker test must be marked django_db(transaction=True): "
                        "the worker only sees committed rows")
        request.getfixturevalue("celery_worker_process")
    eager = not wants_worker
    # Celery keeps "a task is running, joins would block" in one process-wide flag that eager tasks
    # set and restore; eager tasks run from several threads at once (the concurrency tests) can leave
    # it set. No test starts inside a task, so clear it.
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    yield
    app.conf.task_always_eager = previous
