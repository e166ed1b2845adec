"""Each province transition: allowed for the provincial department, refused for everyone else and from
the wrong status, each allowed one with its audit row."""
import pytest

from applications.actions import actions_for
from applications.constants import Status
from applications.workflow import APPLICATION, perform
from portal.audit import audit_trail
from portal.errors import ActionRefused
from review.models import ExpertAssignment
from tests.review.province.helpers import (
    accepted,
    approved,
    last_audit,
    recommended,
    submit_all,
    under_review,
)

pytestmark = pytest.mark.django_db

PROVINCE_TRANSITIONS = ["accept", "return_to_city", "start_review", "approve", "reject", "publish_notice", "certify",
                        "reject_after_objection", "recommend_to_miit", "record_miit_approval",
                        "record_miit_rejection"]


def test_the_province_transitions_are_declared_as_the_design_table_says():
    expected = {
        "accept": ({Status.RECOMMENDED}, Status.ACCEPTED),
        "return_to_city": ({Status.RECOMMENDED}, Status.CITY_PASSED),
        "start_review": ({Status.ACCEPTED}, Status.UNDER_REVIEW),
        "approve": ({Status.UNDER_REVIEW}, Status.APPROVED),
        "reject": ({Status.UNDER_REVIEW}, Status.REJECTED),
        "publish_notice": ({Status.APPROVED}, Status.IN_NOTICE),
        "certify": ({Status.IN_NOTICE}, Status.CERTIFIED),
        "reject_after_objection": ({Status.IN_NOTICE}, Status.REJECTED),
        "recommend_to_miit": ({Status.ACCEPTED, Status.UNDER_REVIEW}, Status.RECOMMENDED_TO_MIIT),
        "record_miit_approval": ({Status.RECOMMENDED_TO_MIIT}, Status.MIIT_APPROVED),
        "record_miit_rejection": ({Status.RECOMMENDED_TO_MIIT}, Status.MIIT_REJECTED),
    }
    for name, (sources, target) in expected.items():
        assert set(APPLICATION.transitions[name].sources) == sources and APPLICATION.transitions[name].target == target, name


def test_officer_accepts_a_recommendation_with_its_audit_row(enterprise_user, provincial_officer, rubric):
    app = recommended(enterprise_user)
    app = perform(app, "accept", actor=provincial_officer, data={"reason": "材料齐全。"})
    assert app.status == Status.ACCEPTED
    row = last_audit(app)
    assert row.verb == "review.accepted" and row.actor == provincial_officer
    assert row.before == {"status": "recommended"} and row.after == {"status": "accepted"}
    assert row.message == "材料齐全。"


def test_admin_holds_the_provincial_rights(enterprise_user, admin_user, rubric):
    app = perform(recommended(enterprise_user), "accept", actor=admin_user)
    assert app.status == Status.ACCEPTED and last_audit(app).actor == admin_user


@pytest.mark.parametrize("persona", ["jinan_official", "qingdao_official", "enterprise_user", "expert"])
def test_nobody_else_may_accept_or_return(persona, request, enterprise_user, rubric):
    actor = request.getfixturevalue(persona)
    app = recommended(enterprise_user)
    rows = audit_trail(app).count()
    for name, data in (("accept", {}), ("return_to_city", {"reason": "越权"})):
        with pytest.raises(ActionRefused):
            perform(app, name, actor=actor, data=data)
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDED and audit_trail(app).count() == rows
    assert not [a for a in actions_for(app, actor) if a["transition"].name in PROVINCE_TRANSITIONS]


def test_return_to_city_needs_reasons_and_gives_the_place_back(enterprise_user, provincial_officer, rubric):
    app = recommended(enterprise_user)
    with pytest.raises(ActionRefused):
        perform(app, "return_to_city", actor=provincial_officer, data={"reason": "  "})
    app = perform(app, "return_to_city", actor=provincial_officer, data={"reason": "推荐材料缺少推荐排序说明。"})
    assert app.status == Status.CITY_PASSED
    row = last_audit(app)
    assert row.verb == "review.returned_to_city" and row.message == "推荐材料缺少推荐排序说明。"
    assert row.before == {"status": "recommended"} and row.after == {"status": "city_passed"}


def test_accept_refused_from_the_wrong_status(enterprise_user, provincial_officer, rubric):
    app = accepted(enterprise_user, provincial_officer)
    rows = audit_trail(app).count()
    with pytest.raises(ActionRefused):
        perform(app, "accept", actor=provincial_officer)
    with pytest.raises(ActionRefused):
        perform(app, "approve", actor=provincial_officer)
    assert audit_trail(app).count() == rows


def test_start_review_assigns_the_panel_and_audits_the_shortfall(enterprise_user, provincial_officer, experts,
                                                                  rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    assert app.status == Status.UNDER_REVIEW
    assert set(ExpertAssignment.objects.filter(application=app).values_list("expert", flat=True)) == {
        e.pk for e in experts}
    row = last_audit(app)
    assert row.verb == "review.review_started" and row.actor == provincial_officer
    assert row.after == {"status": "under_review", "experts": 3, "required": 3, "shortfall": 0}
    for assignment in ExpertAssignment.objects.filter(application=app):
        assignment_row = last_audit(assignment)
        assert assignment_row.verb == "review.expert_assigned" and assignment_row.actor == provincial_officer


@pytest.mark.parametrize("persona", ["jinan_official", "enterprise_user", "expert"])
def test_only_the_province_starts_the_review(persona, request, enterprise_user, provincial_officer, experts, rubric):
    actor = request.getfixturevalue(persona)
    app = accepted(enterprise_user, provincial_officer)
    with pytest.raises(ActionRefused):
        perform(app, "start_review", actor=actor, data={"experts": experts})
    assert not ExpertAssignment.objects.filter(application=app).exists()


def test_approve_waits_for_every_expert_then_is_audited(enterprise_user, provincial_officer, experts, rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    with pytest.raises(ActionRefused, match="No expert"):
        perform(app, "approve", actor=provincial_officer)
    submit_all(app, ["0.9", "0.8"])  # the third expert has not submitted
    with pytest.raises(ActionRefused, match="1 expert"):
        perform(app, "approve", actor=provincial_officer)
    submit_all(app, ["0.7"])
    app = perform(app, "approve", actor=provincial_officer, data={"reason": "评审通过。"})
    assert app.status == Status.APPROVED
    row = last_audit(app)
    assert row.verb == "review.approved" and row.after == {"status": "approved", "scores": 3}
    assert row.message == "评审通过。"


@pytest.mark.parametrize("persona", ["jinan_official", "enterprise_user", "expert"])
def test_only_the_province_decides(persona, request, enterprise_user, provincial_officer, experts, rubric):
    actor = request.getfixturevalue(persona)
    app = submit_all(under_review(enterprise_user, provincial_officer, experts), ["0.9", "0.8", "0.7"])
    for name in ("approve", "reject"):
        with pytest.raises(ActionRefused):
            perform(app, name, actor=actor, data={"reason": "越权"})
    app.refresh_from_db()
    assert app.status == Status.UNDER_REVIEW


def test_reject_needs_reasons_and_is_audited(enterprise_user, provincial_officer, experts, rubric):
    app = submit_all(under_review(enterprise_user, provincial_officer, experts), ["0.5", "0.4", "0.45"])
    with pytest.raises(ActionRefused):
        perform(app, "reject", actor=provincial_officer, data={"reason": ""})
    app = perform(app, "reject", actor=provincial_officer, data={"reason": "综合得分未达到认定标准。"})
    assert app.status == Status.REJECTED
    row = last_audit(app)
    assert row.verb == "review.rejected" and row.message == "综合得分未达到认定标准。"


def test_miit_tiers_are_not_approved_by_the_province(enterprise_user, provincial_officer, experts, rubric):
    app = submit_all(under_review(enterprise_user, provincial_officer, experts, tier_code="excellence"),
                     ["0.9", "0.8", "0.7"])
    with pytest.raises(ActionRefused):
        perform(app, "approve", actor=provincial_officer)
    assert "approve" not in [a["transition"].name for a in actions_for(app, provincial_officer)]
    assert "recommend_to_miit" in [a["transition"].name for a in actions_for(app, provincial_officer)]


def test_publish_notice_needs_the_notices_page(enterprise_user, provincial_officer, experts, rubric):
    """The generic confirm page has no notice to put the application on: refused, nothing changes."""
    app = approved(enterprise_user, provincial_officer, experts)
    with pytest.raises(ActionRefused):
        perform(app, "publish_notice", actor=provincial_officer, data={})
    app.refresh_from_db()
    assert app.status == Status.APPROVED


def test_reject_after_objection_is_offered_only_with_an_upheld_objection(enterprise_user, provincial_officer,
                                                                         experts, rubric):
    from tests.review.province.helpers import in_notice

    app = in_notice(enterprise_user, provincial_officer, experts)
    assert "reject_after_objection" not in [a["transition"].name for a in actions_for(app, provincial_officer)]
    with pytest.raises(ActionRefused):
        perform(app, "reject_after_objection", actor=provincial_officer, data={"reason": "无异议也驳回"})
    app.refresh_from_db()
    assert app.status == Status.IN_NOTICE
