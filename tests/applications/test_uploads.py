"""Evidence is checked by content, stored privately under a random name, and served only to those who may see it."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import services
from applications.constants import Status
from applications.models import Attachment
from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.applications.factories import make_application, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


@pytest.fixture
def draft(enterprise_user):
    return make_application(enterprise_user, complete=False)


@pytest.mark.parametrize("payload", [ELF, PE], ids=["elf", "windows-exe"])
def test_renamed_executable_is_refused(draft, enterprise_user, payload):
    with pytest.raises(ActionRefused, match="PDF"):
        services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                uploaded=SimpleUploadedFile("报告.pdf", payload, content_type="application/pdf"))
    assert not Attachment.objects.exists()


def test_pdf_header_on_garbage_is_refused(draft, enterprise_user):
    fake = b"%PDF-1.7\n" + b"not really a pdf " * 50
    with pytest.raises(ActionRefused, match="无法读取"):
        services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                uploaded=SimpleUploadedFile("假的.pdf", fake))


def test_png_header_on_garbage_is_refused(draft, enterprise_user):
    with pytest.raises(ActionRefused):
        services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                uploaded=SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))


def test_real_pdf_is_accepted_and_stored_privately_under_a_random_name(draft, enterprise_user, settings):
    content = pdf_bytes()
    attachment = services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                         uploaded=SimpleUploadedFile("../../成效 证明.pdf", content))
    assert attachment.content_type == "application/pdf" and attachment.size == len(content)
    assert attachment.original_name == "成效 证明.pdf"  # Django drops any directory part
    assert "成效" not in attachment.file.name and ".." not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with open(path, "rb") as stored:
        assert stored.read() == content
    row = list(audit_trail(draft))[-1]
    assert row.verb == "applications.attachment_added" and row.after["sha256"] == attachment.sha256


def test_png_with_a_pdf_name_is_stored_as_png(draft, enterprise_user):
    attachment = services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                         uploaded=SimpleUploadedFile("photo.pdf", png_bytes()))
    assert attachment.content_type == "image/png" and attachment.file.name.endswith(".png")


def test_oversized_file_is_refused(draft, enterprise_user, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ActionRefused, match="不得超过"):
        services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                uploaded=SimpleUploadedFile("big.pdf", pdf_bytes() + b"\n" * 2000))


def test_owner_downloads_with_the_original_name(draft, enterprise_user, client_for):
    attachment = services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                         uploaded=SimpleUploadedFile("成效.pdf", pdf_bytes()))
    response = client_for(enterprise_user).get(reverse("applications:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_enterprise_gets_404_for_the_attachment(draft, enterprise_user, other_enterprise_user, client_for):
    attachment = services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                         uploaded=SimpleUploadedFile("成效.pdf", pdf_bytes()))
    response = client_for(other_enterprise_user).get(reverse("applications:attachment", args=[attachment.pk]))
    assert response.status_code == 404


def test_officials_see_evidence_only_of_their_city_once_submitted(enterprise_user, jinan_official, qingdao_official,
                                                                  client_for):
    app = make_application(enterprise_user)
    attachment = app.active_attachments().first()
    url = reverse("applications:attachment", args=[attachment.pk])
    assert client_for(jinan_official).get(url).status_code == 404  # still a draft
    services.submit(app, actor=enterprise_user)
    assert client_for(jinan_official).get(url).status_code == 200
    assert client_for(qingdao_official).get(url).status_code == 404


def test_anonymous_visitor_is_sent_to_login(draft, enterprise_user, client):
    attachment = services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                         uploaded=SimpleUploadedFile("成效.pdf", pdf_bytes()))
    response = client.get(reverse("applications:attachment", args=[attachment.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_upload_once_submitted(enterprise_user):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with pytest.raises(ActionRefused):
        services.add_attachment(app, actor=enterprise_user, section="outcomes",
                                uploaded=SimpleUploadedFile("late.pdf", pdf_bytes()))


def test_removed_attachment_stays_in_the_submitted_version(enterprise_user, jinan_official):
    app = make_application(enterprise_user, state=Status.RETURNED, returner=jinan_official)
    attachment = app.active_attachments().get(section="assessment_report")
    services.remove_attachment(attachment, actor=enterprise_user)
    assert not app.active_attachments().filter(pk=attachment.pk).exists()
    assert attachment.pk in [a["id"] for a in app.versions.get(number=1).snapshot["attachments"]]
    assert list(audit_trail(app))[-1].verb == "applications.attachment_removed"
