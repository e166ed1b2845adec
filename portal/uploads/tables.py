"""Checking an uploaded table (a reference list: CSV or XLSX) by what it is, as ``check_upload`` does for
documents. ``check_table_upload`` is the one entry point; its refusals are rows of ``rules.REFUSALS``.

An XLSX file is a ZIP archive, so the document checks' "hidden ZIP" rule cannot apply to it: instead the
archive must open as a workbook (``[Content_Types].xml`` and ``xl/workbook.xml``), carry no macros
(``xl/vbaProject.bin``: a macro-enabled workbook renamed .xlsx) and no links to other files
(``xl/externalLinks/``), and unpack to at most ``TABLE_MAX_UNPACKED`` bytes (a ZIP bomb would take the
worker's memory when openpyxl reads it). A CSV file must be text (UTF-8, or GB18030 as Excel on Chinese
Windows saves it), without NUL bytes, a ZIP archive or web page code inside.
"""
import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal.errors import ActionRefused

from .hidden import check_hidden_files
from .rules import read_within_limits, refuse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
# What a workbook of the largest upload may unpack to: XML compresses about tenfold, never a thousandfold.
UNPACK_RATIO = 20
ENCODINGS = ("utf-8-sig", "gb18030")


def table_max_unpacked() -> int:
    return int(getattr(settings, "TABLE_MAX_UNPACKED", settings.UPLOAD_MAX_BYTES * UNPACK_RATIO))


def decode_csv(data: bytes) -> str | None:
    """The CSV's text: UTF-8 (with or without BOM), else GB18030; None when it is neither."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _check_xlsx(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        refuse("not-a-table", name)
    names = {entry.filename for entry in entries}
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        refuse("not-a-table", name)
    if any(entry.filename.lower().endswith("vbaproject.bin") for entry in entries):
        refuse("table-macros", name)
    if any(entry.filename.startswith("xl/externalLinks/") for entry in entries):
        refuse("table-external-links", name)
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > table_max_unpacked():
        refuse("table-too-large", name, size=filesizeformat(unpacked), limit=filesizeformat(table_max_unpacked()))


def _check_csv(data: bytes, name: str) -> None:
    from . import detect_type

    if detect_type(data[:16]) is not None or b"\x00" in data or decode_csv(data) is None:
        refuse("not-a-table", name)
    check_hidden_files(data, name)


def check_table_upload(uploaded: Any) -> Any:
    """Return what the table really is (a ``CheckedFile`` of XLSX or CSV), or raise ``UploadRefused``
    naming the file. The content decides, not the name: a workbook starts as a ZIP archive, anything else
    must be CSV text."""
    from . import CheckedFile

    name = uploaded.name
    size = uploaded.size
    data = read_within_limits(uploaded)
    if data.startswith(b"PK\x03\x04"):
        _check_xlsx(data, name)
        content_type = XLSX
    else:
        _check_csv(data, name)
        content_type = CSV
    return CheckedFile(content_type=content_type, size=size, sha256=hashlib.sha256(data).hexdigest())


# --- reading a checked table ----------------------------------------------------------------------------
# Every imported table (a reference list, an edition of the scenario guide) is read the one way: rows of
# cells with the line a spreadsheet shows, a header row found by its column names in Chinese or English,
# cells as text, dates in the forms officials type.

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


@dataclass(frozen=True)
class RowError:
    """A problem of an imported table, with the line a spreadsheet shows (0 for the file as a whole)."""

    line: int
    message: str


class TableUnreadable(Exception):
    """The file passed ``check_table_upload`` but its rows cannot be read (a damaged workbook, bad CSV)."""


def table_rows(content: bytes, content_type: str) -> Iterator[tuple[int, list[Any]]]:
    """(line, [cell values]) of every row of the file's first sheet; raises ``TableUnreadable``."""
    if content_type == XLSX:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield line, list(values)
        except Exception as exc:  # openpyxl raises many kinds on a damaged workbook; all mean "cannot read it"
            raise TableUnreadable from exc
        return
    text = decode_csv(content)
    if text is None:
        raise TableUnreadable
    try:
        yield from enumerate(csv.reader(io.StringIO(text)), start=1)
    except csv.Error as exc:
        raise TableUnreadable from exc


def normal_header(header: Any) -> str:
    return re.sub(r"[\s_\u3000]+", " ", str(header or "")).strip().lower()


def header_columns(values: list[Any], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """{column key: its index} of a header row, each key found by any of its ``aliases`` (the first
    column wins when two carry the same name)."""
    names = {normal_header(alias): key for key, names in aliases.items() for alias in names}
    return {names[normal_header(v)]: i for i, v in reversed(list(enumerate(values))) if normal_header(v) in names}


def cell_text(value: Any) -> str:
    """A cell as text: a whole number stored as a float (Excel's 2025.0) without its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_date(value: Any) -> datetime.date | None:
    """A date cell: a spreadsheet date, or text as 2025-03-31, 2025/3/31, 20250331 or 2025年3月31日."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class TableRejected(ActionRefused):
    """An imported table with malformed rows: nothing was taken from it. ``errors``: every ``RowError``."""

    def __init__(self, message: Any, errors: list[RowError], *, article: str = "") -> None:
        super().__init__(message, article=article)
        self.errors = errors


# More than this many problems are summed up, not listed: a wrong file has one on every row.
ERRORS_SHOWN = 500


def rejected_rows(errors: list[RowError]) -> dict[str, Any]:
    """What ``portal/_row_errors.html`` shows of a rejected table: the first problems, how many in all, and
    how many were left out."""
    return {"errors": errors[:ERRORS_SHOWN], "error_count": len(errors),
            "errors_hidden": max(len(errors) - ERRORS_SHOWN, 0)}


def read_table(content: bytes, content_type: str, *, columns: dict[str, tuple[str, ...]],
               required: tuple[str, ...], labels: dict[str, Any], max_rows: int,
               read_row: Callable[[int, list[Any], dict[str, int]], tuple[Any, list[RowError]]],
               unreadable: Any) -> tuple[list[Any], list[RowError]]:
    """(rows, errors) of an imported table, read the one way: the first non-empty row is the header, its
    columns found by any of their names (``columns``, Chinese or English, any order) and each of
    ``required`` present; then every row (cells as text, dates kept) goes to ``read_row(line, values,
    columns)`` -> (row or None, its problems). Every problem is reported with its line; the rows are usable
    only when there are none. ``unreadable``: the message for a file whose rows cannot be read."""
    rows: list[Any] = []
    errors: list[RowError] = []
    found: dict[str, int] | None = None
    try:
        for line, cells in table_rows(content, content_type):
            values = [c if isinstance(c, datetime.date) else cell_text(c) for c in cells]
            if not any(values):
                continue
            if found is None:
                found = header_columns(values, columns)
                missing = [labels[k] for k in required if k not in found]
                if missing:
                    return [], [RowError(line, _("The header row has no column for: %(columns)s.")
                                         % {"columns": "、".join(str(m) for m in missing)})]
                continue
            if len(rows) + len(errors) >= max_rows:
                errors.append(RowError(0, _("The file has more than %(max)d rows.") % {"max": max_rows}))
                break
            row, problems = read_row(line, values, found)
            errors.extend(problems)
            if row is not None and not problems:
                rows.append(row)
    except TableUnreadable:
        return [], [RowError(0, unreadable)]
    if found is None:
        errors.append(RowError(0, _("The file is empty: it needs a header row and at least one row.")))
    elif not rows and not errors:
        errors.append(RowError(0, _("The file has a header row but no rows.")))
    return rows, errors
