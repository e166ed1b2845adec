"""No second title of a tier held (Art. 11-13): an enterprise holding an active title of a tier cannot
start, nor submit, an application for that tier again; scenario awards (Art. 10, yearly) are exempt."""
import pytest
from django.urls import reverse

from applications import services, workflow
from applications.constants import Status
from applications.models import Application
from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.applications.factories import give_title, make_application, open_round, tier
from tests.factories import force_save
from tiers.titles.constants import TitleStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code, article", [("basic", "Art. 11"), ("advanced", "Art. 12"),
                                           ("excellence", "Art. 13"), ("leading", "Art. 13")])
def test_starting_an_application_for_a_tier_held_is_refused_naming_the_title(enterprise_user, code, article):
    give_title(enterprise_user.enterprise, code)
    with pytest.raises(ActionRefused) as refused:
        services.create_draft(enterprise=enterprise_user.enterprise, round=open_round(), tier=tier(code),
                              actor=enterprise_user)
    assert refused.value.article == article
    assert refused.value.message == f"企业已持有有效的2025年度{tier(code).name_zh}称号，不能再次申报{tier(code).name_zh}。"
    assert not Application.objects.exists()


def test_a_title_granted_while_drafting_blocks_the_submission(enterprise_user):
    app = make_application(enterprise_user, tier_code="basic")
    give_title(enterprise_user.enterprise, "basic")  # e.g. recognized on an earlier application meanwhile
    with pytest.raises(workflow.SubmissionBlocked) as blocked:
        services.submit(app, actor=enterprise_user)
    assert [(r.code, r.article) for r in blocked.value.issues] == [("title_already_held", "Art. 11")]
    app.refresh_from_db()
    assert app.status == Status.DRAFT
    assert [row.verb for row in audit_trail(app)][-1] != "applications.submitted"


def test_the_final_step_shows_the_title_held_and_hides_submit(enterprise_user, client_for):
    app = make_application(enterprise_user, tier_code="basic")
    give_title(enterprise_user.enterprise, "basic")
    page = client_for(enterprise_user).get(reverse("applications:step", args=[app.pk, "review"])).content.decode()
    assert 'id="unmet-rules"' in page and "第十一条" in page
    assert "企业已持有有效的2025年度基础级（市级）智能工厂称号" in page
    assert 'id="submit-application"' not in page


def test_the_creation_page_explains_the_refusal(enterprise_user, client_for):
    give_title(enterprise_user.enterprise, "basic")
    round_ = open_round(tiers=("basic",))
    response = client_for(enterprise_user).post(reverse("applications:new"),
                                                {"round_tier": f"{round_.pk}:{tier('basic').pk}"})
    assert "企业已持有有效的2025年度基础级（市级）智能工厂称号" in response.content.decode()
    assert not Application.objects.exists()


def test_a_revoked_title_does_not_stop_a_new_application(enterprise_user):
    title = give_title(enterprise_user.enterprise, "basic")
    title.status = TitleStatus.REVOKED
    force_save(title)
    app = make_application(enterprise_user, tier_code="basic")
    assert services.submit(app, actor=enterprise_user).status == Status.SUBMITTED


def test_an_award_held_does_not_stop_a_scenario_application_in_another_year(enterprise_user):
    give_title(enterprise_user.enterprise, "scenario")
    app = make_application(enterprise_user, tier_code="scenario")
    assert services.submit(app, actor=enterprise_user).status == Status.SUBMITTED


def test_holding_a_lower_tier_lets_the_enterprise_climb(enterprise_user):
    give_title(enterprise_user.enterprise, "basic")
    app = make_application(enterprise_user, tier_code="advanced")
    assert services.submit(app, actor=enterprise_user).status == Status.SUBMITTED
