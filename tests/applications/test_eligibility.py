"""Submission runs the eligibility rules: unmet ones block it and are listed with their articles."""
import pytest
from django.urls import reverse

from applications import services, workflow
from applications.constants import Status
from applications.models import ApplicationVersion
from portal.audit import audit_trail
from tests.applications.factories import give_title, make_application

pytestmark = pytest.mark.django_db


def test_incomplete_draft_is_blocked_with_the_articles(enterprise_user):
    app = make_application(enterprise_user, complete=False)
    with pytest.raises(workflow.SubmissionBlocked) as blocked:
        services.submit(app, actor=enterprise_user)
    by_code = {rule.code: rule.article for rule in blocked.value.issues}
    assert by_code["maturity_missing"] == "Art. 5 (5)"
    assert by_code["assessment_report_missing"] == "Art. 5 (5)"
    assert by_code["declaration_operations_sound"].startswith("Art. 5")
    assert by_code["segments_missing"] == "Art. 6 (1)"
    assert "pledge_missing" in by_code
    app.refresh_from_db()
    assert app.status == Status.DRAFT and not ApplicationVersion.objects.exists()
    assert [row.verb for row in audit_trail(app)] == ["applications.draft_created"]


def test_advanced_tier_needs_an_active_basic_title(enterprise_user):
    app = make_application(enterprise_user, tier_code="advanced")
    with pytest.raises(workflow.SubmissionBlocked) as blocked:
        services.submit(app, actor=enterprise_user)
    assert [(r.code, r.article) for r in blocked.value.issues] == [("prerequisite_title_missing", "Art. 12")]
    give_title(enterprise_user.enterprise, "basic")
    assert services.submit(app, actor=enterprise_user).status == Status.SUBMITTED


def test_declared_condition_without_evidence_blocks(enterprise_user):
    app = make_application(enterprise_user)
    app.active_attachments().filter(section="declaration_secure_controllable").update(removed_at="2026-01-01T00:00Z")
    with pytest.raises(workflow.SubmissionBlocked) as blocked:
        services.submit(app, actor=enterprise_user)
    assert [(r.code, r.article) for r in blocked.value.issues] == [("evidence_secure_controllable", "Art. 5")]


def test_review_step_lists_unmet_rules_and_hides_the_submit_button(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    page = client_for(enterprise_user).get(reverse("applications:step", args=[app.pk, "review"])).content.decode()
    assert 'id="unmet-rules"' in page and "第五条第五项" in page and "第六条第一项" in page  # cited as the regulation reads
    assert 'id="submit-application"' not in page


def test_posting_submit_anyway_is_refused_and_lists_nothing_lost(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    response = client.post(reverse("applications:transition", args=[app.pk, "submit"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("applications:step", args=[app.pk, "review"])
    assert "第五条第五项" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.DRAFT


def test_complete_application_is_submitted_from_the_review_step(enterprise_user, client_for):
    app = make_application(enterprise_user)
    client = client_for(enterprise_user)
    page = client.get(reverse("applications:step", args=[app.pk, "review"])).content.decode()
    assert 'id="eligible"' in page and 'id="submit-application"' in page
    client.post(reverse("applications:transition", args=[app.pk, "submit"]))
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED and app.current_version == 1
