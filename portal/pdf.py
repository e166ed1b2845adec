"""Render a Django template to PDF with WeasyPrint; ``qr_data_uri`` draws the QR codes documents carry.

WeasyPrint is imported on first use (it costs ~0.3 s and 60 MB, which web processes that never render
should not pay). One FontConfiguration and the parsed print stylesheets are cached per process:
re-creating them for each render costs more than the render itself.

Fonts: the PDF stylesheets use one face, "Noto Serif CJK SC" Regular, installed system-wide by Debian's
``fonts-noto-cjk`` (``pdf_font.cjk_font_files()``), resolved through fontconfig (which picks the SC face of the
collection, so Chinese gets simplified-Chinese glyph forms) and embedded as a subset. The stylesheets
name first "Portal Serif SC", a pre-subset copy of that face (``portal/pdf_font.py``) that WeasyPrint
subsets in a fraction of the time, and fall back to the system face for characters outside it. ``missing_cjk_fonts()`` backs a system check so a server without them fails loudly instead
of printing certificates full of missing-glyph boxes.
"""
import atexit
import base64
import io
import logging
import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .pdf_font import cjk_font_files

CJK_FONT_FAMILY = "Noto Serif CJK SC"

_lock = threading.Lock()
# WeasyPrint logs every rendering step at INFO; under the portal's INFO root logger that is seven lines
# per certificate of noise. Warnings (missing fonts or images) still come through.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def missing_cjk_fonts():
    """The CJK font files the PDF stylesheets need that are not installed."""
    return [path for path in cjk_font_files() if not Path(path).is_file()]


@lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=1)
def _font_face_stylesheet():
    from weasyprint import CSS

    from .pdf_font import font_face_css

    return CSS(string=font_face_css(), font_config=_font_config())


@lru_cache(maxsize=16)
def _stylesheet(static_path):
    from weasyprint import CSS

    path = finders.find(static_path)
    if path is None:
        raise FileNotFoundError(f"PDF stylesheet {static_path!r} not found in the static files")
    return CSS(filename=path, font_config=_font_config())


def reset_caches():
    """Forget the process's font configuration and parsed stylesheets (at exit, and in tests)."""
    _stylesheet.cache_clear()
    _font_face_stylesheet.cache_clear()
    _font_config.cache_clear()


# An @font-face font is copied into a temporary folder that the FontConfiguration deletes when it is
# collected; collected at interpreter exit that fails (and leaves the copy in /tmp), so drop it before.
atexit.register(reset_caches)


def render_to_pdf(template_name, context, *, stylesheets=("pdf/certificate.css",)):
    """Render ``template_name`` with ``context`` to PDF bytes.

    ``stylesheets`` are static paths, parsed once per process. Relative URLs in the template resolve
    against the static directories, so ``<img src="pdf/…">`` needs no server.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    base_url = str(Path(settings.BASE_DIR) / "static") + "/"
    # FontConfiguration wraps one fontconfig/pango state that is not documented as thread-safe.
    with _lock:
        document = HTML(string=html, base_url=base_url)
        return document.write_pdf(
            stylesheets=[_font_face_stylesheet(), *(_stylesheet(path) for path in stylesheets)],
            font_config=_font_config(),
        )


def qr_data_uri(text):
    """A PNG QR code of ``text`` as a data URI: one pixel per module (a few hundred bytes); the print
    CSS scales it up with crisp edges, which costs WeasyPrint less than a large image or an SVG.

    The mask pattern is fixed: choosing the "best" of eight by qrcode's penalty scoring took 9 of the
    code's 12 ms; every mask gives a valid code any scanner reads."""
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=0, mask_pattern=0)
    qr.add_data(text)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
