"""Spreadsheet exports of lists: every official's list can be taken away as Excel or CSV."""
import csv
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone


def _cell(value):
    if hasattr(value, "isoformat") and hasattr(value, "tzinfo") and getattr(value, "tzinfo", None):
        value = timezone.localtime(value).replace(tzinfo=None)
    return "" if value is None else value


def xlsx_response(*, filename, headers, rows, sheet_title="Sheet1"):
    """An .xlsx download with a bold header row; ``rows`` is an iterable of sequences."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) if not isinstance(v, str) else v for v in row])
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def csv_response(*, filename, headers, rows):
    """A UTF-8 CSV download with a byte-order mark, so Excel on Chinese Windows opens it correctly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return response
