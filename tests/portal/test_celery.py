"""Celery in tests: eager unless a test asks for the real worker (tests/conftest_celery.py)."""
import pytest

from portal.celery import app
from tests.factories import UserFactory


def test_tasks_run_eagerly_by_default(settings):
    assert app.conf.task_always_eager is True
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    # An eager result is computed in-process, without any broker.
    assert app.tasks["celery.accumulate"].delay(1, 2).get(timeout=1) == (1, 2)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_runs_tasks_against_the_test_database(celery_worker_process):
    assert app.conf.task_always_eager is False
    UserFactory(username="seen_by_the_worker", expert=True)

    result = app.send_task("tests.usernames")

    assert "seen_by_the_worker" in result.get(timeout=60)
    assert celery_worker_process.poll() is None  # still running for the next test
