"""Words the review of the Chinese pages found wrong: each test names the word and what it should say."""
import datetime
import re
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def _translations():
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            yield entry, (entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr)


def test_an_experts_conflict_is_declared_not_applied_for():
    """申报 is what an enterprise does with its application; an expert declares (声明) a conflict."""
    found = [(e.msgid, text) for e, text in _translations() if "申报利益冲突" in text or "申报了利益冲突" in text]
    assert found == []
    with translation.override("zh-hans"):
        assert translation.gettext("Declare a conflict of interest") == "声明利益冲突"


def test_a_deadline_whose_last_day_is_accepted_says_so():
    """"请于 X 前" reads as "before X", but the portal accepts the last day: say 截至 X（含）."""
    found = [(e.msgid, text) for e, text in _translations()
             if re.search(r"(until|due( on)?|by( the end of)?) %\(\w+\)s", e.msgid) and re.search(r"%\(\w+\)s ?前", text)]
    assert found == []
    with translation.override("zh-hans"):
        assert translation.gettext("Please submit your scores by %(date)s.") == "评分截至%(date)s（含）。"


def test_art_15_item_5_is_cited_in_the_regulations_words():
    from tiers.titles.constants import RevocationGround

    with translation.override("zh-hans"):
        label = str(RevocationGround.OTHER_VIOLATION.label)
    assert label.startswith("有其他影响认定的违法、违规行为受到有关部门处罚不再符合认定条件"), label


def test_the_certificate_claims_no_validity_the_measures_do_not_give():
    text = (ROOT / "templates/pdf/certificate.html").read_text(encoding="utf-8")
    assert "未设期限" not in text and "动态管理" not in text


@pytest.mark.parametrize("filterset_path", [
    "review.city.filters.QueueFilter", "review.city.filters.FilingFilter", "review.province.filters.InboxFilter",
    "review.province.filters.MissingScoreFilter", "portal.filters.AuditEntryFilter",
])
def test_sort_choices_read_in_chinese(filterset_path):
    """No "(descending)" and no English field names among the sort choices of a Chinese page."""
    from django.utils.module_loading import import_string

    filterset_class = import_string(filterset_path)
    with translation.override("zh-hans"):
        labels = [str(label) for value, label in filterset_class.base_filters["ordering"].field.choices if value]
    assert labels
    for label in labels:
        assert not re.search(r"[A-Za-z]", label), label


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dates_read_one_way_per_language(language):
    """A date on a page reads the same whether a template formats it or a message names it (ISO form)."""
    day = datetime.date(2026, 3, 9)
    with translation.override(language):
        rendered = Template('{{ d }}|{{ d|date }}|{{ d|date:"DATE_FORMAT" }}|{{ d|date:"Y-m-d" }}').render(
            Context({"d": day}))
    assert set(rendered.split("|")) == {day.isoformat()}
