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


# Every other upload form shows a refusal again with what was typed; the store being down is such a refusal.

def test_a_rename_request_with_the_store_down_comes_back_as_typed_saying_try_again(client_for, enterprise_user,
                                                                                   provincial_officer, settings,
                                                                                   tmp_path):
    from tests.tiers.factories import TitleFactory, tier
    from tiers.titles.models import RenameRequest

    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    title = TitleFactory(enterprise=enterprise_user.enterprise, tier=tier("basic"))
    with store_down():
        response = client_for(enterprise_user).post(reverse("titles:rename_create"), {
            "titles": [title.pk], "kind": "rename", "new_name": "济南智造高端装备股份有限公司", "new_credit_code": "",
            "reason": "保留的变更说明", "evidence": SimpleUploadedFile("营业执照.pdf", pdf_bytes(),
                                                                 content_type="application/pdf")})
    assert response.status_code == 200
    html = response.content.decode()
    assert STORE_DOWN in html and "济南智造高端装备股份有限公司" in html and "保留的变更说明" in html
    assert not RenameRequest.objects.exists()
    assert not AuditEntry.objects.filter(verb="tiers.rename_requested").exists()


def test_a_list_import_with_the_store_down_comes_back_as_typed_saying_try_again(client_for, provincial_officer, jinan,
                                                                                settings, tmp_path):
    from portal.registers.constants import ListKind
    from portal.registers.models import ListVersion
    from tests.factories import make_credit_code
    from tests.registers.factories import csv_bytes

    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    rows = [(make_credit_code("370102", 701), "甲企业"), (make_credit_code("370102", 702), "乙企业")]
    with store_down():
        response = client_for(provincial_officer).post("/lists/import/", {
            "kind": ListKind.ABOVE_SIZE, "city": str(jinan.pk), "year": "2026", "source": "济南市统计局2026年名录",
            "as_of": "2026-11-30", "file": SimpleUploadedFile("名录.csv", csv_bytes(rows))})
    assert response.status_code == 200
    html = response.content.decode()
    assert STORE_DOWN in html and 'value="济南市统计局2026年名录"' in html
    assert not ListVersion.objects.exists()
