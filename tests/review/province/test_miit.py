"""Excellence and leading (Art. 13): the province accepts, optionally reviews, recommends to MIIT and
records MIIT's outcome with its document; an approval creates the title and its certificate."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.constants import Status
from applications.workflow import perform
from portal.errors import ActionRefused
from review.models import MiitOutcome, MiitResult
from tests.applications.factories import pdf_bytes
from tests.review.province.helpers import accepted, last_audit, submit_all, under_review

pytestmark = pytest.mark.django_db

DOCUMENT = {"document_number": "工信厅联通装函〔2026〕188号", "document_date": datetime.date(2026, 9, 30)}


def test_recommend_to_miit_from_accepted_without_scores(enterprise_user, provincial_officer, rubric):
    app = accepted(enterprise_user, provincial_officer, tier_code="excellence")
    app = perform(app, "recommend_to_miit", actor=provincial_officer, data={"reason": "推荐申报卓越级智能工厂。"})
    assert app.status == Status.RECOMMENDED_TO_MIIT
    row = last_audit(app)
    assert row.verb == "review.recommended_to_miit" and row.actor == provincial_officer


def test_recommend_to_miit_after_a_review_waits_for_the_scores(enterprise_user, provincial_officer, experts, rubric):
    app = under_review(enterprise_user, provincial_officer, experts, tier_code="excellence")
    with pytest.raises(ActionRefused):
        perform(app, "recommend_to_miit", actor=provincial_officer)
    submit_all(app, ["0.9", "0.85", "0.95"])
    assert perform(app, "recommend_to_miit", actor=provincial_officer).status == Status.RECOMMENDED_TO_MIIT


def test_province_tiers_are_not_recommended_to_miit(enterprise_user, provincial_officer, rubric):
    app = accepted(enterprise_user, provincial_officer)
    with pytest.raises(ActionRefused):
        perform(app, "recommend_to_miit", actor=provincial_officer)


def test_miit_approval_creates_the_title_with_the_document_and_its_certificate(
        enterprise_user, provincial_officer, rubric, django_capture_on_commit_callbacks):
    app = perform(accepted(enterprise_user, provincial_officer, tier_code="excellence"), "recommend_to_miit",
                  actor=provincial_officer)
    upload = SimpleUploadedFile("工信部通知.pdf", pdf_bytes(), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        app = perform(app, "record_miit_approval", actor=provincial_officer,
                      data={**DOCUMENT, "document_file": upload})
    assert app.status == Status.MIIT_APPROVED
    outcome = MiitOutcome.objects.get(application=app)
    assert outcome.result == MiitResult.APPROVED and outcome.document_file
    title = outcome.title
    assert title.tier.code == "excellence" and title.source == DOCUMENT["document_number"]
    assert title.year == app.round.year and title.recognized_on == DOCUMENT["document_date"]
    certificate = title.certificates.get()
    assert certificate.miit_document == DOCUMENT["document_number"]
    row = last_audit(app)
    assert row.verb == "review.miit_approved" and row.after["document_number"] == DOCUMENT["document_number"]
    assert row.after["certificate"] == certificate.number


def test_miit_rejection_records_the_document_and_creates_no_title(enterprise_user, provincial_officer, rubric):
    app = perform(accepted(enterprise_user, provincial_officer, tier_code="excellence"), "recommend_to_miit",
                  actor=provincial_officer)
    with pytest.raises(ActionRefused):
        perform(app, "record_miit_rejection", actor=provincial_officer, data={})
    app = perform(app, "record_miit_rejection", actor=provincial_officer, data=DOCUMENT)
    assert app.status == Status.MIIT_REJECTED
    assert MiitOutcome.objects.get(application=app).title is None
    assert not app.enterprise.titles.filter(tier__code="excellence").exists()
    assert last_audit(app).verb == "review.miit_rejected"


@pytest.mark.parametrize("persona", ["jinan_official", "enterprise_user", "expert"])
def test_only_the_province_records_miit_outcomes(persona, request, enterprise_user, provincial_officer, rubric):
    actor = request.getfixturevalue(persona)
    app = perform(accepted(enterprise_user, provincial_officer, tier_code="excellence"), "recommend_to_miit",
                  actor=provincial_officer)
    for name in ("record_miit_approval", "record_miit_rejection"):
        with pytest.raises(ActionRefused):
            perform(app, name, actor=actor, data=DOCUMENT)
    assert not MiitOutcome.objects.exists()


def test_officer_records_the_outcome_on_its_page_and_a_non_pdf_is_refused(enterprise_user, provincial_officer,
                                                                          rubric, client_for):
    app = perform(accepted(enterprise_user, provincial_officer, tier_code="excellence"), "recommend_to_miit",
                  actor=provincial_officer)
    client = client_for(provincial_officer)
    url = reverse("review:miit_outcome", args=[app.pk, "approved"])
    # The generic confirm page redirects to this one (it has the upload).
    generic = client.get(reverse("applications:transition", args=[app.pk, "record_miit_approval"]))
    assert generic.status_code == 302 and generic.url == url
    png = SimpleUploadedFile("通知.png", b"\x89PNG\r\n\x1a\nnot really", content_type="image/png")
    response = client.post(url, {"document_number": "工信部〔2026〕1号", "document_date": "2026-09-30",
                                 "document_file": png})
    app.refresh_from_db()
    assert response.status_code == 200 and app.status == Status.RECOMMENDED_TO_MIIT
    response = client.post(url, {"document_number": "工信部〔2026〕1号", "document_date": "2026-09-30"})
    app.refresh_from_db()
    assert response.status_code == 302 and app.status == Status.MIIT_APPROVED
