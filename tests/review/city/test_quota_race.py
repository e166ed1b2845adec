"""Two officials recommending at the same moment cannot exceed the quota (Art. 12): real threads on PostgreSQL.

SQLite has no row locks (and its test database lives in one connection), so these run on PostgreSQL only.
"""
import threading

import pytest
from django.db import connection

from applications.constants import Status
from applications.models import Application
from portal.errors import ActionRefused
from review.city import quota as city_quota
from review.city import services as city_services
from tiers import quotas

from .helpers import make_quota, passed

pytestmark = [
    # serialized_rollback as every transactional test here: the flush after it then restores the
    # reference data without post_migrate re-creating rows the next test deserializes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(apps, actor):
    """Recommend every application of ``apps`` at once, one thread each; {pk: "recommended" | exception}."""
    start = threading.Barrier(len(apps))
    results = {}

    def work(app):
        try:
            start.wait(timeout=20)
            city_services.recommend(app, actor=actor)
            results[app.pk] = "recommended"
        except Exception as exc:  # noqa: BLE001 - reported by the assertions below
            results[app.pk] = exc
        finally:
            connection.close()  # each thread has its own connection; close it before the flush

    threads = [threading.Thread(target=work, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.fixture
def six_passed(jinan_enterprise_users, jinan_official, round_):
    return [passed(user, jinan_official) for user in jinan_enterprise_users(6)]


def test_six_officials_at_once_recommend_exactly_the_quota(six_passed, jinan_official, round_, jinan):
    plan = make_quota(round_, "advanced", {jinan: 2})
    results = race(six_passed, jinan_official)
    done = [pk for pk, result in results.items() if result == "recommended"]
    refused = [result for result in results.values() if result != "recommended"]
    assert len(done) == 2 and len(refused) == 4
    assert all(isinstance(r, ActionRefused) and r.article == "Art. 12" for r in refused), refused
    assert Application.objects.filter(status=Status.RECOMMENDED).count() == 2
    assert quotas.used_for(plan.cities.get(city=jinan)) == 2
    from portal.models import AuditEntry

    assert AuditEntry.objects.filter(verb="review.recommended").count() == 2


# The two tests below force the worst interleaving: each official counts the used places and then
# waits (up to 3 s) for the other to have counted too. ``perform`` locks only the application row
# (portal.lifecycle), so nothing but the quota lock stands between the two counts.

@pytest.fixture
def interleave(monkeypatch):
    """``interleave()``: from now on, force the interleaving described above."""
    def arm():
        meeting = threading.Barrier(2)
        count = city_quota.used_counts

        def count_then_meet(**kwargs):
            used = count(**kwargs)
            try:
                meeting.wait(timeout=3)
            except threading.BrokenBarrierError:
                pass  # the other official is held by the lock: it counts after this one commits
            return used

        monkeypatch.setattr(city_quota, "used_counts", count_then_meet)

    return arm


def test_the_quota_lock_alone_holds_the_worst_interleaving(interleave, six_passed, jinan_official, round_, jinan):
    make_quota(round_, "advanced", {jinan: 1})
    interleave()
    outcomes = list(race(six_passed[:2], jinan_official).values())
    refused = [r for r in outcomes if r != "recommended"]
    assert outcomes.count("recommended") == 1 and len(refused) == 1
    assert isinstance(refused[0], ActionRefused) and refused[0].article == "Art. 12"
    assert Application.objects.filter(status=Status.RECOMMENDED).count() == 1


def test_the_race_harness_catches_a_missing_lock(interleave, six_passed, jinan_official, round_, jinan, monkeypatch):
    """Control: without the quota row lock, the same interleaving recommends past the quota."""
    from tiers.models import CityQuota

    def unlocked(app):
        return CityQuota.objects.select_related("plan").filter(
            plan__round_id=app.round_id, plan__tier_id=app.tier_id, city_id=app.enterprise.city_id).first()

    monkeypatch.setattr(city_quota, "locked_quota", unlocked)
    make_quota(round_, "advanced", {jinan: 1})
    interleave()
    results = race(six_passed[:2], jinan_official)
    assert list(results.values()) == ["recommended", "recommended"]
    assert Application.objects.filter(status=Status.RECOMMENDED).count() == 2
