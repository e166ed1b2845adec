"""The one state-machine engine (``portal.lifecycle``), tested once: declaring a table, the refusals,
the row lock, the effect and its rollback, the one audit row, and the signal sent after commit.

The engine is exercised on a lifecycle of its own over ``Application`` (declared here, not
registered), so these tests do not depend on any app's table.
"""
import threading

import pytest
import rules
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.constants import Status
from applications.models import Application
from portal.errors import ActionRefused
from portal.lifecycle import Lifecycle, StateWriteRefused, Transition
from portal.models import AuditEntry
from tests.applications.factories import make_application

pytestmark = pytest.mark.django_db

for _name, _rule in (("tests.lifecycle_anyone", rules.always_allow), ("tests.lifecycle_nobody", rules.always_deny)):
    if not rules.perm_exists(_name):
        rules.add_perm(_name, _rule)


def _broken_rule(app):
    raise ActionRefused("Rule broken.", article="Art. 12")


def _effect(app, actor, data):
    if data.get("refuse"):
        app.withdrawal_reason = "written before the refusal"
        app.save(update_fields=["withdrawal_reason"])
        raise ActionRefused("The effect refused.", article="Art. 99")
    app.withdrawal_reason = data.get("reason", "")
    return ["withdrawal_reason"], {"extra": "fact"}


def make_lifecycle():
    lifecycle = Lifecycle("engine_test", Application, states=Status, noun="application",
                          snapshot=lambda app: {"version": app.current_version})
    lifecycle.declare(
        Transition(name="close", sources=frozenset({Status.DRAFT}), target=Status.WITHDRAWN,
                   permission="tests.lifecycle_anyone", verb="tests.closed", effect=_effect, article="Art. 1"),
        Transition(name="forbidden", sources=frozenset({Status.DRAFT}), target=Status.WITHDRAWN,
                   permission="tests.lifecycle_nobody", verb="tests.forbidden", article="Art. 2"),
        Transition(name="note", sources=frozenset({Status.DRAFT}), target=None,
                   permission="tests.lifecycle_anyone", verb="tests.noted"),
        Transition(name="guarded", sources=frozenset({Status.DRAFT}), target=Status.WITHDRAWN,
                   permission="tests.lifecycle_anyone", verb="tests.guarded", guard=lambda app: False),
        Transition(name="checked", sources=frozenset({Status.DRAFT}), target=Status.WITHDRAWN,
                   permission="tests.lifecycle_anyone", verb="tests.checked",
                   checks=(_broken_rule,)),
    )
    return lifecycle


@pytest.fixture
def lifecycle():
    return make_lifecycle()


@pytest.fixture
def draft(enterprise_user):
    return make_application(enterprise_user, complete=False)


def rows(app):
    return list(AuditEntry.objects.filter(object_id=str(app.pk), verb__startswith="tests."))


# --- the table --------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad, why", [
    ({"name": "close"}, "already declared"),
    ({"name": "x", "target": "limbo"}, "unknown states"),
    ({"name": "x", "sources": frozenset()}, "no source"),
    ({"name": "x", "verb": ""}, "no audit verb"),
    ({"name": "x", "permission": "tests.no_such_permission"}, "unregistered permission"),
])
def test_a_table_refuses_a_transition_it_cannot_run(lifecycle, bad, why):
    fields = {"name": "x", "sources": frozenset({Status.DRAFT}), "target": Status.WITHDRAWN,
                  "permission": "tests.lifecycle_anyone", "verb": "tests.x"}
    fields.update(bad)
    with pytest.raises(ValueError, match=why):
        lifecycle.declare(Transition(**fields))


def test_possible_and_available_follow_state_guard_and_permission(lifecycle, draft, enterprise_user):
    assert {t.name for t in lifecycle.possible(draft)} == {"close", "forbidden", "note", "checked"}
    assert {t.name for t in lifecycle.available(draft, enterprise_user)} == {"close", "note", "checked"}


# --- running a transition ------------------------------------------------------------------------

def test_perform_runs_the_effect_writes_the_state_and_one_audit_row(lifecycle, draft, enterprise_user):
    app = lifecycle.perform(draft, "close", actor=enterprise_user, data={"reason": "不再申报"})
    assert app.status == Status.WITHDRAWN and app.withdrawal_reason == "不再申报"
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN  # the caller's instance is refreshed too
    [row] = rows(app)
    assert row.verb == "tests.closed" and row.actor == enterprise_user and row.message == "不再申报"
    assert row.before == {"status": "draft", "version": 0}
    assert row.after == {"status": "withdrawn", "version": 0, "extra": "fact"}


def test_a_step_without_a_target_keeps_the_state_and_is_audited(lifecycle, draft, enterprise_user):
    app = lifecycle.perform(draft, "note", actor=enterprise_user, data={"note": "备注"})
    assert app.status == Status.DRAFT
    [row] = rows(app)
    assert row.before["status"] == row.after["status"] == "draft" and row.message == "备注"


@pytest.mark.parametrize("name, article", [("forbidden", "Art. 2"), ("guarded", ""), ("checked", "Art. 12")])
def test_a_refusal_changes_nothing_and_says_why(lifecycle, draft, enterprise_user, name, article):
    with pytest.raises(ActionRefused) as refused:
        lifecycle.perform(draft, name, actor=enterprise_user)
    assert refused.value.article == article and str(refused.value)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and rows(draft) == []


def test_the_wrong_state_is_refused_naming_the_state_and_article(lifecycle, draft, enterprise_user):
    lifecycle.perform(draft, "close", actor=enterprise_user)
    with pytest.raises(ActionRefused) as refused:
        lifecycle.perform(draft, "close", actor=enterprise_user)
    assert refused.value.article == "Art. 1" and str(Status.WITHDRAWN.label) in str(refused.value)
    assert len(rows(draft)) == 1


def test_an_unknown_transition_is_refused(lifecycle, draft, enterprise_user):
    with pytest.raises(ActionRefused):
        lifecycle.perform(draft, "nowhere", actor=enterprise_user)


def test_an_effect_that_refuses_rolls_back_everything_it_wrote(lifecycle, draft, enterprise_user):
    with pytest.raises(ActionRefused) as refused:
        lifecycle.perform(draft, "close", actor=enterprise_user, data={"refuse": True})
    assert refused.value.article == "Art. 99"
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.withdrawal_reason == "" and rows(draft) == []


def test_the_signal_is_sent_inside_the_transaction_with_the_audit_row(lifecycle, draft, enterprise_user):
    """Receivers run inside the transition's transaction, so what they record (outbox messages) commits
    or rolls back with it."""
    received = []

    def receiver(**kw):
        received.append({**kw, "in_atomic_block": transaction.get_connection().in_atomic_block,
                         "audit_rows": len(rows(draft))})

    lifecycle.transitioned.connect(receiver, weak=False)
    lifecycle.perform(draft, "close", actor=enterprise_user)
    assert len(received) == 1
    sent = received[0]
    assert sent["in_atomic_block"] and sent["audit_rows"] == 1
    assert sent["instance"].pk == draft.pk and sent["transition"].name == "close"
    assert sent["actor"] == enterprise_user and sent["audit_entry"].verb == "tests.closed"


def test_what_a_receiver_records_rolls_back_with_the_transition(lifecycle, draft, enterprise_user):
    from portal.models import OutboxMessage

    def receiver(instance, **kw):
        OutboxMessage.objects.create(handler="tests.noop", dispatch_after=timezone.now())

    lifecycle.transitioned.connect(receiver, weak=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        lifecycle.perform(draft, "close", actor=enterprise_user)
        raise RuntimeError("the caller's transaction fails afterwards")
    assert not OutboxMessage.objects.exists()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_perform_locks_only_the_row(lifecycle, draft, enterprise_user):
    with CaptureQueriesContext(connection) as queries:
        lifecycle.perform(draft, "close", actor=enterprise_user)
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    if connection.features.has_select_for_update:
        assert len(locking) == 1 and "FOR UPDATE OF" in locking[0]
    else:  # SQLite serialises writers itself and ignores FOR UPDATE
        assert locking == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks need PostgreSQL")
def test_two_concurrent_performs_of_one_move_run_one_after_the_other(enterprise_user):
    lifecycle = make_lifecycle()
    draft = make_application(enterprise_user, complete=False)
    start = threading.Barrier(2)
    results = []

    def attempt():
        try:
            start.wait(timeout=5)
            lifecycle.perform(Application.objects.get(pk=draft.pk), "close", actor=enterprise_user)
            results.append("done")
        except ActionRefused as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("done") == 1 and len(results) == 2
    assert len(rows(draft)) == 1  # the second saw the first's state under the lock and was refused


# --- the state field is written only by the engine ---------------------------------------------------

def test_saving_a_changed_state_outside_the_engine_is_refused(draft):
    draft.status = Status.SUBMITTED
    with pytest.raises(StateWriteRefused):
        draft.save()
    assert Application.objects.get(pk=draft.pk).status == Status.DRAFT


def test_a_new_row_starts_in_its_initial_state(draft):
    other = Application(enterprise=draft.enterprise, round=draft.round, tier=draft.tier, created_by=draft.created_by,
                        status=Status.CERTIFIED)
    with pytest.raises(StateWriteRefused):
        other.save()
