"""In the browser: a title is certified, the enterprise waits for its certificate on its home page,
downloads it, and opens the URL the QR code encodes, which says valid."""
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import PASSWORD
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles.certificates import request_certificate, verify_url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # live_server sees committed rows only
def test_enterprise_downloads_its_certificate_and_opens_the_qr_target(page, live_server, settings,
                                                                     enterprise_user, provincial_officer):
    settings.SITE_URL = live_server.url  # the QR code points at this server
    title = TitleFactory(enterprise=enterprise_user.enterprise, tier=tier(TierCode.ADVANCED), year=2026)
    # Not in a test transaction: the render runs on commit (eager Celery), as after the certify step.
    certificate = request_certificate(title, actor=provincial_officer)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", enterprise_user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/enterprise/")

    row = page.locator(f'#panel-certificates tr[data-certificate="{certificate.number}"]')
    link = row.get_by_role("link", name="下载 PDF")
    for _ in range(20):  # "wait for the certificate": the panel shows the link once the render is done
        if link.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{certificate.number}.pdf"
    content = open(download.path(), "rb").read()
    text = "".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    assert certificate.number in text and "济南智造装备有限公司" in text

    qr_target = verify_url(certificate)
    assert qr_target.startswith(live_server.url) and qr_target in text
    page.goto(qr_target)
    verdict = page.locator("#verdict")
    expect(verdict).to_have_attribute("data-validity", "valid")
    expect(verdict).to_contain_text("有效")
