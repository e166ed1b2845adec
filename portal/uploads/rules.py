"""What an upload is refused for, and why: the table the checks in this package raise from.

Each row is a ``Refusal``: a stable ``code`` (tests and logs use it; it never changes with the language),
``what`` is refused and ``why`` (plain English, for the module docstring and whoever reads a log), and the
``message`` shown to the user (translated; ``%(name)s`` is the file's name). ``PDF_NAMES`` maps each PDF
name token that marks active content to the row it is refused under.
"""
from dataclasses import dataclass
from typing import Any, NoReturn

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.errors import ActionRefused


@dataclass(frozen=True)
class Refusal:
    code: str
    what: str
    why: str
    message: Promise


class UploadRefused(ActionRefused):
    """ActionRefused for an upload, carrying the ``Refusal`` row it was refused under (``.code``)."""

    def __init__(self, message: Any, refusal: Refusal) -> None:
        super().__init__(message)
        self.args = (message, refusal)  # so that it pickles (Celery, caches) and unpickles whole
        self.refusal = refusal
        self.code = refusal.code


# After the last end marker (PDF %%EOF, PNG IEND, JPEG EOI) a file may carry this much NUL/whitespace padding.
PADDING_ALLOWANCE = 1024
PADDING = b"\x00\t\n\x0c\r "

DEFAULT_MAX_IMAGE_PIXELS = 40_000_000


def max_image_pixels() -> int:
    return int(getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))


REFUSALS: tuple[Refusal, ...] = (
    # --- Any file -------------------------------------------------------------------------------------------
    Refusal(
        "too-big", "a file larger than settings.UPLOAD_MAX_BYTES",
        "storage and reviewers' downloads are bounded",
        _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
    ),
    Refusal("empty", "an empty file", "there is nothing to review", _("“%(name)s” is empty.")),
    Refusal(
        "not-a-document", "anything whose first bytes are not those of a PDF, PNG or JPEG",
        "the name and the browser's content type prove nothing; only these three formats are reviewed",
        _("“%(name)s” is not a PDF, JPEG or PNG file (its content was checked, not its name)."),
    ),
    Refusal(
        "trailing-data",
        "data after the end of the file: after the last %%EOF of a PDF, the IEND chunk of a PNG, the last EOI "
        "marker (FFD9) of a JPEG, beyond 1 KB of NUL/whitespace padding",
        "a second file (ZIP, HTML, a program) rides there: a polyglot that other software opens as that file",
        _("“%(name)s” has data after the end of the %(format)s file, where another file can be hidden, "
          "and was refused. Save or export it again as a plain %(format)s file and upload that."),
    ),
    Refusal(
        "hidden-zip", "a ZIP local file header (PK\\x03\\x04) anywhere in the file",
        "a ZIP archive (or an Office document, a JAR) hidden in the file: a polyglot",
        _("“%(name)s” has a ZIP archive hidden inside it and was refused. "
          "Upload the document itself as a PDF, JPEG or PNG file."),
    ),
    Refusal(
        "hidden-html", "the tags <html or <script anywhere in the file",
        "a browser sniffing the download may run it as a web page (stored cross-site scripting)",
        _("“%(name)s” has web page code (HTML or script) hidden inside it and was refused. "
          "Save or export it again as a plain file and upload that."),
    ),
    Refusal(
        "incomplete",
        "a file cut short: a PNG that ends before its IEND chunk, a JPEG without an EOI marker, an image whose "
        "picture data cannot be decoded to the end; a PDF without %%EOF (pypdf mostly cannot read those)",
        "reviewers would see part of the document, or none of it",
        _("“%(name)s” is incomplete or damaged: the %(format)s file ends before its content does (it may "
          "have been cut short while copying or uploading). Upload the complete file."),
    ),
    # --- PDF ------------------------------------------------------------------------------------------------
    Refusal(
        "pdf-encrypted", "a password-protected (encrypted) PDF",
        "reviewers could not open it, and its content cannot be checked",
        _("“%(name)s” is password-protected; reviewers could not open it. Upload it without a password."),
    ),
    Refusal(
        "pdf-unreadable", "a file that starts like a PDF but pypdf cannot read a page of",
        "it is not the document it claims to be",
        _("“%(name)s” starts like a PDF but cannot be read as one."),
    ),
    Refusal(
        "pdf-javascript", "JavaScript: /JS, /JavaScript (in an action or the document's names tree)",
        "runs code in the reviewer's PDF viewer",
        _("“%(name)s” contains executable content (JavaScript) and was refused. "
          "Upload a PDF without scripts."),
    ),
    Refusal(
        "pdf-open-action",
        "/OpenAction that is an action (an /OpenAction that only opens the document at a page, as LibreOffice "
        "and Acrobat write, is allowed)",
        "does something as soon as the file is opened, without a click",
        _("“%(name)s” runs an action as soon as it is opened (/OpenAction) and was refused. "
          "Print or export it again as a plain PDF and upload that."),
    ),
    Refusal(
        "pdf-launch", "/Launch actions", "starts a program or opens another file on the reviewer's computer",
        _("“%(name)s” tries to start a program or open another file (/Launch) and was refused. "
          "Upload a PDF without such actions."),
    ),
    Refusal(
        "pdf-additional-actions", "/AA (additional actions) on the document, a page, a link or a form field",
        "runs an action when a page is shown or a field is touched, without a click",
        _("“%(name)s” contains actions that run by themselves when a page or form field is shown (/AA) and "
          "was refused. Print or export it again as a plain PDF and upload that."),
    ),
    Refusal(
        "pdf-attachment", "attachments: /EmbeddedFile, /EmbeddedFiles, /EF, /FileAttachment",
        "a file inside the PDF (possibly a program) escapes the checks every upload goes through",
        _("“%(name)s” has files attached inside it and was refused. "
          "Upload each document separately as a PDF, JPEG or PNG file."),
    ),
    Refusal(
        "pdf-rich-media", "/RichMedia (embedded Flash, video or 3D players)",
        "a player inside the PDF, the way of many past viewer exploits",
        _("“%(name)s” contains embedded multimedia (/RichMedia) and was refused. "
          "Upload a PDF without embedded media."),
    ),
    Refusal(
        "pdf-submit-form", "/SubmitForm actions", "sends form data, or the whole file, to an outside address",
        _("“%(name)s” contains a form that sends data to another address (/SubmitForm) and was refused. "
          "Print or export it again as a plain PDF and upload that."),
    ),
    Refusal(
        "pdf-import-data", "/ImportData actions", "loads data from another file into the document",
        _("“%(name)s” contains a form that imports data from another file (/ImportData) and was refused. "
          "Print or export it again as a plain PDF and upload that."),
    ),
    Refusal(
        "pdf-xfa", "/XFA forms (an /AcroForm with plain fields is allowed)",
        "XML forms that can script, fetch and render differently from viewer to viewer",
        _("“%(name)s” contains an XFA form (/XFA) and was refused. "
          "Print it to a plain PDF and upload that."),
    ),
    # --- PNG and JPEG ---------------------------------------------------------------------------------------
    Refusal(
        "image-too-large", "an image of more than settings.UPLOAD_MAX_IMAGE_PIXELS pixels (default 40 megapixels), "
        "judged from its header before decoding",
        "decoding it would take hundreds of megabytes of memory (a decompression bomb)",
        _("“%(name)s” is %(width)s × %(height)s pixels (%(megapixels)s megapixels); images may be at most "
          "%(limit)s megapixels. Reduce its resolution and upload it again."),
    ),
    Refusal(
        "image-invalid", "a file that starts like a PNG or JPEG but is not one (Pillow's verify() fails)",
        "it is not the picture it claims to be",
        _("“%(name)s” is not a valid %(format)s image."),
    ),
    # --- Tables (reference lists: CSV or XLSX, ``tables.check_table_upload``) --------------------------------
    Refusal(
        "not-a-table", "a list that is neither an XLSX workbook nor CSV text (UTF-8 or GB18030, no NUL bytes)",
        "only these two formats are read; the content was checked, not the name",
        _("“%(name)s” is not an Excel workbook (.xlsx) or a CSV file (its content was checked, not its name). "
          "Save the list as .xlsx or as CSV (UTF-8) and upload that."),
    ),
    Refusal(
        "table-macros", "a workbook with macros (xl/vbaProject.bin): a macro-enabled file renamed .xlsx",
        "macros run code on the computer of whoever opens the file",
        _("“%(name)s” contains macros and was refused. Save it as a plain Excel workbook (.xlsx) and upload "
          "that."),
    ),
    Refusal(
        "table-external-links", "a workbook with links to other files (xl/externalLinks/)",
        "its values would come from files the portal cannot see",
        _("“%(name)s” takes values from other files (external links) and was refused. Paste the values in "
          "and save it again."),
    ),
    Refusal(
        "table-too-large", "a workbook that unpacks to more than TABLE_MAX_UNPACKED (20 times the upload limit)",
        "a ZIP bomb: reading it would take the worker's memory",
        _("“%(name)s” unpacks to %(size)s, more than the %(limit)s a list may take. Split it or remove what "
          "is not the list."),
    ),
)

BY_CODE: dict[str, Refusal] = {refusal.code: refusal for refusal in REFUSALS}

# The PDF name tokens (as pypdf spells them, escapes decoded) that mark active content, and their row.
PDF_NAMES: dict[str, str] = {
    "/JS": "pdf-javascript",
    "/JavaScript": "pdf-javascript",
    "/OpenAction": "pdf-open-action",
    "/Launch": "pdf-launch",
    "/AA": "pdf-additional-actions",
    "/EmbeddedFile": "pdf-attachment",
    "/EmbeddedFiles": "pdf-attachment",
    "/EF": "pdf-attachment",
    "/FileAttachment": "pdf-attachment",
    "/RichMedia": "pdf-rich-media",
    "/SubmitForm": "pdf-submit-form",
    "/ImportData": "pdf-import-data",
    "/XFA": "pdf-xfa",
}


def refuse(code: str, name: str, **params: Any) -> NoReturn:
    """Raise UploadRefused for row ``code`` with its message about the file ``name``."""
    refusal = BY_CODE[code]
    raise UploadRefused(refusal.message % {"name": name, **params}, refusal)


def read_within_limits(uploaded: Any) -> bytes:
    """The bytes of an upload, refused when it is empty or over ``UPLOAD_MAX_BYTES``: the first check of
    every kind of file (``check_upload``, ``check_table_upload``)."""
    from django.template.defaultfilters import filesizeformat

    name, size = uploaded.name, uploaded.size
    if size > settings.UPLOAD_MAX_BYTES:
        refuse("too-big", name, size=filesizeformat(size), limit=filesizeformat(settings.UPLOAD_MAX_BYTES))
    if size == 0:
        refuse("empty", name)
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data
