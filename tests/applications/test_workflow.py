"""The state machine: allowed and refused transitions, each with its audit row."""
import pytest

from applications import services, workflow
from applications.actions import actions_for
from applications.constants import Status, segment_section
from applications.models import Application, ApplicationVersion, ReturnComment
from portal.audit import audit_trail
from portal.errors import ActionRefused
from portal.lifecycle import StateWriteRefused as StatusWriteRefused
from portal.lifecycle import Transition
from tests.applications.factories import force_status, make_application

pytestmark = pytest.mark.django_db

COMMENTS = {segment_section("production_operations"): "请补充数据。", "general": "整体材料不完整。"}


def last_audit(application):
    return list(audit_trail(application))[-1]


def test_submit_freezes_version_one_and_audits(enterprise_user):
    app = make_application(enterprise_user)
    app = services.submit(app, actor=enterprise_user)
    assert app.status == Status.SUBMITTED and app.current_version == 1
    version = ApplicationVersion.objects.get(application=app, number=1)
    assert version.snapshot["outcomes"] == "关键工序数控化率显著提升。"
    assert len(version.snapshot["attachments"]) == 4
    row = last_audit(app)
    assert row.verb == "applications.submitted" and row.actor == enterprise_user
    assert row.before == {"status": "draft"} and row.after == {"status": "submitted", "version": 1}


def test_submitted_application_can_no_longer_be_edited(enterprise_user):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with pytest.raises(ActionRefused):
        services.save_fields(app, actor=enterprise_user, fields={"outcomes": "改了"})
    app.refresh_from_db()
    assert app.outcomes == "关键工序数控化率显著提升。"


def test_submit_twice_is_refused(enterprise_user):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with pytest.raises(ActionRefused):
        services.submit(app, actor=enterprise_user)
    assert ApplicationVersion.objects.filter(application=app).count() == 1


def test_city_official_returns_with_comments_then_enterprise_resubmits_version_two(enterprise_user, jinan_official):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    app = services.return_for_revision(app, actor=jinan_official, comments=COMMENTS)
    assert app.status == Status.RETURNED
    assert app.pledge_accepted_at is None  # the revised content needs a fresh pledge
    row = last_audit(app)
    assert row.verb == "applications.returned" and row.actor == jinan_official
    assert row.after["sections"] == sorted(COMMENTS)
    assert set(ReturnComment.objects.filter(application=app).values_list("section", flat=True)) == set(COMMENTS)

    services.save_fields(app, actor=enterprise_user, fields={"outcomes": "补充后的建设成效。"})
    services.accept_pledge(app, actor=enterprise_user)
    app = services.resubmit(app, actor=enterprise_user)
    assert app.status == Status.SUBMITTED and app.current_version == 2
    assert ApplicationVersion.objects.get(application=app, number=2).snapshot["outcomes"] == "补充后的建设成效。"
    assert ApplicationVersion.objects.get(application=app, number=1).snapshot["outcomes"] == "关键工序数控化率显著提升。"
    row = last_audit(app)
    assert row.verb == "applications.resubmitted" and row.after == {"status": "submitted", "version": 2}


def test_return_needs_a_comment(enterprise_user, jinan_official):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with pytest.raises(ActionRefused):
        services.return_for_revision(app, actor=jinan_official, comments={"general": "  "})
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_other_city_official_cannot_return(enterprise_user, qingdao_official):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with pytest.raises(ActionRefused):
        services.return_for_revision(app, actor=qingdao_official, comments=COMMENTS)
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    assert last_audit(app).verb == "applications.submitted"


def test_city_official_returns_a_city_passed_application(enterprise_user, jinan_official):
    app = force_status(make_application(enterprise_user, state=Status.SUBMITTED), Status.CITY_PASSED)
    app = services.return_for_revision(app, actor=jinan_official, comments=COMMENTS)
    assert app.status == Status.RETURNED
    assert last_audit(app).before == {"status": "city_passed"}


@pytest.mark.parametrize("state", [Status.RECOMMENDED, Status.ACCEPTED])
def test_province_returns_recommended_or_accepted_but_city_cannot(state, enterprise_user, jinan_official,
                                                                  provincial_officer):
    app = force_status(make_application(enterprise_user, tier_code="basic", state=Status.SUBMITTED), state)
    with pytest.raises(ActionRefused):
        services.return_for_revision(app, actor=jinan_official, comments=COMMENTS)
    app = services.return_for_revision(app, actor=provincial_officer, comments=COMMENTS)
    assert app.status == Status.RETURNED
    row = last_audit(app)
    assert row.verb == "applications.returned" and row.actor == provincial_officer and row.before == {"status": state}


def test_province_cannot_return_what_the_city_is_screening(enterprise_user, provincial_officer):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with pytest.raises(ActionRefused):
        services.return_for_revision(app, actor=provincial_officer, comments=COMMENTS)


def test_enterprise_cannot_return_its_own_application(enterprise_user):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with pytest.raises(ActionRefused):
        services.return_for_revision(app, actor=enterprise_user, comments=COMMENTS)


def test_withdraw_before_a_decision_with_a_reason(enterprise_user):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with pytest.raises(ActionRefused):
        services.withdraw(app, actor=enterprise_user, reason="")
    app = services.withdraw(app, actor=enterprise_user, reason="企业调整申报计划")
    assert app.status == Status.WITHDRAWN and app.withdrawal_reason == "企业调整申报计划"
    row = last_audit(app)
    assert row.verb == "applications.withdrawn" and row.message == "企业调整申报计划"
    assert row.before == {"status": "submitted"} and row.after == {"status": "withdrawn"}


@pytest.mark.parametrize("decided", [Status.CITY_REJECTED, Status.CITY_RECOGNIZED, Status.APPROVED, Status.CERTIFIED,
                                     Status.WITHDRAWN])
def test_withdraw_after_a_decision_is_refused(decided, enterprise_user):
    app = force_status(make_application(enterprise_user, state=Status.SUBMITTED), decided)
    with pytest.raises(ActionRefused):
        services.withdraw(app, actor=enterprise_user, reason="太晚了")
    app.refresh_from_db()
    assert app.status == decided


def test_another_enterprise_cannot_submit_or_withdraw(enterprise_user, other_enterprise_user):
    app = make_application(enterprise_user)
    with pytest.raises(ActionRefused):
        services.submit(app, actor=other_enterprise_user)
    with pytest.raises(ActionRefused):
        services.withdraw(app, actor=other_enterprise_user, reason="x")
    app.refresh_from_db()
    assert app.status == Status.DRAFT


def test_status_cannot_be_assigned_outside_the_workflow(enterprise_user):
    app = make_application(enterprise_user)
    app.status = Status.CERTIFIED
    with pytest.raises(StatusWriteRefused):
        app.save()
    assert Application.objects.get(pk=app.pk).status == Status.DRAFT


def test_buttons_come_from_the_table(enterprise_user, jinan_official, qingdao_official):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    names = lambda user: [a["transition"].name for a in actions_for(app, user)]  # noqa: E731
    assert names(enterprise_user) == ["withdraw"]
    # The city's pre-screen decisions (declared by the review app) and this app's return, in button order.
    assert names(jinan_official) == ["city_pass", "return_for_revision", "city_reject"]
    assert names(qingdao_official) == []


def test_table_refuses_duplicate_or_unknown_states():
    existing = workflow.APPLICATION.get("submit")
    with pytest.raises(ValueError):
        workflow.APPLICATION.declare(existing)
    with pytest.raises(ValueError):
        workflow.APPLICATION.declare(Transition(
            name="nowhere", sources=frozenset({"draft"}), target="limbo", permission="applications.submit",
            verb="x"))
    assert workflow.APPLICATION.get("nowhere") is None


def test_one_open_application_per_enterprise_tier_and_round(enterprise_user):
    app = make_application(enterprise_user, complete=False)
    with pytest.raises(ActionRefused):
        services.create_draft(enterprise=enterprise_user.enterprise, round=app.round, tier=app.tier,
                              actor=enterprise_user)
    services.withdraw(app, actor=enterprise_user, reason="重新填写")
    again = services.create_draft(enterprise=enterprise_user.enterprise, round=app.round, tier=app.tier,
                                  actor=enterprise_user)
    assert again.status == Status.DRAFT
    assert audit_trail(again).first().verb == "applications.draft_created"


def test_database_enforces_one_open_application(enterprise_user):
    from django.db import IntegrityError, transaction

    app = make_application(enterprise_user, complete=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(enterprise=app.enterprise, round=app.round, tier=app.tier,
                                   created_by=enterprise_user)


def test_several_scenario_applications_in_one_round_but_not_for_the_same_scenario(enterprise_user):
    first = make_application(enterprise_user, tier_code="scenario", state=Status.SUBMITTED)
    second = make_application(enterprise_user, tier_code="scenario", round=first.round)
    # fill_completely picks the guide's first scenario for both: the second one clashes.
    with pytest.raises(workflow.SubmissionBlocked) as refused:
        services.submit(second, actor=enterprise_user)
    assert "scenario_duplicate" in {rule.code for rule in refused.value.issues}


def test_submit_after_the_round_closes_is_shown_disabled_with_the_closing_date(enterprise_user, client_for):
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import disabled_reason, in_english, messages_of
    from tiers.models import Round

    app = make_application(enterprise_user)
    closes_at = timezone.now() - datetime.timedelta(hours=2)
    Round.objects.filter(pk=app.round_id).update(closes_at=closes_at)
    client = in_english(client_for(enterprise_user))
    review = client.get(reverse("applications:step", args=[app.pk, "review"])).content.decode()
    reason = disabled_reason(review, "not-yet-submit")
    assert reason and "closed at" in reason and timezone.localtime(closes_at).strftime("%Y-%m-%d %H:%M") in reason
    assert 'data-code="submission_window"' in review  # listed with the unmet requirements too
    detail = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert disabled_reason(detail, f"not-yet-submit-{app.pk}") == reason

    response = client.post(reverse("applications:transition", args=[app.pk, "submit"]), follow=True)
    assert messages_of(response) == [reason]
    app.refresh_from_db()
    assert app.status == Status.DRAFT and app.current_version == 0

    Round.objects.filter(pk=app.round_id).update(closes_at=timezone.now() + datetime.timedelta(days=3))
    review = client.get(reverse("applications:step", args=[app.pk, "review"])).content.decode()
    assert disabled_reason(review, "not-yet-submit") is None and 'id="submit-application"' in review
    client.post(reverse("applications:transition", args=[app.pk, "submit"]))
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and last_audit(app).verb == "applications.submitted"


def test_submit_before_the_round_opens_is_shown_disabled_with_the_opening_date(enterprise_user, client_for):
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import disabled_reason, in_english
    from tiers.models import Round

    app = make_application(enterprise_user)
    opens_at = timezone.now() + datetime.timedelta(days=2)
    Round.objects.filter(pk=app.round_id).update(opens_at=opens_at)
    review = in_english(client_for(enterprise_user)).get(reverse("applications:step", args=[app.pk, "review"]))
    reason = disabled_reason(review.content.decode(), "not-yet-submit")
    assert reason and timezone.localtime(opens_at).strftime("%Y-%m-%d %H:%M") in reason
    with pytest.raises(ActionRefused):
        services.submit(app, actor=enterprise_user)
