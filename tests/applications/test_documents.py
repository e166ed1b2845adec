"""The documents to sign and stamp: the 申报书 and 承诺书 of each submitted version, printed by a task after
the submission commits, verified through their QR code, downloaded by whoever may see the application,
uploaded back stamped by the enterprise; the city's pass waits for both scans."""
import io
import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from applications import documents, services
from applications.constants import DocumentKind, Status
from applications.models import GeneratedDocument, StampedScan
from applications.tasks import RENDER_MAX_ATTEMPTS, render_document
from portal.errors import ActionRefused
from portal.models import AuditEntry, OutboxMessage
from portal.rendering import RenderStatus, canonical_digest
from review.city import services as city_services
from tests.applications.factories import make_application, pdf_upload, png_bytes, stamp
from tests.factories import body, disabled_reason, messages_of

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://[^\s]+?/public/documents/[0-9a-f-]{36}/[0-9a-f]{64}/")


def pdf_text(content):
    """All text of a PDF, whitespace removed (long addresses wrap across lines)."""
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def submitted(enterprise_user, django_capture_on_commit_callbacks):
    """A submitted basic application whose documents the task rendered after the commit."""
    app = make_application(enterprise_user, tier_code="basic")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(app, actor=enterprise_user)
    app.refresh_from_db()
    return app


def document(app, kind):
    return GeneratedDocument.objects.get(application=app, version__number=app.current_version, kind=kind)


def read(doc):
    doc.file.open("rb")
    try:
        return doc.file.read()
    finally:
        doc.file.close()


# --- printed by a task, after the commit --------------------------------------------------------------

def test_submission_schedules_both_renders_which_run_only_after_the_commit(enterprise_user,
                                                                           django_capture_on_commit_callbacks):
    app = make_application(enterprise_user, tier_code="basic")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit(app, actor=enterprise_user)
    pending = GeneratedDocument.objects.filter(application=app)
    assert sorted(pending.values_list("kind", "status")) == [("application_form", "pending"), ("pledge", "pending")]
    assert OutboxMessage.objects.filter(handler="applications.render_document").count() == 2
    assert not any(d.file for d in pending)

    for callback in callbacks:  # the commit: the outbox sends each message to the (eager) worker
        callback()

    rendered = GeneratedDocument.objects.filter(application=app)
    assert set(rendered.values_list("status", flat=True)) == {RenderStatus.READY}
    assert [(bool(d.sha256), bool(d.file_size), d.attempts) for d in rendered] == [(True, True, 1)] * 2
    assert AuditEntry.objects.filter(verb="applications.document_rendered", object_id=str(app.pk)).count() == 2


def test_the_render_task_run_twice_renders_once(submitted):
    doc = document(submitted, DocumentKind.APPLICATION_FORM)
    first = (doc.file.name, doc.sha256)
    assert render_document(doc.pk) == "ready"
    assert render_document(doc.pk) == "ready"
    doc.refresh_from_db()
    assert (doc.file.name, doc.sha256, doc.attempts) == (*first, 1)
    assert AuditEntry.objects.filter(verb="applications.document_rendered", object_id=str(submitted.pk)).count() == 2


def test_the_application_document_prints_the_submitted_version(submitted, enterprise_user):
    version = submitted.versions.get()
    # The draft changes after submission only through a return; the print reads the frozen version.
    text = pdf_text(read(document(submitted, DocumentKind.APPLICATION_FORM)))
    enterprise = enterprise_user.enterprise
    for expected in ("山东省智能工厂梯度培育", "申报书", enterprise.name, enterprise.credit_code, "基础级",
                     "2026年度测试批次", "第1版", "关键工序数控化率显著提升。", "近三年经营良好。", "附件清单",
                     "法定代表人（签字）", "申报单位（盖章）", version.snapshot["segments"]["production_operations"]
                     ["narrative"]):
        assert expected in text, expected
    for attachment in version.snapshot["attachments"]:
        assert attachment["sha256"] in text


def test_a_resubmitted_version_gets_its_own_documents(submitted, enterprise_user, jinan_official,
                                                      django_capture_on_commit_callbacks):
    services.return_for_revision(submitted, actor=jinan_official, comments={"outcomes": "请补充数据。"})
    services.save_fields(submitted, actor=enterprise_user, fields={"outcomes": "生产效率提升30%，修订后。"})
    services.accept_pledge(submitted, actor=enterprise_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.resubmit(submitted, actor=enterprise_user)
    submitted.refresh_from_db()
    second = document(submitted, DocumentKind.APPLICATION_FORM)
    assert second.version.number == 2 and second.is_ready
    assert "生产效率提升30%，修订后。" in pdf_text(read(second))
    assert "生产效率提升30%，修订后。" not in pdf_text(read(GeneratedDocument.objects.get(
        application=submitted, version__number=1, kind=DocumentKind.APPLICATION_FORM)))


def test_the_pledge_prints_the_pledge_text_enterprise_and_blanks(submitted, enterprise_user):
    text = pdf_text(read(document(submitted, DocumentKind.PLEDGE)))
    enterprise = enterprise_user.enterprise
    for expected in ("承诺书", enterprise.name, enterprise.credit_code, "不涉及国家秘密和商业秘密", "第1版",
                     "法定代表人（签字）", "申报单位（盖章）", "日期", "济南市工业和信息化局"):
        assert expected in text, expected


# --- the QR code and the verification page ---------------------------------------------------------------

def test_the_qr_code_encodes_the_verification_url_printed_and_in_the_metadata(submitted):
    import qrcode

    doc = document(submitted, DocumentKind.APPLICATION_FORM)
    content = read(doc)
    reader = PdfReader(io.BytesIO(content))
    url = reader.metadata.subject
    assert url == documents.verify_url(doc)
    assert URL.search(pdf_text(content)).group(0) == url
    assert url.endswith(f"/{canonical_digest(submitted.versions.get().snapshot)}/")

    # The cover's image is the QR code of exactly that address, module for module.
    image = reader.pages[0].images[0].image.convert("1")
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=0, mask_pattern=0)
    qr.add_data(url)
    qr.make(fit=True)
    expected = qr.make_image(fill_color="black", back_color="white").get_image().convert("1")
    assert image.size == expected.size
    assert image.tobytes() == expected.tobytes()


def test_the_verification_url_says_the_digest_matches_and_a_tampered_one_does_not(submitted, client, enterprise_user):
    doc = document(submitted, DocumentKind.APPLICATION_FORM)
    url = documents.verify_url(doc)
    path = url[url.index("/public/"):]
    page = client.get(path).content.decode()
    assert 'data-match="yes"' in page
    assert enterprise_user.enterprise.name in page and "2026年度测试批次" in page
    assert enterprise_user.enterprise.credit_code not in page  # nothing beyond what the document names
    assert "关键工序数控化率" not in page  # the content itself stays private

    tampered = path.replace(doc.content_digest, canonical_digest({"outcomes": "伪造的成效"}))
    page = client.get(tampered).content.decode()
    assert 'data-match="no"' in page and 'data-match="yes"' not in page
    assert client.get(path.replace(str(doc.public_token), "00000000-0000-4000-8000-000000000000")).status_code == 404


def test_a_mangled_digest_does_not_match_and_is_no_error(submitted, client):
    doc = document(submitted, DocumentKind.APPLICATION_FORM)
    path = reverse("public_documents:verify", args=[doc.public_token, "%06N\u00c73j\u008b\u00e4 伪"])
    response = client.get(path)
    assert response.status_code == 200 and 'data-match="no"' in response.content.decode()


def test_a_version_changed_on_record_no_longer_matches(submitted, client):
    doc = document(submitted, DocumentKind.APPLICATION_FORM)
    version = doc.version
    version.snapshot = {**version.snapshot, "outcomes": "事后篡改"}
    version.save(update_fields=["snapshot"])
    url = documents.verify_url(doc)
    assert 'data-match="no"' in client.get(url[url.index("/public/"):]).content.decode()


# --- who downloads what ------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona, status", [("enterprise_user", 200), ("jinan_official", 200),
                                             ("provincial_officer", 200), ("other_enterprise_user", 404),
                                             ("qingdao_official", 404), ("expert", 404)])
def test_only_those_who_see_the_application_download_its_documents(submitted, persona, status, request, client_for):
    stamp(submitted, submitted.created_by)
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for kind in DocumentKind.values:
        response = client.get(reverse("applications:document", args=[document(submitted, kind).pk]))
        assert response.status_code == status
        if status == 200:
            assert body(response).startswith(b"%PDF-") and response["Cache-Control"] == "private, no-store"
    scan = StampedScan.objects.filter(application=submitted).first()
    assert client.get(reverse("applications:stamped", args=[scan.pk])).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(submitted, client):
    response = client.get(reverse("applications:document", args=[document(submitted, "pledge").pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- the stamped scans and the city's pass ----------------------------------------------------------------

def test_enterprise_uploads_a_stamped_scan_on_the_page_with_an_audit_row(submitted, enterprise_user, client_for):
    client = client_for(enterprise_user)
    response = client.post(reverse("applications:stamped_upload", args=[submitted.pk, "pledge"]),
                           {"pledge-scan": SimpleUploadedFile("承诺书盖章.png", png_bytes(), content_type="image/png")})
    assert response.status_code == 302
    scan = StampedScan.objects.get(application=submitted)
    assert (scan.kind, scan.content_type, scan.version.number) == ("pledge", "image/png", 1)
    assert "承诺书" not in scan.file.name  # stored under a random name
    row = AuditEntry.objects.filter(verb="applications.stamped_scan_uploaded").get()
    assert row.after["scan"] == scan.pk and row.after["kind"] == "pledge" and row.actor == enterprise_user
    page = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert reverse("applications:stamped", args=[scan.pk]) in page


def test_a_scan_is_checked_like_any_upload(submitted, enterprise_user):
    with pytest.raises(ActionRefused):
        documents.upload_stamped(submitted, kind="pledge", actor=enterprise_user,
                                 uploaded=SimpleUploadedFile("scan.pdf", b"<html><script>x</script>"))
    assert not StampedScan.objects.exists()


def test_only_the_enterprise_uploads_and_only_before_the_pre_screen(submitted, enterprise_user, other_enterprise_user,
                                                                   jinan_official, client_for):
    with pytest.raises(ActionRefused):
        documents.upload_stamped(submitted, kind="pledge", actor=jinan_official, uploaded=pdf_upload())
    response = client_for(other_enterprise_user).post(
        reverse("applications:stamped_upload", args=[submitted.pk, "pledge"]), {"pledge-scan": pdf_upload()})
    assert response.status_code == 404
    stamp(submitted, enterprise_user)
    city_services.pass_prescreen(submitted, actor=jinan_official)
    with pytest.raises(ActionRefused):
        documents.upload_stamped(submitted, kind="pledge", actor=enterprise_user, uploaded=pdf_upload())


def test_the_city_cannot_pass_without_the_stamped_documents_and_is_told_which(submitted, enterprise_user,
                                                                              jinan_official, client_for):
    with pytest.raises(ActionRefused) as refused:
        city_services.pass_prescreen(submitted, actor=jinan_official)
    assert "申报书" in refused.value.message and "承诺书" in refused.value.message

    stamp(submitted, enterprise_user, kinds=[DocumentKind.APPLICATION_FORM])
    client = client_for(jinan_official)
    response = client.post(reverse("applications:transition", args=[submitted.pk, "city_pass"]), {"reason": "同意"},
                           follow=True)
    page = response.content.decode()
    assert "承诺书" in page and "尚未上传" in page
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not AuditEntry.objects.filter(verb="review.city_passed").exists()

    stamp(submitted, enterprise_user, kinds=[DocumentKind.PLEDGE])
    city_services.pass_prescreen(submitted, actor=jinan_official)
    submitted.refresh_from_db()
    assert submitted.status == Status.CITY_PASSED


def test_pass_is_shown_disabled_with_what_is_missing_until_both_stamped_documents_are_in(
        submitted, enterprise_user, jinan_official, client_for):
    client = client_for(jinan_official)
    detail, confirm = (reverse("applications:detail", args=[submitted.pk]),
                       reverse("applications:transition", args=[submitted.pk, "city_pass"]))
    page = client.get(detail).content.decode()
    reason = disabled_reason(page, f"not-yet-city_pass-{submitted.pk}")
    assert reason and confirm not in page
    assert reverse("applications:transition", args=[submitted.pk, "city_reject"]) in page  # rejecting needs neither
    with translation.override("en"):
        assert "signed and stamped" in documents_refusal(submitted)

    assert messages_of(client.get(confirm, follow=True)) == [reason]  # the confirm page sends back, saying why
    assert messages_of(client.post(confirm, {"reason": "同意"}, follow=True)) == [reason]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED

    stamp(submitted, enterprise_user)
    page = client.get(detail).content.decode()
    assert disabled_reason(page, f"not-yet-city_pass-{submitted.pk}") is None and confirm in page


def documents_refusal(application):
    from applications.actions import APPLICATION_ACTIONS

    return APPLICATION_ACTIONS.not_yet(application, "city_pass")


def test_the_city_can_still_reject_or_return_without_them(submitted, jinan_official):
    services.return_for_revision(submitted, actor=jinan_official, comments={"general": "请重新提交。"})
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED


def test_resubmitting_asks_for_new_stamped_scans(submitted, enterprise_user, jinan_official):
    stamp(submitted, enterprise_user)
    services.return_for_revision(submitted, actor=jinan_official, comments={"general": "请修改。"})
    services.accept_pledge(submitted, actor=enterprise_user)
    services.resubmit(submitted, actor=enterprise_user)
    submitted.refresh_from_db()
    assert documents.missing_stamped(submitted) == [DocumentKind.APPLICATION_FORM, DocumentKind.PLEDGE]
    with pytest.raises(ActionRefused):
        city_services.pass_prescreen(submitted, actor=jinan_official)


def test_the_city_sees_the_printed_document_beside_the_stamped_scan(submitted, enterprise_user, jinan_official,
                                                                    client_for):
    stamp(submitted, enterprise_user)
    page = client_for(jinan_official).get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    section = page[page.index('id="documents"'):]
    for kind in DocumentKind.values:
        row = section[section.index(f'id="document-{kind}"'):]
        row = row[:row.index("</tr>")]
        assert reverse("applications:document", args=[document(submitted, kind).pk]) in row
        scan = StampedScan.objects.get(application=submitted, kind=kind)
        assert reverse("applications:stamped", args=[scan.pk]) in row
    assert "stamped-upload" not in section  # the city reads; only the enterprise uploads


# --- a failed render ------------------------------------------------------------------------------------------

def test_a_failing_render_ends_failed_and_is_asked_for_again(enterprise_user, django_capture_on_commit_callbacks,
                                                             client_for):
    app = make_application(enterprise_user, tier_code="basic")
    with mock.patch("portal.pdf.render_to_pdf", side_effect=OSError("fontconfig busy")), \
         django_capture_on_commit_callbacks(execute=True):
        services.submit(app, actor=enterprise_user)
    app.refresh_from_db()
    failed = document(app, DocumentKind.PLEDGE)
    assert failed.status == RenderStatus.FAILED and failed.attempts == RENDER_MAX_ATTEMPTS
    assert failed.last_error == "OSError: fontconfig busy" and not failed.file
    assert AuditEntry.objects.filter(verb="applications.document_render_failed").count() == 2

    client = client_for(enterprise_user)
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert reverse("applications:documents_prepare", args=[app.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:documents_prepare", args=[app.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == RenderStatus.READY and failed.last_error == ""
    row = AuditEntry.objects.get(verb="applications.documents_requested")
    assert row.actor == enterprise_user and row.after == {"version": 1, "documents": ["application_form", "pledge"]}


def test_documents_missing_for_an_old_version_are_printed_on_demand(enterprise_user, jinan_official,
                                                                    django_capture_on_commit_callbacks):
    app = make_application(enterprise_user, tier_code="basic", state=Status.SUBMITTED)
    GeneratedDocument.objects.filter(application=app).delete()  # submitted before the portal printed them
    with pytest.raises(ActionRefused):
        documents.prepare_documents(app, actor=UserLike())
    with django_capture_on_commit_callbacks(execute=True):
        queued = documents.prepare_documents(app, actor=jinan_official)
    assert len(queued) == 2 and all(document(app, kind).is_ready for kind in DocumentKind.values)
    assert documents.prepare_documents(app, actor=jinan_official) == []  # nothing more to do


class UserLike:
    role = None
    is_authenticated = True
    enterprise_id = city_id = None


def test_the_city_queue_shows_how_many_stamped_documents_are_in(submitted, enterprise_user, jinan_official,
                                                                 client_for):
    stamp(submitted, enterprise_user, kinds=[DocumentKind.PLEDGE])
    stamp(submitted, enterprise_user, kinds=[DocumentKind.PLEDGE])  # a second pledge scan counts once
    page = client_for(jinan_official).get(reverse("review:city_queue")).content.decode()
    assert 'data-stamped="1"' in page and "盖章文件：已上传 1 份，共 2 份" in page
