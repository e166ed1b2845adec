"""A pre-subset copy of the PDF font: the GB 2312 characters of Noto Serif CJK SC, built once per machine.

Why: WeasyPrint subsets every font it embeds, on every render. Subsetting the full Noto Serif CJK
collection (65,535 glyphs, 24 MB, five faces) was most of a certificate's cost. Measured with
benchmarks/certificate_render.py on this machine (2 cores, median of 15): a one-line Chinese page
took 47-70 ms from the system font and 19-28 ms from this copy; a certificate 150 ms and 90 ms.

What: the simplified-Chinese face of the collection cut to GB 2312 (6,763 hanzi plus its symbols),
ASCII and a few marks certificates print, desubroutinized so WeasyPrint's own subsetting has less
to undo. About 5 MB, built with HarfBuzz (uharfbuzz) in about 0.3 s, cached under ``PDF_FONT_DIR``
with the source's size and modification time in its name, so an upgraded system font gets a new
copy. Characters outside it (rare hanzi in an enterprise's name, such as 喆 or 垚) are not lost: the
stylesheets name the system font next, and Pango falls back to it glyph by glyph.

Nothing here is required: when the copy cannot be built (no uharfbuzz, read-only disk) the PDFs use
the system font as before, a little slower, and a warning is logged.
"""
from __future__ import annotations

import logging
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FAMILY = "Portal Serif SC"
# Noto Serif CJK Regular.ttc holds JP, KR, SC, TC, HK in that order.
SOURCE_FACE_INDEX = 2
EXTRA_CHARACTERS = "·—–‘’“”…、。〈〉《》「」『』【】〔〕（），：；？！％－／　"

_lock = threading.Lock()


def gb2312_characters() -> set[str]:
    """Every character of GB 2312 (rows 0xA1-0xF7, columns 0xA1-0xFE)."""
    found = set()
    for row in range(0xA1, 0xF8):
        for column in range(0xA1, 0xFF):
            try:
                found.add(bytes((row, column)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def characters() -> set[str]:
    """What the pre-subset font covers."""
    return gb2312_characters() | {chr(code) for code in range(0x20, 0x7F)} | set(EXTRA_CHARACTERS)


def cjk_font_files() -> list[str]:
    """The system CJK font files the PDF stylesheets need (``PDF_CJK_FONT_FILES``), read when asked."""
    return list(getattr(settings, "PDF_CJK_FONT_FILES", ["/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"]))


def source_path() -> Path:
    """The collection the copy is cut from: the first of the CJK font files."""
    return Path(cjk_font_files()[0])


def cached_path(source: Path) -> Path:
    """Where the copy of ``source`` lives: its size and mtime in the name, so a new system font is rebuilt."""
    stat = source.stat()
    directory = Path(settings.PDF_FONT_DIR)
    return directory / f"portal-serif-sc-{stat.st_size}-{int(stat.st_mtime)}.otf"


def build(source: Path, destination: Path, *, face_index: int = SOURCE_FACE_INDEX) -> Path:
    """Write the subset of ``source``'s face to ``destination`` (a temporary file, then a rename)."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob.from_file_path(str(source)), face_index)
    wanted = hb.SubsetInput()
    for character in characters():
        wanted.unicode_set.add(ord(character))
    wanted.flags = hb.SubsetFlags.DESUBROUTINIZE
    subset = hb.subset(face, wanted)
    if subset is None:
        raise RuntimeError(f"HarfBuzz could not subset {source}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=destination.parent, suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(subset.blob.data)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return destination


@lru_cache(maxsize=1)
def ensure() -> Path | None:
    """The pre-subset font, built on first use; None (and a warning) when it cannot be had."""
    with _lock:
        try:
            source = source_path()
            destination = cached_path(source)
            if not destination.is_file():
                build(source, destination)
                logger.info("Built the pre-subset PDF font %s", destination)
            return destination
        except Exception as error:  # any failure only costs speed: the system font still works
            logger.warning("PDF font copy unavailable, using the system font (%s)", error)
            return None


def font_face_css() -> str:
    """An @font-face rule naming the copy as ``FAMILY``, or nothing when there is no copy."""
    path = ensure()
    if path is None:
        return ""
    return f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); }}'
