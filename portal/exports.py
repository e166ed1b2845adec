"""Exports of lists: every official's list can be taken away as Excel or CSV, the public register also
as JSON. One helper per format, each streaming: the rows are read and written a chunk at a time, so a
register ten times larger costs the worker no more memory (the Excel file is built on disk by
openpyxl's write-only mode and then streamed from there).

Formula injection: a text an enterprise typed (a name, a note) that starts like a formula (``=``,
``+``, ``-``, ``@``, a tab or a carriage return) would run as one in the official's spreadsheet. In
Excel files such a cell is written as text, keeping what was typed exactly; in CSV, which has no
types, it is prefixed with an apostrophe (OWASP's advice), which spreadsheets read as "text follows"."""
import csv
import json
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone


def chunked(items, size=500):
    """Lists of up to ``size`` of ``items``: an export reads the related rows of each chunk in one query
    (its scores, its scenarios) instead of one per row."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def _cell(value):
    if hasattr(value, "isoformat") and hasattr(value, "tzinfo") and getattr(value, "tzinfo", None):
        value = timezone.localtime(value).replace(tzinfo=None)
    return "" if value is None else value


def xlsx_response(*, filename, headers, rows, sheet_title="Sheet1", preamble=()):
    """An .xlsx download with a bold, frozen header row; ``rows`` is an iterable of sequences.

    ``preamble``: rows written above the table, each a label (bold) and its values, then an empty row;
    what a table is handed on with (the city and its quota above a summary table)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    preamble = [list(line) for line in preamble]
    sheet.freeze_panes = f"A{len(preamble) + 3}" if preamble else "A2"
    bold = Font(bold=True)

    def strong(value):
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.font = bold
        return cell

    def text(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # what was typed, as text: never a formula
        return cell

    def cells(row):
        return [text(v) if looks_like_formula(v) else (v if isinstance(v, str) else _cell(v)) for v in row]

    for label, *values in preamble:
        sheet.append([strong(label), *cells(values)])
    if preamble:
        sheet.append([])
    sheet.append([strong(title) for title in headers])
    for row in rows:
        sheet.append(cells(row))
    spooled = tempfile.TemporaryFile()  # removed when the response closes it
    workbook.save(spooled)
    spooled.seek(0)
    return FileResponse(spooled, as_attachment=True, filename=f"{filename}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class _Echo:
    """A file-like object whose write returns what it was given: csv.writer then yields lines."""

    def write(self, value):
        return value


STREAM_CHUNK = 64 * 1024  # characters of a streamed export's chunk


def buffered(pieces, size=None):
    """Text ``pieces`` joined into strings of about ``size`` characters (``STREAM_CHUNK``): a streamed
    response pays its per-chunk cost (encoding, the WSGI write) a few dozen times for a register, not
    once per row (the register's JSON: 152 -> 113 ms in process), and holds no more than one buffer."""
    size = size or STREAM_CHUNK
    buffer, length = [], 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer)


def csv_response(*, filename, headers, rows):
    """A streamed UTF-8 CSV download with a byte-order mark, so Excel on Chinese Windows opens it right.
    ``rows`` are sequences (or, with ``headers`` the field names, dicts)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(h) for h in headers])
        for row in rows:
            if isinstance(row, dict):
                row = [row.get(h) for h in headers]
            yield writer.writerow(["'" + v if looks_like_formula(v) else _cell(v) for v in row])

    response = StreamingHttpResponse(buffered(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(*, filename, rows, disposition="inline"):
    """A streamed JSON document ``{"results": [...], "count": n}`` of ``rows`` (dicts), Chinese as is."""

    encode = json.JSONEncoder(ensure_ascii=False, default=str).encode

    def chunks():
        yield '{"results": ['
        count = 0
        for row in rows:
            yield ("," if count else "") + encode(row)
            count += 1
        yield f'], "count": {count}}}'

    response = StreamingHttpResponse(buffered(chunks()), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.json"'
    return response
