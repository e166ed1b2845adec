"""The province's application page runs the same number of queries however long the application's
history and however much evidence it holds (counts compared, never timed)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Attachment
from portal.audit import audit
from tests.applications.factories import pdf_bytes

from .helpers import submit_all, under_review

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_province_application_page_does_not_grow_with_history_and_evidence(
        client_for, enterprise_user, provincial_officer, experts, rubric, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.PRIVATE_MEDIA_ROOT = tmp_path  # the test's evidence, not the developer's var/private

    app = under_review(enterprise_user, provincial_officer, experts)
    submit_all(app, ("0.9", "0.8", "0.85"))
    viewer = client_for(provincial_officer)
    url = f"/review/province/applications/{app.pk}/"
    few = queries_for(viewer, url)
    for n in range(20):
        audit(provincial_officer, "tests.touched", app, message=f"第{n}次")
    for n in range(4):
        attachment = Attachment(application=app, section="outcomes", original_name=f"证明{n}.pdf",
                                content_type="application/pdf", size=10, sha256="0" * 64, uploaded_by=enterprise_user)
        attachment.file.save(f"e{n}.pdf", ContentFile(pdf_bytes()), save=False)
        attachment.save()
    many = queries_for(viewer, url)
    assert many == few, f"{few} queries before, {many} with 20 more history rows and 4 more attachments"
