"""Checking an uploaded file by what it is, not what it is called.

Only PDF, PNG and JPEG are accepted: the first bytes must say so, and the file must then open as
what it claims (Pillow verifies images, pypdf reads PDFs). The size limit is settings.UPLOAD_MAX_BYTES.
"""
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal.errors import ActionRefused

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


def detect_type(head):
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def check_upload(uploaded):
    """Return what the file really is, or raise ActionRefused with a message naming the file."""
    name = uploaded.name
    size = uploaded.size
    if size > settings.UPLOAD_MAX_BYTES:
        raise ActionRefused(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    if size == 0:
        raise ActionRefused(_("“%(name)s” is empty.") % {"name": name})
    uploaded.seek(0)
    content_type = detect_type(uploaded.read(16))
    if content_type is None:
        raise ActionRefused(
            _("“%(name)s” is not a PDF, JPEG or PNG file (its content was checked, not its name).") % {"name": name}
        )
    uploaded.seek(0)
    if content_type == "application/pdf":
        _check_pdf(uploaded, name)
    else:
        _check_image(uploaded, name, content_type)
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(content_type=content_type, size=size, sha256=digest.hexdigest())


def _check_pdf(uploaded, name):
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(uploaded, strict=False)
        if reader.is_encrypted:
            raise ActionRefused(
                _("“%(name)s” is password-protected; reviewers could not open it. Upload it without a password.")
                % {"name": name}
            )
        pages = len(reader.pages)
    except ActionRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError):
        pages = 0
    if pages < 1:
        raise ActionRefused(_("“%(name)s” starts like a PDF but cannot be read as one.") % {"name": name})


def _check_image(uploaded, name, content_type):
    from PIL import Image, UnidentifiedImageError

    expected = {"image/png": "PNG", "image/jpeg": "JPEG"}[content_type]
    try:
        with Image.open(uploaded) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        image_format = None
    if image_format != expected:
        raise ActionRefused(_("“%(name)s” is not a valid %(format)s image.") % {"name": name, "format": expected})
