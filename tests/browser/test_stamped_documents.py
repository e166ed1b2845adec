"""In Chromium: the enterprise downloads the pledge the portal printed, uploads both documents back signed and
stamped; the 济南 official sees each printed document beside its stamped scan, opens the 申报书's verification
page, and passes the pre-screen, which it could not do before."""
import pytest
from playwright.sync_api import expect

from applications.constants import Status
from applications.models import Application, GeneratedDocument, StampedScan
from tests.applications.factories import make_application, pdf_bytes, png_bytes
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_enterprise_stamps_the_printed_documents_and_the_city_sees_both(page, live_server, settings, tmp_path,
                                                                        enterprise_user, jinan_official):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT
    settings.SITE_URL = live_server.url
    # Submitted for real: the 申报书 and 承诺书 are printed by the (eager) task after the commit.
    app = make_application(enterprise_user, tier_code="basic", state=Status.SUBMITTED)
    assert set(GeneratedDocument.objects.filter(application=app).values_list("status", flat=True)) == {"ready"}
    pledge_scan = tmp_path / "承诺书（盖章）.png"
    pledge_scan.write_bytes(png_bytes())
    form_scan = tmp_path / "申报书（盖章）.pdf"
    form_scan.write_bytes(pdf_bytes("申报书盖章扫描件"))

    log_in(page, live_server, enterprise_user)
    page.goto(f"{live_server.url}/applications/{app.pk}/")
    pledge_row = page.locator("#document-pledge")
    with page.expect_download() as download_info:
        pledge_row.locator("td.generated a").first.click()
    download = download_info.value
    assert download.suggested_filename == f"承诺书-{app.pk}-v1.pdf"
    assert open(download.path(), "rb").read().startswith(b"%PDF-")

    pledge_row.locator("input[type=file]").set_input_files(str(pledge_scan))
    pledge_row.locator("form.stamped-upload button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#document-pledge td.stamped a")).to_have_text("承诺书（盖章）.png")
    expect(page.locator("#stamped-missing")).to_contain_text("申报书")

    form_row = page.locator("#document-application_form")
    form_row.locator("input[type=file]").set_input_files(str(form_scan))
    form_row.locator("form.stamped-upload button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#document-application_form td.stamped a")).to_have_text("申报书（盖章）.pdf")
    expect(page.locator("#stamped-missing")).to_have_count(0)

    log_in(page, live_server, jinan_official)
    page.goto(f"{live_server.url}/applications/{app.pk}/")
    for kind, scan_name in (("application_form", "申报书（盖章）.pdf"), ("pledge", "承诺书（盖章）.png")):
        row = page.locator(f"#document-{kind}")
        expect(row.locator("td.generated a").first).to_be_visible()
        expect(row.locator("td.stamped a")).to_have_text(scan_name)
    expect(page.locator("form.stamped-upload")).to_have_count(0)
    with page.expect_download() as download_info:
        page.locator("#document-pledge td.stamped a").click()
    # The download is named for the document, its application and the scan's version, whatever the file was called.
    assert download_info.value.suggested_filename == f"承诺书-{app.pk}-v1-盖章件.png"

    page.locator("#document-application_form td.generated a", has_text="核验").click()
    page.wait_for_load_state()
    expect(page.locator("#verdict")).to_have_attribute("data-match", "yes")
    expect(page.locator("#enterprise")).to_have_text(enterprise_user.enterprise.name)

    page.goto(f"{live_server.url}/applications/{app.pk}/")
    page.locator('#actions a[data-transition="city_pass"]').click()
    page.wait_for_load_state()
    page.locator("#confirm-transition").click()
    page.wait_for_load_state()
    assert Application.objects.get(pk=app.pk).status == Status.CITY_PASSED
    assert StampedScan.objects.filter(application=app).count() == 2
