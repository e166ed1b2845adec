"""docker-compose.yml and the Dockerfile (Docker does not run here: check what can be checked)."""
import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
SERVICES = {"web", "worker", "beat", "postgres", "redis", "objects"}  # long-running; migrate runs once


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service):
    command = service["command"]
    return command if isinstance(command, list) else shlex.split(command)


def _import(dotted):
    module, _, attr = dotted.partition(":")
    obj = importlib.import_module(module)
    return getattr(obj, attr) if attr else obj


def test_every_long_running_service_has_a_health_check(compose):
    assert SERVICES <= set(compose["services"])
    for name in SERVICES:
        check = compose["services"][name].get("healthcheck")
        assert check and check["test"], name


def test_data_lives_in_named_volumes_and_web_and_worker_share_none(compose):
    volumes = set(compose["volumes"])
    assert {"pgdata", "redisdata", "objectdata"} <= volumes
    services = compose["services"]
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "objectdata:/data" in services["objects"]["volumes"]
    for name in ("web", "worker", "beat", "migrate"):  # files go to the object store, over S3
        assert not services[name].get("volumes"), name
        assert services[name]["environment"]["S3_ENDPOINT_URL"] == "http://objects:8333"


def test_the_object_store_requires_the_portal_s_keys(compose):
    identities = compose["configs"]["s3-identities"]["content"]
    assert "${S3_ACCESS_KEY_ID}" in identities and "${S3_SECRET_ACCESS_KEY}" in identities
    command = _command(compose["services"]["objects"])
    assert "-s3" in command and any(part.startswith("-s3.config=") for part in command)
    assert "ports" not in compose["services"]["objects"]  # reached only inside the deployment


def test_images_are_the_pinned_majors(compose):
    assert compose["services"]["postgres"]["image"] == "postgres:15"
    assert compose["services"]["redis"]["image"] == "redis:7"


def test_migrate_runs_once_then_web_runs_gunicorn_with_the_portal_config(compose):
    migrate = " ".join(_command(compose["services"]["migrate"]))
    assert "manage.py migrate" in migrate and "manage.py prepare_storage" in migrate
    assert compose["services"]["migrate"]["restart"] == "no"
    command = _command(compose["services"]["web"])
    assert command[:3] == ["gunicorn", "-c", "python:portal.gunicorn_conf"]
    assert callable(_import(command[-1]).application)
    config = _import("portal.gunicorn_conf")
    assert config.timeout >= 30 and config.workers >= 1 and config.max_requests > 0


def test_worker_and_beat_run_the_portal_celery_app(compose):
    from portal.celery import app

    worker = _command(compose["services"]["worker"])
    beat = _command(compose["services"]["beat"])
    for command in (worker, beat):
        assert command[:3] == ["celery", "-A", "portal"]
        assert _import("portal.celery").app is app
    assert "worker" in worker and worker[worker.index("-Q") + 1] == "portal"
    assert "beat" in beat
    scheduler = beat[beat.index("--scheduler") + 1]
    assert scheduler.endswith("DatabaseScheduler")
    assert _import(scheduler)


def test_the_app_services_wait_for_healthy_services_and_the_migrations(compose):
    for name in ("web", "worker", "beat"):
        depends = compose["services"][name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["objects"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert "web" not in depends  # nothing waits on web: its readiness may depend on them
        environment = compose["services"][name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert compose["services"][name]["env_file"] == ".env"


def test_every_variable_compose_needs_is_in_the_env_example(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    needed = set(re.findall(r"\$\{(\w+)", text))
    example = dict(
        line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert needed <= set(example)
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL"} <= set(example)
    assert example["DEBUG"] == "0"


def test_dockerfile_installs_what_certificates_need_and_prepares_static_and_translations():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# ") and "FROM python:3.11-slim-bookworm" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-noto-cjk", "gettext"):
        assert package in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "compilemessages" in dockerfile
    assert '"gunicorn", "-c", "python:portal.gunicorn_conf", "portal.wsgi"' in dockerfile
    assert ".venv" in (ROOT / ".dockerignore").read_text().split()


def _web_probe(compose, port, allowed_hosts):
    import subprocess
    import sys

    code = compose["services"]["web"]["healthcheck"]["test"][-1].replace("8000", str(port))
    return subprocess.run([sys.executable, "-c", code], env={"ALLOWED_HOSTS": allowed_hosts}, timeout=30).returncode


@pytest.mark.django_db
def test_the_web_health_check_passes_on_readyz_and_fails_when_django_refuses_the_host(compose, live_server, settings):
    settings.ALLOWED_HOSTS = ["portal.example.gov.cn"]
    port = live_server.url.rsplit(":", 1)[1]

    assert "/readyz/" in compose["services"]["web"]["healthcheck"]["test"][-1]
    assert _web_probe(compose, port, "portal.example.gov.cn,localhost") == 0
    assert _web_probe(compose, port, "other.example.org") == 1  # Django answers 400 for a foreign Host
    settings.ALLOWED_HOSTS = [".example.gov.cn"]
    assert _web_probe(compose, port, ".example.gov.cn") == 0  # a domain pattern: its bare domain is asked
