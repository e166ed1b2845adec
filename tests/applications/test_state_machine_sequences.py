"""Hypothesis drives random sequences of actions by every persona; the application never reaches an
inconsistent state, and its status always matches an independent reference model of the rules."""
import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from applications import services
from applications.constants import EDITABLE_STATUSES, Status
from applications.models import Application, ApplicationVersion, ReturnComment
from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.applications.factories import force_status, make_application, open_round

# The reference model, written out independently of applications.workflow: (action, actor) -> {from: to}.
PRE_DECISION = {"draft", "submitted", "returned", "city_passed", "recommended", "accepted", "under_review"}
EXPECTED = {
    ("submit", "enterprise"): {"draft": "submitted"},
    ("resubmit", "enterprise"): {"returned": "submitted"},
    ("withdraw", "enterprise"): dict.fromkeys(PRE_DECISION, "withdrawn"),
    ("return", "jinan"): {"submitted": "returned", "city_passed": "returned"},
    ("return", "province"): {"recommended": "returned", "accepted": "returned"},
}
# Everyone else is refused everything (e.g. the Qingdao official, another enterprise, the city withdrawing).
# Stand-ins for the review app's future transitions, so returns from later stages get exercised.
REVIEW_MOVES = {"submitted": "city_passed", "city_passed": "recommended", "recommended": "accepted",
                "accepted": "under_review"}
TRANSITION_VERBS = {"applications.submitted", "applications.resubmitted", "applications.withdrawn",
                    "applications.returned"}

PERSONAS = ["enterprise", "other", "jinan", "qingdao", "province"]
# The enterprise acts most often, as in life; a separate draw picks who tries each transition.
ACTIONS = st.one_of(
    st.tuples(st.sampled_from(["submit", "resubmit", "withdraw", "return"]), st.sampled_from(PERSONAS)),
    st.tuples(st.sampled_from(["submit", "resubmit", "edit", "pledge"]), st.just("enterprise")),
    st.tuples(st.just("advance"), st.just("review")),
)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(ACTIONS, min_size=1, max_size=14))
# The paths that matter most, always tried besides the random ones.
@example(actions=[("submit", "enterprise"), ("return", "jinan"), ("resubmit", "enterprise"), ("pledge", "enterprise"),
                  ("resubmit", "enterprise"), ("withdraw", "enterprise")])
@example(actions=[("submit", "enterprise"), ("advance", "review"), ("return", "jinan"), ("pledge", "enterprise"),
                  ("resubmit", "enterprise")])
@example(actions=[("submit", "enterprise"), ("advance", "review"), ("advance", "review"), ("return", "jinan"),
                  ("return", "province"), ("advance", "review"), ("return", "province")])
def test_random_action_sequences_keep_the_application_consistent(
    actions, enterprise_user, other_enterprise_user, jinan_official, qingdao_official, provincial_officer
):
    actors = {"enterprise": enterprise_user, "other": other_enterprise_user, "jinan": jinan_official,
              "qingdao": qingdao_official, "province": provincial_officer}
    with transaction.atomic():
        app = make_application(enterprise_user, round=open_round())
        status, pledged, submissions, transitions = "draft", True, 0, 0
        for action, who in actions:
            if action == "advance":
                if status in REVIEW_MOVES:
                    status = REVIEW_MOVES[status]
                    force_status(app, status)
                continue
            if action == "edit":
                try:
                    services.save_fields(app, actor=enterprise_user, fields={"outcomes": f"修订{len(actions)}"})
                    assert status in EDITABLE_STATUSES
                except ActionRefused:
                    assert status not in EDITABLE_STATUSES
                continue
            if action == "pledge":
                try:
                    services.accept_pledge(app, actor=enterprise_user)
                    pledged = True
                except ActionRefused:
                    assert status not in EDITABLE_STATUSES
                continue
            allowed = EXPECTED.get((action, who), {})
            expected = allowed.get(status)
            if action in ("submit", "resubmit") and not pledged:
                expected = None  # the pledge is required to submit
            try:
                if action == "submit":
                    services.submit(app, actor=actors[who])
                elif action == "resubmit":
                    services.resubmit(app, actor=actors[who])
                elif action == "withdraw":
                    services.withdraw(app, actor=actors[who], reason="理由")
                else:
                    services.return_for_revision(app, actor=actors[who], comments={"general": "请修改"})
            except ActionRefused:
                assert expected is None, f"{action} by {who} from {status} was refused"
            else:
                assert expected is not None, f"{action} by {who} from {status} was allowed"
                status = expected
                transitions += 1
                if action in ("submit", "resubmit"):
                    submissions += 1
                if action == "return":
                    pledged = False
            app.refresh_from_db()
            _check_invariants(app, status, submissions, transitions)
        transaction.set_rollback(True)


def _check_invariants(app, status, submissions, transitions):
    assert app.status == status and app.status in Status.values
    numbers = list(ApplicationVersion.objects.filter(application=app).values_list("number", flat=True))
    assert numbers == list(range(1, submissions + 1)) and app.current_version == submissions
    assert app.is_editable == (app.status in EDITABLE_STATUSES)
    verbs = [row.verb for row in audit_trail(app) if row.verb in TRANSITION_VERBS]
    assert len(verbs) == transitions
    assert not ReturnComment.objects.filter(application=app).exclude(version__application=app).exists()
    if app.status == Status.WITHDRAWN:
        assert app.withdrawal_reason
    if app.status == Status.RETURNED:
        assert ReturnComment.objects.filter(application=app, version__number=app.current_version).exists()
    assert Application.objects.filter(pk=app.pk, status=status).exists()
