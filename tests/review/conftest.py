"""The review tests read refusal messages and article references in English (the msgids), as the
engineers who wrote them did; pages that a test reads through the client are requested in English too.
Tests that check the Chinese UI set their own language."""
import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(request, settings):
    if request.node.get_closest_marker("browser"):
        yield
        return
    with translation.override("en"):
        if "client" in request.fixturenames:
            request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        yield
