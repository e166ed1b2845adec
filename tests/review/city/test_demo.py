"""review/demo_city.py: the demo's submitted application is passed and recognized (title, certificate,
filing), an advanced one recommended, a scenario passed; running it again changes nothing."""
from io import StringIO

import pytest
from django.core.management import call_command

from applications.constants import Status
from applications.models import Application
from portal.management.commands import demo_data
from portal.models import AuditEntry
from review.city.demo import run_city
from review.models import Filing
from tiers.titles.models import Certificate, Title

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setattr(demo_data, "OTHER_APPS", ["tiers.demo", "tiers.titles.demo", "applications.demo"])
    call_command("demo_data", stdout=StringIO())


def test_city_demo_moves_the_demo_applications_and_is_idempotent(demo, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        run_city(out)
    laiwu = Application.objects.filter(enterprise__users__username="qiye_laiwu")
    statuses = dict(laiwu.values_list("tier__code", "status"))
    assert statuses == {"basic": Status.CITY_RECOGNIZED, "advanced": Status.RECOMMENDED,
                        "scenario": Status.CITY_PASSED}
    filing = Filing.objects.get()
    assert filing.application.tier.code == "basic" and filing.status == "filed"
    assert Certificate.objects.get(title=filing.title).status == "ready"
    counts = (Title.objects.count(), Filing.objects.count(), Application.objects.count(), AuditEntry.objects.count())

    run_city(StringIO())
    assert (Title.objects.count(), Filing.objects.count(), Application.objects.count(),
            AuditEntry.objects.count()) == counts
    assert dict(laiwu.values_list("tier__code", "status")) == statuses


def test_city_demo_skips_without_the_demo_accounts(db):
    out = StringIO()
    run_city(out)
    assert "skipped" in out.getvalue() and not Application.objects.exists()
