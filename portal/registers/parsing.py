"""Reading an imported list (CSV or XLSX) into rows, and finding every malformed one.

The first non-empty row is the header; columns are found by their names, in Chinese as the lists are
published or in English (``COLUMNS``), in any order, other columns ignored. A line is the row's number
as a spreadsheet shows it (the header's row is its own number, usually 1); empty rows are skipped.
Every row is checked and every problem reported with its line, so the importer corrects the file once.
"""
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.accounts import credit_code as cc
from portal.uploads.tables import RowError, cell_text, parse_date, read_table

from .constants import PER_CITY, ListKind

# A list larger than this is not one city's above-size list nor Shandong's dishonest entities.
MAX_ROWS = 200_000
NAME_MAX, AUTHORITY_MAX = 200, 200

COLUMNS = {
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "credit code", "unified social credit code"),
    "name": ("企业名称", "单位名称", "主体名称", "名称", "name", "enterprise name"),
    "listed_on": ("列入日期", "列入时间", "认定日期", "listed on", "listing date"),
    "authority": ("列入机关", "列入部门", "认定部门", "认定机关", "listing authority", "authority"),
    "reason": ("列入原因", "列入事由", "失信原因", "reason"),
}
LABELS = {
    "credit_code": _("unified social credit code"), "name": _("name"), "listed_on": _("listing date"),
    "authority": _("listing authority"), "reason": _("reason for listing"),
}
REQUIRED = {
    ListKind.ABOVE_SIZE: ("credit_code", "name"),
    ListKind.DISHONEST: ("credit_code", "name", "listed_on", "authority"),
}


@dataclass(frozen=True)
class Row:
    line: int
    credit_code: str
    name: str
    listed_on: datetime.date | None = None
    authority: str = ""
    reason: str = ""


_text = cell_text


def _code_problem(code, kind, excused):
    """Why ``code`` is not a valid credit code for a list of ``kind``, or None. The dishonest-entity list is
    national (信用中国): codes registered outside Shandong are valid on it."""
    try:
        cc.validate_credit_code(code, exception_allowed=code in excused)
    except ValidationError as error:
        if error.code == "not_shandong" and kind not in PER_CITY:
            return None
        return " ".join(error.messages)
    return None


def read_rows(content, content_type, *, kind, as_of):
    """(rows, errors) of a list file (``portal.uploads.tables.read_table``). ``errors`` lists every problem
    with its line; rows are usable only when there are none."""
    from portal.accounts.models import CreditCodeException

    seen = {}
    excused = set(CreditCodeException.objects.values_list("credit_code", flat=True))
    return read_table(
        content, content_type, columns=COLUMNS, required=REQUIRED[kind], labels=LABELS, max_rows=MAX_ROWS,
        read_row=lambda line, values, columns: _row(line, values, columns, kind=kind, as_of=as_of, excused=excused,
                                                    seen=seen),
        unreadable=_("The file cannot be read as a list; save it again as .xlsx or CSV (UTF-8)."))


def _row(line, values, columns, *, kind, as_of, excused, seen):
    def cell(key):
        index = columns.get(key)
        return values[index] if index is not None and index < len(values) else ""

    problems = []
    for key in REQUIRED[kind]:
        if cell(key) in ("", None):
            problems.append(RowError(line, _("The %(column)s is missing.") % {"column": LABELS[key]}))
    code = cc.normalize(_text(cell("credit_code")))
    if code:
        problem = _code_problem(code, kind, excused)
        if problem:
            problems.append(RowError(line, _("The credit code “%(code)s” is not valid: %(reason)s")
                                     % {"code": code[:30], "reason": problem}))
        elif code in seen:
            problems.append(RowError(line, _("The credit code %(code)s is already on line %(line)d.")
                                     % {"code": code, "line": seen[code]}))
        else:
            seen[code] = line
    name, authority = _text(cell("name")), _text(cell("authority"))
    for key, value, limit in (("name", name, NAME_MAX), ("authority", authority, AUTHORITY_MAX)):
        if len(value) > limit:
            problems.append(RowError(line, _("The %(column)s is longer than %(max)d characters.")
                                     % {"column": LABELS[key], "max": limit}))
    listed_on = None
    if "listed_on" in columns and cell("listed_on") not in ("", None):
        listed_on = parse_date(cell("listed_on"))
        if listed_on is None:
            problems.append(RowError(line, _("“%(value)s” is not a date; write it as 2025-03-31.")
                                     % {"value": _text(cell("listed_on"))[:30]}))
        elif listed_on > as_of:
            problems.append(RowError(line, _("The listing date %(date)s is after the date the list is as of "
                                             "(%(as_of)s).") % {"date": listed_on.isoformat(),
                                                                "as_of": as_of.isoformat()}))
    if problems:
        return None, problems
    return Row(line=line, credit_code=code, name=name, listed_on=listed_on, authority=authority,
               reason=_text(cell("reason"))), []
