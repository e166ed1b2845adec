"""On real parts: a Celery worker over Redis renders the certificate of a title certified in the test,
and the test reads the PDF's text back. Runs only with CELERY_BROKER_URL and PostgreSQL (see
tests/conftest_celery.py, whose ``celery_worker_process`` fixture starts the worker)."""
import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from pypdf import PdfReader

from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles.certificates import request_certificate
from tiers.titles.constants import RenderStatus
from tiers.titles.models import Certificate

# The worker is another process with its own settings: it writes where the environment says.
WORKER_PRIVATE_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT") or django_settings.VAR_DIR / "private")


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_renders_the_certificate_of_a_certified_title(enterprise, provincial_officer):
    title = TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=2026)
    certificate = request_certificate(title, actor=provincial_officer)  # commits; queued on commit

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        certificate = Certificate.objects.get(pk=certificate.pk)
        if certificate.status != RenderStatus.PENDING:
            break
        time.sleep(0.25)
    assert certificate.status == RenderStatus.READY, certificate.last_error

    path = WORKER_PRIVATE_ROOT / certificate.file.name
    try:
        text = "".join(PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text().split())
        assert certificate.number in text
        assert "济南智造装备有限公司" in text and "先进级（省级）智能工厂" in text
    finally:
        path.unlink(missing_ok=True)  # a test artefact in the worker's storage, not an issued record
