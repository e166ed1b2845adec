"""/readyz/ reports each dependency, and is 503 when one is down; people see the portal's own 500 and
503 pages (503 when the database is unreachable)."""
import datetime
import json
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from portal.celery import app
from portal.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

CLOSED_PORT = 1  # nothing listens there: connections are refused at once


def checks(client):
    response = client.get("/readyz/")
    return response.status_code, json.loads(response.content)["checks"]


def state(client):
    return json.loads(client.get("/readyz/").content)["status"]


def test_ready_when_every_dependency_works_on_the_embedded_defaults(client, settings):
    settings.CELERY_BROKER_URL = ""
    status, result = checks(client)
    assert status == 200 and state(client) == "ok"
    assert all(check["ok"] for check in result.values()), result
    assert set(result) == {"database", "broker", "storage", "worker"}
    assert "eager" in result["broker"]["detail"]


def test_the_broker_down_is_reported(client, settings, monkeypatch):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    monkeypatch.setenv("CELERY_BROKER_URL", settings.CELERY_BROKER_URL)  # Celery reads it before its conf
    WorkerHeartbeat.objects.create(hostname="w1", seen_at=timezone.now())
    previous = app.conf.broker_url
    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        status, result = checks(client)
        overall = state(client)
    finally:
        app.conf.broker_url = previous
    # Still serving: requests succeed and the outbox keeps their work until the broker is back.
    assert status == 200 and overall == "degraded"
    assert not result["broker"]["ok"] and result["database"]["ok"] and result["worker"]["ok"]


def test_the_storage_unwritable_is_reported(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.PRIVATE_MEDIA_ROOT = blocker / "private"
    settings.CELERY_BROKER_URL = ""
    status, result = checks(client)
    assert status == 503 and state(client) == "unavailable"
    assert not result["storage"]["ok"] and result["storage"]["critical"] and result["database"]["ok"]


def test_no_recent_worker_heartbeat_is_reported(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    with mock.patch.dict("portal.readiness.CHECKS", broker=lambda: "reachable"):
        status, result = checks(client)
        assert status == 200 and state(client) == "degraded"
        assert not result["worker"]["ok"] and "no worker has ever" in result["worker"]["detail"]
        WorkerHeartbeat.objects.create(hostname="w1", seen_at=timezone.now() - datetime.timedelta(minutes=5))
        status, result = checks(client)
        assert not result["worker"]["ok"] and "300 s ago" in result["worker"]["detail"]
        WorkerHeartbeat.objects.create(hostname="w2", seen_at=timezone.now())
        status, result = checks(client)
        assert state(client) == "ok"
    assert status == 200 and result["worker"]["ok"] and result["worker"]["detail"].startswith("w2")


def test_the_heartbeat_task_records_its_worker():
    from portal.tasks import heartbeat

    heartbeat.apply()
    assert WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - datetime.timedelta(minutes=1)).exists()


def test_an_unexpected_error_shows_the_portal_500_page(admin_user):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    with mock.patch("portal.views.panels_for", side_effect=RuntimeError("a bug")):
        response = client.get("/console/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 500
    text = response.content.decode()
    assert "出错" in text and "a bug" not in text


def _run_with_database_down(code):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "ALLOWED_HOSTS": "testserver",
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/portal", "CELERY_BROKER_URL": "",
           "DEBUG": "0", "SECRET_KEY": "test-only", "SECURE_SSL_REDIRECT": "0"}
    script = "import django; django.setup()\nfrom django.test import Client\n" + code
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          cwd=django_settings.BASE_DIR)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_database_unreachable_gives_the_503_page_and_readiness_says_so():
    out = _run_with_database_down(
        "import json\n"
        "c = Client(raise_request_exception=False)\n"
        "r = c.get('/public/register/', HTTP_ACCEPT_LANGUAGE='zh-hans')\n"
        "print(json.dumps({'status': r.status_code, 'retry': r.get('Retry-After'), 'body': r.content.decode()}))\n"
        "r = c.get('/readyz/')\n"
        "print(json.dumps({'status': r.status_code, 'body': json.loads(r.content)}))\n"
        "print(json.dumps({'status': c.get('/healthz').status_code}))\n"
    )
    page, ready, live = (json.loads(line) for line in out.strip().splitlines()[-3:])
    assert page["status"] == 503 and page["retry"] == "30"
    assert "暂时无法访问" in page["body"] and "请稍后" in page["body"]
    assert ready["status"] == 503 and not ready["body"]["checks"]["database"]["ok"]
    assert live["status"] == 200  # liveness needs no database: the process is alive, do not restart it
