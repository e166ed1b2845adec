r"""Checking an uploaded file by what it is, not what it is called, and refusing what could harm a reviewer.

Only PDF, PNG and JPEG are accepted: the first bytes must say so, the file must then open as what it
claims (pypdf reads a PDF's pages; Pillow verifies and decodes images), and it must carry nothing that acts
on its own or hides another file. Every upload goes through ``check_upload``; a refusal raises
``rules.UploadRefused`` (an ``ActionRefused``) whose message names the file and says why.

What is refused, and why (``rules.REFUSALS`` is this table as data; ``rules.PDF_NAMES`` the PDF tokens):

========================  ===================================================  ===========================================
code                      what is refused                                      why
========================  ===================================================  ===========================================
too-big                   more than settings.UPLOAD_MAX_BYTES                  storage and downloads are bounded
empty                     an empty file                                        nothing to review
not-a-document            first bytes not those of a PDF, PNG or JPEG          names and content types prove nothing
trailing-data             data after the last %%EOF (PDF), the IEND chunk      a second file rides there (polyglot:
                          (PNG), the last EOI marker FFD9 (JPEG), beyond       PDF+ZIP, PDF+HTML, PNG+ZIP, JPEG+ZIP)
                          1 KB of NUL/whitespace padding
hidden-zip                a ZIP local header (PK\x03\x04) anywhere             an archive/Office file/JAR inside
hidden-html               ``<html`` or ``<script`` anywhere                    a browser may run it as a web page
incomplete                a PNG ending before IEND, a JPEG without EOI, an     reviewers would see part of it or none
                          image whose picture data does not decode to its
                          end; a PDF without %%EOF (a PDF cut short is
                          mostly refused as pdf-unreadable already)
pdf-encrypted             a password-protected PDF                             cannot be opened or checked
pdf-unreadable            starts like a PDF, pypdf reads no page               not the document it claims to be
pdf-javascript            /JS, /JavaScript (actions, the names tree)           runs code in the reviewer's viewer
pdf-open-action           /OpenAction that is an action (a destination         acts as soon as the file is opened
                          array, or a /GoTo, only opens it at a page)
pdf-launch                /Launch                                              starts a program or opens another file
pdf-additional-actions    /AA on the document, a page, a link, a field         acts when a page or field is shown
pdf-attachment            /EmbeddedFile(s), /EF, /FileAttachment               a file inside escapes these checks
pdf-rich-media            /RichMedia                                           Flash/video/3D players (exploits)
pdf-submit-form           /SubmitForm                                          sends data or the file elsewhere
pdf-import-data           /ImportData                                          loads data from another file
pdf-xfa                   /XFA (a plain /AcroForm is allowed)                  XML forms that script and fetch
image-too-large           more than settings.UPLOAD_MAX_IMAGE_PIXELS pixels    a decompression bomb: memory and time
                          (default 40 megapixels), from the header, before
                          anything is decoded
image-invalid             starts like a PNG/JPEG, Pillow's verify() fails      not the picture it claims to be
not-a-table               (lists) neither an XLSX workbook nor CSV text        only these two formats are read
                          (UTF-8 or GB18030, no NUL bytes)
table-macros              (lists) a workbook with xl/vbaProject.bin            macros run code on the reader's computer
table-external-links      (lists) a workbook with xl/externalLinks/            values from files the portal cannot see
table-too-large           (lists) a workbook unpacking to more than            a ZIP bomb: the worker's memory
                          TABLE_MAX_UNPACKED (20 x UPLOAD_MAX_BYTES)
========================  ===================================================  ===========================================

Reference lists (``portal.registers``) are tables, not documents: ``check_table_upload``
(``tables.py``) checks them instead, with the size rules above and the four ``table`` rows; a CSV
list also goes through the hidden-ZIP and hidden-HTML checks.

The PDF tokens are found twice: by walking every object pypdf reads (from the trailer: the catalog, the
names tree, the pages and their annotations, the AcroForm; and every object the cross-reference tables
list), and by scanning the raw bytes outside strings, comments and stream data, with ``#xx`` escapes in
names decoded (``/J#61vaScript`` is ``/JavaScript``). A /URI link, an outline, a plain form are allowed.
"""
import hashlib
from dataclasses import dataclass
from typing import Any

from .hidden import check_hidden_files
from .images import check_image
from .pdf import check_pdf
from .rules import REFUSALS, Refusal, UploadRefused, read_within_limits, refuse
from .tables import check_table_upload

__all__ = ["MAGIC", "REFUSALS", "CheckedFile", "Refusal", "UploadRefused", "check_table_upload", "check_upload",
           "detect_type"]

MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def detect_type(head: bytes) -> str | None:
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def check_upload(uploaded: Any) -> CheckedFile:
    """Return what the file really is, or raise ActionRefused (UploadRefused) with a message naming the file."""
    name = uploaded.name
    size = uploaded.size
    data = read_within_limits(uploaded)
    content_type = detect_type(data[:16])
    if content_type is None:
        refuse("not-a-document", name)
    if content_type == "application/pdf":
        check_pdf(data, name)
    else:
        check_image(data, name, content_type)
    check_hidden_files(data, name)
    return CheckedFile(content_type=content_type, size=size, sha256=hashlib.sha256(data).hexdigest())
