"""A private file is offered under a name that cannot hide what it is: control and bidi characters go,
so do leading dots, inner extensions and reserved Windows names, and the name always ends in the
extension of the file's real (content-checked) type. Both forms of Content-Disposition say the same."""
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from applications import documents, services
from applications.constants import Status
from portal.uploads.names import download_name
from tests.applications.factories import make_application, pdf_upload

pytestmark = pytest.mark.django_db

PDF = "application/pdf"


@pytest.mark.parametrize("given, offered", [
    ("evil\u202efdp.exe", "evilfdp.pdf"),
    (".htaccess", "htaccess.pdf"),
    ("CON.pdf", "附件.pdf"),
    ("lpt1", "附件.pdf"),
    ("a.pdf.exe", "a_pdf.pdf"),
    ("..\\..\\boot.ini", "boot.pdf"),
    ("证明\u200b材料\x00.pdf", "证明材料.pdf"),
    ("报告 2026.03.pdf", "报告 2026_03.pdf"),
    ("  ...  ", "附件.pdf"),
    ('a<b>:"c|?*.pdf', "a_b___c.pdf"),
])
def test_the_download_name_keeps_no_hostile_part_and_ends_in_the_real_type(given, offered):
    assert download_name(given, content_type=PDF, fallback="附件") == offered


def test_an_image_is_offered_with_its_own_extension_whatever_it_was_called():
    assert download_name("photo.pdf", content_type="image/jpeg", fallback="x") == "photo.jpg"


def disposition_names(response):
    """The file name of each form of Content-Disposition present: filename="…" and filename*=utf-8''…"""
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    names = re.findall(r'filename="([^"]*)"', header) + [unquote(n) for n in re.findall(r"filename\*=utf-8''(\S+)", header)]
    assert names, header
    return set(names)


@pytest.mark.parametrize("hostile, offered", [
    ("evil\u202efdp.exe", "evilfdp.pdf"), (".htaccess", "htaccess.pdf"), ("a.pdf.exe", "a_pdf.pdf")])
def test_an_attachment_with_a_hostile_name_downloads_under_a_clean_one(enterprise_user, client_for, hostile, offered):
    app = make_application(enterprise_user, complete=False)
    attachment = services.add_attachment(app, actor=enterprise_user, section="declaration_operations_sound",
                                         uploaded=pdf_upload(hostile))

    response = client_for(enterprise_user).get(reverse("applications:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert disposition_names(response) == {offered}


def test_an_attachment_named_after_a_reserved_device_downloads_under_its_application(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    attachment = services.add_attachment(app, actor=enterprise_user, section="declaration_operations_sound",
                                         uploaded=pdf_upload("CON.pdf"))

    response = client_for(enterprise_user).get(reverse("applications:attachment", args=[attachment.pk]))

    assert disposition_names(response) == {f"附件-{app.pk}.pdf"}


def test_a_stamped_scan_downloads_as_its_kind_and_application_whatever_it_was_called(enterprise_user, client_for):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    scan = documents.upload_stamped(app, kind="pledge", actor=enterprise_user, uploaded=pdf_upload("evil\u202efdp.exe"))

    response = client_for(enterprise_user).get(reverse("applications:stamped", args=[scan.pk]))

    assert disposition_names(response) == {f"承诺书-{app.pk}-v1-盖章件.pdf"}
