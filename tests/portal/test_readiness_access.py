"""/readyz/ tells an anonymous caller only whether the portal is ready; which backends it runs on and how
they answer is for the operators: a caller from the internal network (READINESS_NETWORKS, loopback by
default) or one presenting the operators' token (READINESS_TOKEN)."""
import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.7"


def readyz(**headers):
    response = Client(REMOTE_ADDR=headers.pop("remote", OUTSIDE)).get("/readyz/", headers=headers)
    return response.status_code, json.loads(response.content)


def test_an_anonymous_caller_learns_only_ready_or_not(settings):
    settings.CELERY_BROKER_URL = ""
    status, body = readyz()

    assert status == 200 and body == {"status": "ready"}


def test_an_anonymous_caller_gets_503_not_ready_when_a_critical_dependency_is_down(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.PRIVATE_MEDIA_ROOT = blocker / "private"

    status, body = readyz()

    assert status == 503 and body == {"status": "not ready"}


def test_the_operators_token_shows_every_check(settings):
    settings.READINESS_TOKEN = "s3cret-operators-token"
    status, body = readyz(authorization="Bearer s3cret-operators-token")

    assert status == 200 and set(body["checks"]) == {"database", "broker", "storage", "worker"}
    assert body["checks"]["database"]["detail"]


def test_a_wrong_token_is_answered_as_anonymous(settings):
    settings.READINESS_TOKEN = "s3cret-operators-token"
    assert readyz(authorization="Bearer guess")[1] == {"status": "ready"}
    settings.READINESS_TOKEN = ""
    assert readyz(authorization="Bearer ")[1] == {"status": "ready"}


def test_the_internal_network_sees_the_details(settings):
    assert "checks" in readyz(remote="127.0.0.1")[1]
    settings.READINESS_NETWORKS = ["10.0.0.0/8"]
    assert "checks" in readyz(remote="10.1.2.3")[1]
    assert "checks" not in readyz(remote="127.0.0.1")[1]
    assert "checks" not in readyz(remote=OUTSIDE)[1]
