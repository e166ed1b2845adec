"""Industry by GB/T 4754-2017 (国民经济行业分类): its 20 sections (门类) and 97 divisions (大类).

The table is reference data shipped in the repository, ``data/gbt4754_2017.csv``, with its source in
its header. An enterprise records its division (``Enterprise.industry``, two digits, e.g. "36"); the
section is derived from it ("C"). Industrial enterprises (规模以上工业企业) are mostly in sections B
(mining), C (manufacturing) and D (utilities), but every section and division is offered: the standard
is the list, and whether an enterprise qualifies is the city's pre-screen, not the form's.

Both names are kept, as the standard's Chinese and the portal's English (``portal.i18n``); labels are
lazy, so a label built once shows in the language active when it is shown.
"""
import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from django.utils.functional import lazy

from portal.i18n import in_active_language

TABLE = Path(__file__).resolve().parent / "data" / "gbt4754_2017.csv"
STANDARD = "GB/T 4754-2017"


@dataclass(frozen=True)
class Section:
    """A section (门类), A-T."""

    code: str
    name_zh: str
    name_en: str

    @property
    def name(self) -> str:
        return in_active_language(self.name_zh, self.name_en)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class Division:
    """A division (大类), 01-97, and the section it belongs to."""

    code: str
    section: str
    name_zh: str
    name_en: str

    @property
    def name(self) -> str:
        return in_active_language(self.name_zh, self.name_en)

    @property
    def full_code(self) -> str:
        """The section letter and the division's digits, as statistical forms write them ("C36")."""
        return f"{self.section}{self.code}"

    @property
    def label(self) -> str:
        return f"{self.full_code} {self.name}"


@functools.cache
def _table() -> tuple[dict[str, Section], dict[str, Division]]:
    sections, divisions = {}, {}
    with TABLE.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(line for line in handle if line.strip() and not line.startswith("#")):
            level, code, section, name_zh, name_en = row
            if level == "section":
                sections[code] = Section(code, name_zh, name_en)
            else:
                divisions[code] = Division(code, section, name_zh, name_en)
    return sections, divisions


def sections() -> list[Section]:
    return list(_table()[0].values())


def divisions() -> list[Division]:
    return list(_table()[1].values())


def division(code: str | None) -> Division | None:
    """The division of a two-digit code, or None when the standard has no such division."""
    return _table()[1].get(code or "")


def section_of(code: str | None) -> Section | None:
    """The section (门类) a division code belongs to, or None for a code that is not a division."""
    found = division(code)
    return _table()[0][found.section] if found else None


def divisions_of(section: str) -> list[str]:
    """The division codes of one section ("C" -> "13" ... "43")."""
    return [d.code for d in divisions() if d.section == section]


def normalize(value: str | None) -> str:
    """What a person may type for a division: "36", "C36", "c 36" -> "36"; anything else unchanged."""
    text = "".join((value or "").split()).upper()
    if len(text) == 3 and text[0].isalpha() and text[1:].isdigit():
        found = division(text[1:])
        if found and found.section == text[0]:
            return text[1:]
    if len(text) == 1 and text.isdigit():
        return f"0{text}"
    return text


def _label(code: str) -> str:
    found = division(code)
    return found.label if found else code


def _section_label(code: str) -> str:
    return _table()[0][code].label


label = lazy(_label, str)
section_label = lazy(_section_label, str)


def division_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The divisions grouped by section, for a select (the model field's choices: a callable, so the
    table is read once and migrations name this function instead of copying 97 choices)."""
    return [(section_label(s.code), [(d.code, label(d.code)) for d in divisions() if d.section == s.code])
            for s in sections()]


def section_choices() -> list[tuple[str, str]]:
    return [(s.code, section_label(s.code)) for s in sections()]


# The old closed list's values that spanned several divisions: the conversion (migration accounts 0006)
# took the first division named, the others are where the enterprise may rather be (docs/industry.md).
CONVERTED_BY_GUESS: dict[str, tuple[str, ...]] = {
    "equipment": ("34", "33", "35", "38"),
    "food": ("14", "13", "15"),
    "textiles": ("17", "18"),
    "light_industry": ("22", "19", "20", "21", "23", "24"),
    "other": ("41",),
}


def alternatives_to_confirm(old_value: str, current: str) -> list[str]:
    """The other divisions an enterprise converted from ``old_value`` (now in ``current``) may rather
    belong to, as labels; empty when the conversion named one division only."""
    return [label(code) for code in CONVERTED_BY_GUESS.get(old_value, ()) if code != current]
