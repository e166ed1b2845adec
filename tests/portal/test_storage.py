"""Private files through the storage API only, on the local disk and on S3-compatible storage; files
follow their transaction; the orphan sweep removes what no record refers to."""
import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from applications import services
from applications.models import Attachment
from portal.files import private_file_fields, referenced, stored_files, sweep_orphans
from portal.storage import FilesFollowTransactionsMiddleware, files_follow_transactions, private_storage
from tests.applications.factories import make_application, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(enterprise_user):
    return make_application(enterprise_user, complete=False)


def upload(name="成效.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")


def test_files_round_trip_through_the_storage_api(private_backend):
    storage = private_storage()
    name = storage.save("probe/报告.pdf", ContentFile(b"%PDF-1.7 test"))
    assert storage.exists(name) and storage.size(name) == 13
    with storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.7 test"
    assert name in set(stored_files(storage))
    assert storage.get_modified_time(name) <= timezone.now() + datetime.timedelta(minutes=1)
    second = storage.save("probe/报告.pdf", ContentFile(b"other"))
    assert second != name  # an existing file is never overwritten
    with pytest.raises(ValueError):
        storage.url(name)  # no URL: served only through permission-checked views
    storage.delete(name)
    assert not storage.exists(name)


def test_a_forced_rollback_after_an_upload_leaves_no_file(private_backend, draft, enterprise_user):
    with files_follow_transactions():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.add_attachment(draft, actor=enterprise_user, section="outcomes", uploaded=upload())
            assert len(list(stored_files())) == 1  # written inside the transaction ...
            raise RuntimeError("something after the upload fails")
    assert list(stored_files()) == [] and not Attachment.objects.exists()  # ... and gone with it


def test_a_committed_upload_keeps_its_file(private_backend, draft, enterprise_user):
    with files_follow_transactions():
        attachment = services.add_attachment(draft, actor=enterprise_user, section="outcomes", uploaded=upload())
    assert list(stored_files()) == [attachment.file.name]
    with attachment.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")


def test_a_request_whose_view_fails_after_an_upload_leaves_no_file(private_backend, draft, enterprise_user):
    def view(request):
        with transaction.atomic():
            services.add_attachment(draft, actor=enterprise_user, section="outcomes", uploaded=upload())
            raise RuntimeError("the view fails after saving")

    def guarded(request):  # what Django's handler does with the exception: a 500 response
        try:
            return view(request)
        except RuntimeError:
            return HttpResponse(status=500)

    response = FilesFollowTransactionsMiddleware(guarded)(RequestFactory().post("/"))
    assert response.status_code == 500 and list(stored_files()) == []


def test_every_private_file_field_is_known_to_the_sweep():
    fields = {(model._meta.label, name) for model, name in private_file_fields()}
    assert {("applications.Attachment", "file"), ("titles.Certificate", "file"), ("review.RecommendationLetter", "file"),
            ("review.Objection", "evidence"), ("review.MiitOutcome", "document_file"),
            ("titles.RenameRequest", "evidence")} <= fields


def test_the_orphan_sweep_removes_unreferenced_files_and_keeps_referenced_and_young_ones(
        private_backend, draft, enterprise_user):
    storage = private_storage()
    attachment = services.add_attachment(draft, actor=enterprise_user, section="outcomes", uploaded=upload())
    orphan = storage.save("certificates/2026/SDZN-XJ-2026-0009-killed.pdf", ContentFile(b"%PDF never recorded"))
    assert referenced([attachment.file.name, orphan]) == {attachment.file.name}

    assert sweep_orphans()["removed"] == []  # the orphan is younger than the grace period
    later = timezone.now() + datetime.timedelta(days=2)
    assert sweep_orphans(now=later, dry_run=True)["removed"] == [orphan] and storage.exists(orphan)
    result = sweep_orphans(now=later)
    assert result["removed"] == [orphan] and result["checked"] == 2
    assert not storage.exists(orphan) and storage.exists(attachment.file.name)


def test_the_sweep_command_reports_what_it_removed(private_backend, capsys):
    orphan = private_storage().save("stray.pdf", ContentFile(b"x"))
    call_command("sweep_orphan_files", "--grace-hours", "0")
    out = capsys.readouterr().out
    assert f"removed {orphan}" in out and "1 removed" in out


def test_prepare_storage_creates_the_bucket_once(s3_bucket, settings, capsys):
    from portal.settings import s3_storage_options

    settings.S3_BUCKET = f"portal-prepare-{timezone.now():%H%M%S%f}"
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "portal.storage_s3.PrivateS3Storage",
        "OPTIONS": s3_storage_options(settings.S3_BUCKET, s3_bucket["endpoint"], "test", "test", "us-east-1")}}
    call_command("prepare_storage")
    call_command("prepare_storage")
    out = capsys.readouterr().out
    assert "created" in out and "exists" in out
    s3_bucket["client"].delete_bucket(Bucket=settings.S3_BUCKET)


def test_prepare_storage_on_the_local_disk_makes_the_directory(settings, tmp_path, capsys):
    settings.S3_BUCKET = ""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "new" / "private"
    call_command("prepare_storage")
    assert settings.PRIVATE_MEDIA_ROOT.is_dir()
