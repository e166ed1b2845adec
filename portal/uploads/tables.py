"""Checking an uploaded table (a reference list: CSV or XLSX) by what it is, as ``check_upload`` does for
documents. ``check_table_upload`` is the one entry point; its refusals are rows of ``rules.REFUSALS``.

An XLSX file is a ZIP archive, so the document checks' "hidden ZIP" rule cannot apply to it: instead the
archive must open as a workbook (``[Content_Types].xml`` and ``xl/workbook.xml``), carry no macros
(``xl/vbaProject.bin``: a macro-enabled workbook renamed .xlsx) and no links to other files
(``xl/externalLinks/``), and unpack to at most ``TABLE_MAX_UNPACKED`` bytes (a ZIP bomb would take the
worker's memory when openpyxl reads it). A CSV file must be text (UTF-8, or GB18030 as Excel on Chinese
Windows saves it), without NUL bytes, a ZIP archive or web page code inside.
"""
import hashlib
import io
import zipfile
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .hidden import check_hidden_files
from .rules import refuse

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
    if size > settings.UPLOAD_MAX_BYTES:
        refuse("too-big", name, size=filesizeformat(size), limit=filesizeformat(settings.UPLOAD_MAX_BYTES))
    if size == 0:
        refuse("empty", name)
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if data.startswith(b"PK\x03\x04"):
        _check_xlsx(data, name)
        content_type = XLSX
    else:
        _check_csv(data, name)
        content_type = CSV
    return CheckedFile(content_type=content_type, size=size, sha256=hashlib.sha256(data).hexdigest())
