"""Fixtures for certificates: private storage in a temporary directory, titles, issued certificates."""
import io

import pytest

from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Certificates go to a fresh private directory per test (never the developer's var/private)."""
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def advanced_title(enterprise):
    return TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=2026)


@pytest.fixture
def issue(django_capture_on_commit_callbacks, provincial_officer):
    """``issue(title)``: request the title's certificate and run the on-commit render (eager Celery)."""
    from tiers.titles.certificates import request_certificate

    def issue(title, **kwargs):
        kwargs.setdefault("actor", provincial_officer)
        with django_capture_on_commit_callbacks(execute=True):
            certificate = request_certificate(title, **kwargs)
        certificate.refresh_from_db()
        return certificate

    return issue


def pdf_text(content):
    """All text of a PDF, whitespace removed (letter-spaced headings extract with spaces)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def english(client, settings):
    """The test client browses in English (the language switcher's cookie; Accept-Language is ignored)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
