"""The English UI is the msgids; the Chinese one must be complete: every catalogue translated, none
fuzzy, placeholders kept, and the compiled .mo in step with its .po."""
import gettext
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def test_every_app_has_a_chinese_catalogue():
    names = {p.relative_to(ROOT).parts[0] for p in CATALOGUES}
    assert {"locale", "applications", "tiers", "review"} <= names


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po if "fuzzy" in e.flags or not (
        all(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr)]
    assert untranslated == []
    for entry in po:
        translated = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        assert set(PLACEHOLDER.findall(entry.msgid)) == set(PLACEHOLDER.findall(translated)), entry.msgid
    compiled = gettext.GNUTranslations(open(po_path.with_suffix(".mo"), "rb"))
    stale = [e.msgid for e in po if not e.msgid_plural and not e.msgctxt and compiled.gettext(e.msgid) != e.msgstr]
    assert stale == [], "the .mo is older than the .po: run compilemessages"
