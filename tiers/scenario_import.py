"""Loading an official edition of the scenario guide (《智能制造典型场景参考指引》, Art. 18) from a file.

The guide is revised every year or two. An admin loads the published edition as a table (CSV or XLSX,
checked by ``portal.uploads.check_table_upload``) with one row per typical scenario: its stage in the
guide, its segment (optional when the stage is one of the guide's eight: 产品研发 and 工艺设计 belong to
研发设计, 产品服务 and 供应链管理 to 运营管理), its name and description, and optionally the English
name and stage. The load creates a new edition with its own scenarios; the applications, titles and
certificates that name scenarios of an older edition keep them untouched (they point at those rows).
Making the new edition current offers its scenarios to new applications.

Every row is checked and every problem reported with its line; when there is any, nothing is created.
A scenario loaded from the official file is checked against it (``verified``). An English name the
file does not give is taken from an older edition's scenario of the same Chinese name, else left as
the Chinese name (the English page then shows the official Chinese name rather than nothing).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.errors import ensure
from portal.uploads.tables import RowError, TableRejected, cell_text, check_table_upload, read_table

from . import permissions  # noqa: F401 - registers the permissions asked here
from .models import Scenario, ScenarioGuide, Segment
from .reference_data import STAGES

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "tiers.guide_loaded": gettext_lazy("Typical scenario guide imported"),
})

COLUMNS = {
    "stage": ("阶段", "所属阶段", "场景阶段", "环节阶段", "stage"),
    "segment": ("环节", "所属环节", "segment"),
    "name": ("场景名称", "典型场景", "场景", "name", "scenario", "name (chinese)"),
    "description": ("场景描述", "描述", "主要内容", "场景内容", "description"),
    "name_en": ("英文名称", "场景英文名称", "name (english)", "english name", "name_en"),
    "stage_en": ("阶段英文名称", "stage (english)", "stage_en"),
}
REQUIRED = ("stage", "name")
LIMITS = {"stage": 20, "name": 120, "name_en": 160, "stage_en": 40}
MAX_ROWS = 2000
# The guide's eight stages: their segment and English name (from the 2025 edition).
STAGE_SEGMENTS = {zh: (segment, en) for (zh, en, segment), _scenarios in STAGES}


class ImportRefused(TableRejected):
    """The file has malformed rows; nothing was loaded. ``errors``: every ``RowError``, by line."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(_("The file has %(n)d problem(s); nothing was loaded.") % {"n": len(errors)}, errors,
                         article="Art. 18")


@dataclass(frozen=True)
class GuideRow:
    line: int
    stage_zh: str
    stage_en: str
    segment: Segment
    name_zh: str
    name_en: str
    description_zh: str


def _segments() -> dict[str, Segment]:
    """Each segment by its code and its Chinese and English names."""
    found: dict[str, Segment] = {}
    for segment in Segment.objects.all():
        for key in (segment.code, segment.name_zh, segment.name_en.lower()):
            found[key] = segment
    return found


def read_guide(content: bytes, content_type: str) -> tuple[list[GuideRow], list[RowError]]:
    """(rows, errors) of a guide file (``portal.uploads.tables.read_table``): every problem with its line;
    rows are usable only without errors."""
    segments = _segments()
    english = dict(Scenario.objects.exclude(name_en="").values_list("name_zh", "name_en"))
    seen: dict[str, int] = {}
    return read_table(
        content, content_type, columns=COLUMNS, required=REQUIRED,
        labels={"stage": _("stage"), "name": _("scenario name")}, max_rows=MAX_ROWS,
        read_row=lambda line, values, columns: _row(line, values, columns, segments=segments, english=english,
                                                    seen=seen),
        unreadable=_("The file cannot be read as a table; save it again as .xlsx or CSV (UTF-8)."))


def _row(line: int, values: list[Any], columns: dict[str, int], *, segments: dict[str, Segment],
         english: dict[str, str], seen: dict[str, int]) -> tuple[GuideRow | None, list[RowError]]:
    def cell(key: str) -> str:
        index = columns.get(key)
        return cell_text(values[index]) if index is not None and index < len(values) else ""

    problems = []
    if not cell("stage"):
        problems.append(RowError(line, _("The stage is missing.")))
    if not cell("name"):
        problems.append(RowError(line, _("The scenario name is missing.")))
    for key, limit in LIMITS.items():
        if len(cell(key)) > limit:
            problems.append(RowError(line, _("The %(column)s is longer than %(max)d characters.")
                                     % {"column": key.replace("_", " "), "max": limit}))
    stage, name = cell("stage"), cell("name")
    known_stage = STAGE_SEGMENTS.get(stage)
    segment = segments.get(cell("segment")) or segments.get(cell("segment").lower())
    if cell("segment") and segment is None:
        problems.append(RowError(line, _("“%(value)s” is not one of the five segments (工厂建设, 研发设计, 生产作业, "
                                         "生产管理, 运营管理).") % {"value": cell("segment")[:30]}))
    elif segment is None and stage and known_stage is None:
        problems.append(RowError(line, _("The stage “%(stage)s” is not one of the guide's eight: give its segment "
                                         "in the segment column.") % {"stage": stage[:30]}))
    elif segment is None and known_stage is not None:
        segment = segments[known_stage[0]]
    if name:
        if name in seen:
            problems.append(RowError(line, _("The scenario “%(name)s” is already on line %(line)d.")
                                     % {"name": name[:60], "line": seen[name]}))
        else:
            seen[name] = line
    if problems or segment is None:
        return None, problems
    stage_en = cell("stage_en") or (known_stage[1] if known_stage else stage)
    return GuideRow(line=line, stage_zh=stage, stage_en=stage_en, segment=segment, name_zh=name,
                    name_en=cell("name_en") or english.get(name, name), description_zh=cell("description")), []


@transaction.atomic
def load_edition(*, content: bytes, file_name: str, title: str, edition: str,
                 document_number: str = "", make_current: bool = False, acting_user: Any) -> ScenarioGuide:
    """Create a new edition of the guide with the scenarios of a checked table (Art. 18).

    Before: an admin (who keeps the reference data); an edition not yet recorded; a file that passes
    ``check_table_upload`` and has no problem (``ImportRefused`` lists them all, by line). After: the edition and its scenarios, all
    verified; the current edition if asked (the previous one stays, with its scenarios and whatever
    refers to them); one audit row.
    """
    ensure(rules.has_perm("tiers.manage_reference_data", acting_user),
           _("The scenario guide is loaded by an administrator."), article="Art. 18")
    ensure(not ScenarioGuide.objects.filter(edition=edition).exists(),
           _("The edition %(edition)s is already recorded: give the new edition its own year or number.")
           % {"edition": edition}, article="Art. 18")
    checked = check_table_upload(ContentFile(content, name=file_name))
    rows, errors = read_guide(content, checked.content_type)
    if errors:
        raise ImportRefused(errors)
    if make_current:
        ScenarioGuide.objects.filter(is_current=True).update(is_current=False)
    guide = ScenarioGuide.objects.create(title=title, edition=edition, document_number=document_number,
                                         is_current=make_current, source=file_name[:255])
    Scenario.objects.bulk_create([
        Scenario(guide=guide, stage_zh=r.stage_zh, stage_en=r.stage_en, segment=r.segment, name_zh=r.name_zh,
                 name_en=r.name_en, description_zh=r.description_zh, order=order, verified=True)
        for order, r in enumerate(rows, start=1)])
    audit(acting_user, "tiers.guide_loaded", guide, after={
        "edition": edition, "title": title, "document_number": document_number, "file": file_name[:255],
        "sha256": checked.sha256,
        "scenarios": len(rows), "current": make_current}, message="Art. 18")
    return guide
