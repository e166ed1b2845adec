"""Drafts are saved at every step, resumed later, and a refused file never costs what was typed."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.constants import Status
from applications.models import Application
from portal.audit import audit_trail
from tests.applications.factories import make_application, open_round, pdf_bytes, tier

pytestmark = pytest.mark.django_db


def step_url(app, step):
    return reverse("applications:step", args=[app.pk, step])


def test_enterprise_starts_a_draft_from_an_open_round(enterprise_user, client_for):
    round_ = open_round()
    client = client_for(enterprise_user)
    page = client.get(reverse("applications:new"))
    assert round_.name in page.content.decode()
    basic = tier("basic")
    response = client.post(reverse("applications:new"), {"round_tier": f"{round_.pk}:{basic.pk}"})
    app = Application.objects.get(enterprise=enterprise_user.enterprise)
    assert response.status_code == 302 and response["Location"] == step_url(app, "basics")
    assert app.status == Status.DRAFT and app.segments.count() == 5
    assert audit_trail(app).first().verb == "applications.draft_created"


def test_text_typed_on_a_step_is_there_when_the_enterprise_comes_back(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    response = client.post(step_url(app, "outcomes"), {"outcomes": "数控化率提升到85%。", "goto": "pledge"})
    assert response.status_code == 302 and response["Location"] == step_url(app, "pledge")
    client.logout()
    page = client_for(enterprise_user).get(step_url(app, "outcomes")).content.decode()
    assert "数控化率提升到85%。" in page


def test_jumping_to_another_step_saves_the_current_one(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    client.post(step_url(app, "segment_production_operations"),
                {"narrative": "关键工序实现自动化。", "goto": "basics"})
    entry = app.segments.get(segment__code="production_operations")
    assert entry.narrative == "关键工序实现自动化。"


def test_declarations_and_maturity_are_saved(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    client.post(step_url(app, "declarations"), {
        "declares_operations_sound": "on", "operations_sound_text": "近三年盈利。", "goto": "maturity"})
    client.post(step_url(app, "maturity"), {"maturity_level": "3", "goto": "maturity"})
    app.refresh_from_db()
    assert app.declares_operations_sound and app.operations_sound_text == "近三年盈利。"
    assert not app.declares_secure_controllable
    assert app.maturity_level == 3


def test_refused_file_is_explained_and_the_typed_text_is_kept(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    response = client.post(step_url(app, "outcomes"), {
        "outcomes": "建设成效显著。", "goto": "pledge",
        "evidence": SimpleUploadedFile("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100),
    })
    assert response.status_code == 200  # the step is shown again, with the error beside the file field
    page = response.content.decode()
    assert "setup.pdf" in page and "PDF" in page and 'id="error_1_id_evidence"' in page
    assert "建设成效显著。" in page
    app.refresh_from_db()
    assert app.outcomes == "建设成效显著。"
    assert not app.attachments.exists()


def test_files_can_be_added_and_removed_on_a_step(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    client.post(step_url(app, "maturity"), {"maturity_level": "2", "goto": "maturity",
                                           "assessment_report": SimpleUploadedFile("评估报告.pdf", pdf_bytes())})
    attachment = app.attachments.get()
    assert attachment.section == "assessment_report" and attachment.original_name == "评估报告.pdf"
    assert "评估报告.pdf" in client.get(step_url(app, "maturity")).content.decode()
    client.post(step_url(app, "maturity"), {"maturity_level": "2", "goto": "maturity", "remove": [attachment.pk]})
    assert not app.active_attachments().exists()


def test_the_tier_requirement_is_shown_beside_each_segment_and_the_outcomes(enterprise_user, client_for):
    app = make_application(enterprise_user, tier_code="basic", complete=False)
    client = client_for(enterprise_user)
    page = client.get(step_url(app, "segment_production_operations")).content.decode()
    assert "实现关键装备、工序和系统的实时监控" in page  # Art. 6 (1) 3
    page = client.get(step_url(app, "outcomes")).content.decode()
    assert "在市区内同行业具有引领带动作用" in page  # Art. 6 (1) 6
    assert 'aria-current="step"' in page


def test_the_pledge_is_recorded_with_who_and_when(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    client_for(enterprise_user).post(step_url(app, "pledge"), {"accept": "on", "goto": "review"})
    app.refresh_from_db()
    assert app.pledge_accepted_by == enterprise_user and app.pledge_accepted_at is not None
    assert list(audit_trail(app))[-1].verb == "applications.pledge_accepted"


def test_submitted_application_steps_redirect_to_the_read_only_page(enterprise_user, client_for):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    client = client_for(enterprise_user)
    response = client.post(step_url(app, "outcomes"), {"outcomes": "偷偷修改", "goto": "outcomes"})
    assert response.status_code == 302 and response["Location"] == reverse("applications:detail", args=[app.pk])
    app.refresh_from_db()
    assert app.outcomes != "偷偷修改"


def test_another_enterprise_cannot_open_the_draft(enterprise_user, other_enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    assert client_for(other_enterprise_user).get(step_url(app, "outcomes")).status_code == 404
