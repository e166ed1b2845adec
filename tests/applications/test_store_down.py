"""An upload while the private file store is down: a "try again" page (503, Retry-After) that keeps what
was typed, no record of the file, and the file can be uploaded once the store is back."""
import socket
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from applications.models import StampedScan
from portal.models import AuditEntry
from portal.storage import AtomicFileSystemStorage, StorageUnavailable
from portal.views import server_error
from tests.applications.factories import make_application, pdf_bytes, png_bytes
from tests.factories import messages_of

pytestmark = pytest.mark.django_db

STORE_DOWN = "文件存储暂时不可用"


def store_down():
    """The local disk refuses every write, as a failed or full volume does."""
    return mock.patch.object(AtomicFileSystemStorage, "_save", side_effect=OSError(5, "Input/output error"))


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unreachable_object_store(settings):
    """Private storage in an S3 bucket whose server does not answer (nothing listens on its port)."""
    from portal.settings import s3_storage_options

    options = s3_storage_options("portal", f"http://127.0.0.1:{closed_port()}", "test", "test", "us-east-1")
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "portal.storage_s3.PrivateS3Storage",
                                                          "OPTIONS": options}}


def post_step(client, app, **files):
    return client.post(reverse("applications:step", args=[app.pk, "maturity"]),
                       {"maturity_level": "2", "goto": "outcomes", **files})


def assert_try_again_page_keeping_what_was_typed(response, app):
    assert response.status_code == 503 and response["Retry-After"]
    page = response.content.decode()
    assert STORE_DOWN in page and 'name="maturity_level"' in page  # the step's form, not an error page
    app.refresh_from_db()
    assert app.maturity_level == 2  # what was typed is saved
    assert not app.attachments.exists()  # and no record of a file that was not stored
    assert not AuditEntry.objects.filter(verb="applications.attachment_added").exists()


def test_an_evidence_upload_with_the_disk_failing_shows_the_step_again_with_try_again(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    with store_down():
        response = post_step(client, app, assessment_report=SimpleUploadedFile("评估报告.pdf", pdf_bytes()))
    assert_try_again_page_keeping_what_was_typed(response, app)
    # The store is back: the same upload goes through.
    assert post_step(client, app, assessment_report=SimpleUploadedFile("评估报告.pdf", pdf_bytes())).status_code == 302
    assert app.attachments.get().original_name == "评估报告.pdf"


def test_an_evidence_upload_with_the_object_store_unreachable_shows_try_again(enterprise_user, client_for,
                                                                             unreachable_object_store):
    app = make_application(enterprise_user, complete=False)
    response = post_step(client_for(enterprise_user), app,
                         assessment_report=SimpleUploadedFile("评估报告.pdf", pdf_bytes()))
    assert_try_again_page_keeping_what_was_typed(response, app)


def test_a_stamped_scan_upload_with_the_store_down_asks_to_try_again(enterprise_user, client_for):
    app = make_application(enterprise_user)
    from applications import services

    services.submit(app, actor=enterprise_user)
    client = client_for(enterprise_user)
    with store_down():
        response = client.post(reverse("applications:stamped_upload", args=[app.pk, "pledge"]),
                               {"pledge-scan": SimpleUploadedFile("承诺书盖章.png", png_bytes(), content_type="image/png")})
    assert response.status_code == 503 and response["Retry-After"]
    assert any(STORE_DOWN in m for m in messages_of(response))
    assert not StampedScan.objects.exists()
    assert not AuditEntry.objects.filter(verb="applications.stamped_scan_uploaded").exists()


def test_any_other_upload_with_the_store_down_gets_the_503_page_not_the_500_page():
    request = RequestFactory().post("/anything/")
    try:
        raise StorageUnavailable("connection refused")
    except StorageUnavailable:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"]
    assert "文件存储" in response.content.decode()
