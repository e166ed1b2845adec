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


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_chinese_ui_cites_articles_and_authorities_in_the_regulations_words(po_path):
    """第六条, not "Art. 6"; 市工业和信息化主管部门 and 省工业和信息化厅, not 市里 and 省里; a tier is a 层级
    (the regulation's word), 梯度 only in the programme's name, 梯度培育."""
    po = polib.pofile(str(po_path))
    for entry in po:
        for text in ([*entry.msgstr_plural.values()] if entry.msgid_plural else [entry.msgstr]):
            assert "Art." not in text and "市里" not in text and "省里" not in text, (entry.msgid, text)
            assert not re.search(r"梯度(?!培育)", text), (entry.msgid, text)


@pytest.mark.parametrize("code, chinese", [
    ("Art. 6", "第六条"), ("Art. 5 (2)", "第五条第二项"), ("Art. 15 (3)", "第十五条第三项"),
    ("Art. 12, 13", "第十二条、第十三条"), ("Art. 11-13", "第十一条至第十三条"), ("Art. 5 (2)-(4)", "第五条第二项至第四项"),
    ("Art. 20", "第二十条"),
])
def test_an_article_code_reads_as_the_regulation_cites_it(code, chinese):
    from portal.articles import cite

    assert cite(code, "zh-hans") == chinese
    assert cite(code, "en") == code


def test_no_module_hides_its_strings_from_makemessages_behind_an_alias():
    """makemessages finds ``_``, ``gettext_lazy``, ``pgettext_lazy`` and the like, not ``gettext_lazy as
    _lazy``: strings marked through such an alias never reach the catalogue and show in English."""
    alias = re.compile(r"import .*\b(gettext_lazy|pgettext_lazy|ngettext_lazy|gettext) as (?!_\b)\w+")
    offenders = [str(p.relative_to(ROOT)) for app in ("portal", "applications", "tiers", "review")
                 for p in (ROOT / app).rglob("*.py") if alias.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_a_string_means_one_thing_in_every_catalogue():
    """Django merges the catalogues into one: a source string translated two ways in two apps shows one
    of them everywhere (a notice's 标题 read 称号, an evaluation's 合格 read 通过). A string that means two
    things carries a context (``pgettext``, ``{% translate … context … %}``); synonyms say the same."""
    seen: dict[tuple[str | None, str], dict[str, str]] = {}
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(po_path.relative_to(ROOT))] = entry.msgstr
    assert {key: where for key, where in seen.items() if len(set(where.values())) > 1} == {}
