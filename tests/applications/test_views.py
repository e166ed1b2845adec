"""Who sees what: detail, actions, returns with comments, versions, and the enterprise's home."""
import pytest
from django.urls import reverse

from applications import services
from applications.constants import Status
from applications.selectors import applications_visible_to
from portal.audit import audit_trail
from tests.applications.factories import give_title, make_application

pytestmark = pytest.mark.django_db


def detail(app):
    return reverse("applications:detail", args=[app.pk])


def test_scope_of_applications_visible_to_each_role(enterprise_user, other_enterprise_user, jinan_official,
                                                    qingdao_official, provincial_officer, admin_user, expert):
    draft = make_application(enterprise_user, complete=False)
    submitted = make_application(enterprise_user, tier_code="scenario", state=Status.SUBMITTED, round=draft.round)
    assert set(applications_visible_to(enterprise_user)) == {draft, submitted}
    assert set(applications_visible_to(jinan_official)) == {submitted}
    assert set(applications_visible_to(provincial_officer)) == {submitted}
    assert set(applications_visible_to(admin_user)) == {submitted}
    assert not applications_visible_to(qingdao_official).exists()
    assert not applications_visible_to(other_enterprise_user).exists()
    assert not applications_visible_to(expert).exists()


def test_other_city_official_gets_404(enterprise_user, qingdao_official, client_for):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    client = client_for(qingdao_official)
    assert client.get(detail(app)).status_code == 404
    assert client.get(reverse("applications:transition", args=[app.pk, "return_for_revision"])).status_code == 404
    response = client.post(reverse("applications:transition", args=[app.pk, "return_for_revision"]),
                           {"comment_general": "越权"})
    assert response.status_code == 404
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_city_official_returns_through_the_confirm_page(enterprise_user, jinan_official, client_for):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    client = client_for(jinan_official)
    page = client.get(detail(app)).content.decode()
    assert 'data-transition="return_for_revision"' in page and 'data-transition="withdraw"' not in page
    url = reverse("applications:transition", args=[app.pk, "return_for_revision"])
    assert client.post(url, {}).status_code == 200  # no comment: refused, the form is shown again
    client.post(url, {"comment_segment_production_operations": "请补充设备联网率数据。", "comment_outcomes": "成效需量化。"})
    app.refresh_from_db()
    assert app.status == Status.RETURNED
    row = list(audit_trail(app))[-1]
    assert row.verb == "applications.returned" and row.actor == jinan_official


def test_enterprise_sees_comments_beside_the_fields_it_must_revise(enterprise_user, jinan_official, client_for):
    app = make_application(enterprise_user, state=Status.RETURNED, returner=jinan_official)
    client = client_for(enterprise_user)
    page = client.get(reverse("applications:step", args=[app.pk, "segment_production_operations"])).content.decode()
    assert "请补充生产作业环节的数据。" in page and 'class="mb-2 return-comment"' in page
    other = client.get(reverse("applications:step", args=[app.pk, "outcomes"])).content.decode()
    assert "请补充生产作业环节的数据。" not in other
    assert "请补充生产作业环节的数据。" in client.get(detail(app)).content.decode()


def test_enterprise_withdraws_with_a_reason_through_the_confirm_page(enterprise_user, client_for):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    client = client_for(enterprise_user)
    url = reverse("applications:transition", args=[app.pk, "withdraw"])
    assert client.post(url, {"reason": ""}).status_code == 200
    client.post(url, {"reason": "今年暂不申报"})
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN and app.withdrawal_reason == "今年暂不申报"
    assert list(audit_trail(app))[-1].verb == "applications.withdrawn"


def test_transition_pages_accept_only_get_and_post(enterprise_user, client_for):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    response = client_for(enterprise_user).put(reverse("applications:transition", args=[app.pk, "withdraw"]))
    assert response.status_code == 405


def test_reviewers_see_what_changed_between_versions(enterprise_user, jinan_official, provincial_officer, client_for):
    app = make_application(enterprise_user, state=Status.RETURNED, returner=jinan_official)
    services.save_fields(app, actor=enterprise_user, fields={"outcomes": "关键工序数控化率提升到92%。"})
    services.accept_pledge(app, actor=enterprise_user)
    services.resubmit(app, actor=enterprise_user)
    page = client_for(jinan_official).get(reverse("applications:diff", args=[app.pk, 2])).content.decode()
    assert "<ins>" in page and "92%" in page and "请补充生产作业环节的数据。" in page
    assert "table-warning" in page
    assert client_for(provincial_officer).get(reverse("applications:diff", args=[app.pk, 1])).status_code == 200


def test_enterprise_home_shows_applications_timeline_titles_and_next_steps(enterprise_user, jinan_official,
                                                                           client_for):
    give_title(enterprise_user.enterprise, "basic")
    make_application(enterprise_user, tier_code="advanced", state=Status.RETURNED, returner=jinan_official)
    page = client_for(enterprise_user).get(reverse("enterprise_home")).content.decode()
    assert 'id="todo"' in page
    assert "请阅读审核意见，修改后重新提交。" in page
    assert "基础级" in page  # the title
    assert 'class="timeline small"' in page


def test_navigation_lists_my_applications(enterprise_user, client_for):
    page = client_for(enterprise_user).get(reverse("applications:list")).content.decode()
    assert reverse("applications:new") in page
