"""Experts: who may be assigned (conflicts, same city), what they see (only their assignments, others'
scores only after submitting their own), and how their sheets are saved and submitted."""
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.constants import Status
from applications.selectors import applications_visible_to
from applications.workflow import perform
from portal.errors import ActionRefused
from review.models import ExpertAssignment, ExpertPanelSize
from review.province import services
from review.province.selectors import eligible_experts, exclusions
from tests.factories import UserFactory
from tests.review.province.helpers import accepted, last_audit, score_sheet, submit_all, under_review

pytestmark = pytest.mark.django_db


def test_declared_conflict_and_same_city_are_never_offered(enterprise_user, provincial_officer, experts, jinan,
                                                          rubric):
    app = accepted(enterprise_user, provincial_officer)
    jinan_expert = UserFactory(username="expert_jinan", expert=True, city=jinan)
    conflicted = experts[1]
    services.declare_conflict(expert=conflicted, enterprise=app.enterprise, reason="近三年曾任该企业技术顾问。",
                              actor=conflicted)
    eligible = set(eligible_experts(app))
    assert jinan_expert not in eligible and conflicted not in eligible
    assert exclusions(app) == {jinan_expert.pk: ["same_city"], conflicted.pk: ["conflict"]}
    for excluded in (jinan_expert, conflicted):
        with pytest.raises(ActionRefused):
            perform(app, "start_review", actor=provincial_officer, data={"experts": [experts[0], excluded]})
    app.refresh_from_db()
    assert app.status == Status.ACCEPTED and not ExpertAssignment.objects.filter(application=app).exists()


def test_an_expert_working_for_the_enterprise_is_not_offered(enterprise_user, provincial_officer, experts, rubric):
    app = accepted(enterprise_user, provincial_officer)
    insider = UserFactory(username="expert_insider", expert=True, organisation=app.enterprise.name)
    assert insider not in set(eligible_experts(app))


def test_shortfall_is_allowed_only_when_no_other_eligible_expert_exists(enterprise_user, provincial_officer, experts,
                                                                       rubric):
    app = accepted(enterprise_user, provincial_officer)
    with pytest.raises(ActionRefused, match="more eligible"):
        perform(app, "start_review", actor=provincial_officer, data={"experts": experts[:2]})
    services.declare_conflict(expert=experts[2], enterprise=app.enterprise, reason="亲属在该企业任职。",
                              actor=experts[2])
    app = perform(app, "start_review", actor=provincial_officer, data={"experts": experts[:2]})
    assert last_audit(app).after == {"status": "under_review", "experts": 2, "required": 3, "shortfall": 1}
    assert services.staffing(app).shortfall == 1


def test_panel_size_comes_from_the_round_and_tier_else_the_setting(enterprise_user, provincial_officer, experts,
                                                                  settings, rubric):
    app = accepted(enterprise_user, provincial_officer)
    assert services.panel_size(app) == 3
    settings.REVIEW_EXPERTS_PER_APPLICATION = 5
    assert services.panel_size(app) == 5
    ExpertPanelSize.objects.create(round=app.round, tier=app.tier, experts=1)
    assert services.panel_size(app) == 1
    with pytest.raises(ActionRefused, match="reviewed by 1"):
        perform(app, "start_review", actor=provincial_officer, data={"experts": experts[:2]})
    app = perform(app, "start_review", actor=provincial_officer, data={"experts": experts[:1]})
    assert app.status == Status.UNDER_REVIEW


def test_conflict_declared_later_withdraws_the_expert(enterprise_user, provincial_officer, experts, rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    declaration = services.declare_conflict(expert=experts[0], enterprise=app.enterprise, reason="新近受聘该企业顾问。",
                                            actor=experts[0])
    assert last_audit(declaration).verb == "review.conflict_declared"
    assignment = ExpertAssignment.objects.get(application=app, expert=experts[0])
    assert assignment.withdrawn_at is not None
    assert last_audit(assignment).verb == "review.assignment_withdrawn"
    assert app not in applications_visible_to(experts[0])
    assert services.staffing(app).shortfall == 1


def test_only_the_expert_or_an_admin_records_a_conflict(enterprise_user, experts, admin_user, provincial_officer):
    with pytest.raises(ActionRefused):
        services.declare_conflict(expert=experts[0], enterprise=enterprise_user.enterprise, reason="代填",
                                  actor=experts[1])
    with pytest.raises(ActionRefused):
        services.declare_conflict(expert=experts[0], enterprise=enterprise_user.enterprise, reason="代填",
                                  actor=provincial_officer)
    declaration = services.declare_conflict(expert=experts[0], enterprise=enterprise_user.enterprise,
                                            reason="管理员代为登记。", actor=admin_user)
    assert declaration.recorded_by == admin_user and last_audit(declaration).actor == admin_user


def test_an_expert_sees_exactly_the_applications_assigned_to_them(enterprise_user, other_enterprise_user,
                                                                 provincial_officer, experts, client_for, rubric):
    mine = under_review(enterprise_user, provincial_officer, experts[:1] + experts[1:])
    assert set(applications_visible_to(experts[0])) == {mine}
    outsider = UserFactory(username="expert_outsider", expert=True)
    assert not applications_visible_to(outsider).exists()
    client = client_for(outsider)
    assert client.get(reverse("applications:detail", args=[mine.pk])).status_code == 404
    attachment = mine.active_attachments().first()
    assert client.get(reverse("applications:attachment", args=[attachment.pk])).status_code == 404
    sheet = ExpertAssignment.objects.get(application=mine, expert=experts[0])
    assert client.get(reverse("review:expert_score", args=[sheet.pk])).status_code == 404
    client = client_for(experts[0])
    assert client.get(reverse("applications:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("applications:attachment", args=[attachment.pk])).status_code == 200


def test_an_expert_cannot_open_another_experts_sheet(enterprise_user, provincial_officer, experts, client_for,
                                                     rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    others = ExpertAssignment.objects.get(application=app, expert=experts[1])
    client = client_for(experts[0])
    assert client.get(reverse("review:expert_score", args=[others.pk])).status_code == 404
    assert client.post(reverse("review:expert_submit", args=[others.pk])).status_code == 404
    with pytest.raises(ActionRefused):
        services.save_scores(others, scores=score_sheet(app, "0.1"), comment="", actor=experts[0], submit=True)


def test_other_scores_are_hidden_until_the_expert_has_submitted(enterprise_user, provincial_officer, experts,
                                                                client_for, rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    submit_all(app, ["0.93"])  # expert one submits 93.x
    first = ExpertAssignment.objects.get(application=app, expert=experts[0])
    second = ExpertAssignment.objects.get(application=app, expert=experts[1])
    client = client_for(experts[1])
    page = client.get(reverse("review:expert_score", args=[second.pk])).content.decode()
    assert str(first.total) not in page and "意见0.93" not in page and "panel-scores" not in page
    assert "甲专家" not in page
    services.save_scores(second, scores=score_sheet(app, "0.6"), comment="", actor=experts[1], submit=True)
    page = client.get(reverse("review:expert_score", args=[second.pk])).content.decode()
    assert "panel-scores" in page and str(first.total) in page and "意见0.93" in page
    assert "甲专家" not in page and "欧阳" not in page  # shown as a numbered expert, never by name


def test_draft_scores_are_saved_and_submission_is_final(enterprise_user, provincial_officer, experts, rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    sheet = ExpertAssignment.objects.get(application=app, expert=experts[0])
    criteria = list(score_sheet(app, "1"))
    services.save_scores(sheet, scores={criteria[0]: "12.5"}, comment="初评", actor=experts[0])
    sheet.refresh_from_db()
    assert sheet.submitted_at is None and sheet.scores.get().score == Decimal("12.5")
    assert last_audit(sheet).verb == "review.scores_saved"
    with pytest.raises(ActionRefused, match="Score every criterion"):
        services.save_scores(sheet, scores={criteria[0]: "12.5"}, comment="", actor=experts[0], submit=True)
    with pytest.raises(ActionRefused, match="from 0 to"):
        services.save_scores(sheet, scores={criteria[0]: "999"}, comment="", actor=experts[0])
    services.save_scores(sheet, scores=score_sheet(app, "1"), comment="优秀", actor=experts[0], submit=True)
    sheet.refresh_from_db()
    assert sheet.total == Decimal("100.00") and sheet.submitted_at is not None
    row = last_audit(sheet)
    assert row.verb == "review.scores_submitted" and row.actor == experts[0] and row.after["total"] == "100.00"
    with pytest.raises(ActionRefused):
        services.save_scores(sheet, scores=score_sheet(app, "0.5"), comment="改分", actor=experts[0])
    sheet.refresh_from_db()
    assert sheet.total == Decimal("100.00")


def test_a_rubric_edit_after_submission_keeps_the_submitted_weights(enterprise_user, provincial_officer, experts,
                                                                    rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    submit_all(app, ["0.8"])
    sheet = ExpertAssignment.objects.get(application=app, expert=experts[0])
    before = sheet.scores.first().weight
    rubric.update(weight=Decimal("1"))
    sheet.refresh_from_db()
    assert sheet.scores.first().weight == before


def test_the_expert_scores_through_the_pages(enterprise_user, provincial_officer, experts, client_for, rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    sheet = ExpertAssignment.objects.get(application=app, expert=experts[0])
    client = client_for(experts[0])
    assert sheet.application.enterprise.name in client.get(reverse("review:expert_assignments")).content.decode()
    data = {f"score_{pk}": str(v) for pk, v in score_sheet(app, "0.9").items()}
    data.update(comment="生产管理环节亮点突出。", submit="1")
    response = client.post(reverse("review:expert_score", args=[sheet.pk]), data)
    assert response.status_code == 302 and response.url == reverse("review:expert_submit", args=[sheet.pk])
    assert client.get(response.url).status_code == 200
    sheet.refresh_from_db()
    assert sheet.submitted_at is None  # only the confirm page submits
    response = client.post(reverse("review:expert_submit", args=[sheet.pk]))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None and sheet.comment == "生产管理环节亮点突出。"


def test_officer_withdraws_and_adds_experts_while_under_review(enterprise_user, provincial_officer, experts,
                                                                client_for, rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    sheet = ExpertAssignment.objects.get(application=app, expert=experts[2])
    client = client_for(provincial_officer)
    url = reverse("review:withdraw_assignment", args=[app.pk, sheet.pk])
    client.post(url, {"reason": "该专家因公出差无法参加评审。"})
    sheet.refresh_from_db()
    assert sheet.withdrawn_at is not None and sheet.withdrawal_reason == "该专家因公出差无法参加评审。"
    replacement = UserFactory(username="expert_four", expert=True)
    client.post(reverse("review:add_expert", args=[app.pk]), {"expert": replacement.pk})
    assert ExpertAssignment.objects.filter(application=app, expert=replacement, withdrawn_at__isnull=True).exists()
    assert last_audit(ExpertAssignment.objects.get(application=app, expert=replacement)).verb == "review.expert_assigned"
    with pytest.raises(ActionRefused):  # the panel is full again
        services.add_expert(app, UserFactory(username="expert_five", expert=True), actor=provincial_officer)


def test_each_assigned_expert_gets_one_email_with_the_assignments_link(enterprise_user, provincial_officer, experts,
                                                                       rubric, django_capture_on_commit_callbacks):
    from django.core import mail

    from portal.models import AuditEntry
    from review.province.tasks import notify_expert_of_assignment

    with django_capture_on_commit_callbacks(execute=True):
        app = under_review(enterprise_user, provincial_officer, experts)
    expert_mail = [m for m in mail.outbox if m.to[0] in {e.email for e in experts}]
    assert sorted(m.to[0] for m in expert_mail) == sorted(e.email for e in experts)
    assert all(enterprise_user.enterprise.name in m.body and "/review/province/expert/" in m.body for m in expert_mail)
    entry = AuditEntry.objects.filter(verb="review.expert_assigned").first()
    with django_capture_on_commit_callbacks(execute=True):
        notify_expert_of_assignment(entry.pk)
    assert len([m for m in mail.outbox if m.to[0] in {e.email for e in experts}]) == len(experts)
    assert app.status == Status.UNDER_REVIEW
