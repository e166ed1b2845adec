"""Excellence "should in principle cover all five segments" (Art. 8): each uncovered segment needs its
own written justification, asked on that segment's step; a core segment cannot be left out."""
import pytest
from django.urls import reverse

from applications import services, workflow
from applications.constants import Status, segment_section
from portal.audit import audit_trail
from tests.applications.factories import fill_completely, give_title, open_round, tier
from tiers.models import Segment

pytestmark = pytest.mark.django_db

CORE = ["production_operations", "production_management", "operations_management"]


@pytest.fixture
def excellence(enterprise_user):
    give_title(enterprise_user.enterprise, "advanced")
    app = services.create_draft(enterprise=enterprise_user.enterprise, round=open_round(), tier=tier("excellence"),
                                actor=enterprise_user)
    return fill_completely(app, enterprise_user, segments=CORE)


def step_url(app, code):
    return reverse("applications:step", args=[app.pk, segment_section(code)])


def test_each_non_core_segment_step_asks_why_it_is_not_covered(excellence, enterprise_user, client_for):
    client = client_for(enterprise_user)
    assert 'name="missing_justification"' in client.get(step_url(excellence, "rd_design")).content.decode()
    core_page = client.get(step_url(excellence, "production_operations")).content.decode()
    assert 'name="missing_justification"' not in core_page


def test_the_justification_typed_on_a_step_is_kept_per_segment_and_audited(excellence, enterprise_user, client_for):
    response = client_for(enterprise_user).post(step_url(excellence, "rd_design"), {
        "narrative": "", "missing_justification": "产品为来图加工，无自主研发设计。", "goto": segment_section("rd_design")})
    assert response.status_code == 302
    excellence.refresh_from_db()
    assert excellence.missing_segment_justifications == {"rd_design": "产品为来图加工，无自主研发设计。"}
    row = list(audit_trail(excellence))[-1]
    assert row.verb == "applications.draft_saved" and row.after == {"fields": ["missing_justification_rd_design"]}


def test_one_justification_does_not_cover_another_missing_segment(excellence, enterprise_user):
    services.save_segment(excellence, actor=enterprise_user, segment=Segment.objects.get(code="rd_design"),
                          narrative="", scenarios=[], missing_justification="来图加工。")
    with pytest.raises(workflow.SubmissionBlocked) as blocked:
        services.submit(excellence, actor=enterprise_user)
    [rule] = blocked.value.issues
    assert (rule.code, rule.article) == ("segment_justification_missing", "Art. 8 (1)")
    assert "工厂建设" in rule.message and "研发设计" not in rule.message
    services.save_segment(excellence, actor=enterprise_user, segment=Segment.objects.get(code="factory_construction"),
                          narrative="", scenarios=[], missing_justification="沿用既有厂房。")
    app = services.submit(excellence, actor=enterprise_user)
    assert app.status == Status.SUBMITTED
    assert app.versions.get().snapshot["segments"]["factory_construction"]["missing_justification"] == "沿用既有厂房。"


def test_a_missing_core_segment_is_refused_outright(excellence, enterprise_user):
    for code in ("rd_design", "factory_construction"):
        services.save_segment(excellence, actor=enterprise_user, segment=Segment.objects.get(code=code),
                              narrative=f"{code}：已建成。", scenarios=[])
    services.save_segment(excellence, actor=enterprise_user, segment=Segment.objects.get(code="production_management"),
                          narrative="", scenarios=[])
    with pytest.raises(workflow.SubmissionBlocked) as blocked:
        services.submit(excellence, actor=enterprise_user)
    assert [(r.code, r.article) for r in blocked.value.issues] == [("core_segment_missing", "Art. 8 (1)")]
    assert "生产管理" in blocked.value.issues[0].message


def test_the_final_step_names_the_segments_still_unjustified(excellence, enterprise_user, client_for):
    page = client_for(enterprise_user).get(reverse("applications:step", args=[excellence.pk, "review"])).content.decode()
    assert 'data-code="segment_justification_missing"' in page
    assert "工厂建设、研发设计" in page
