"""PNG and JPEG checks: at most rules.max_image_pixels() pixels by the header (before anything is decoded),
complete (PNG chunks up to IEND; the picture decodes to its end), valid (Pillow's verify()), and nothing
after the end (PNG IEND, the last JPEG EOI).

Pillow's own decompression-bomb guard (Image.MAX_IMAGE_PIXELS) only warns below ~179 megapixels and is a
process-wide setting; the images are therefore opened through the format's own ImageFile class, which
reads the header without that guard, and our limit decides.

WeasyPrint sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True when it is imported (weasyprint/images.py), and
with it Pillow silently pads a picture that stops short. That flag is process-wide, so verify() and load()
run with it set to False under a lock (``_strict_loading``) and it is put back afterwards.
"""
import io
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .hidden import check_nothing_after
from .rules import max_image_pixels, refuse

IMAGE_ERRORS: tuple[type[BaseException], ...] = (
    OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError, zlib.error,
    ZeroDivisionError, MemoryError,
)
FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_EOI = b"\xff\xd9"


def _errors() -> tuple[type[BaseException], ...]:
    """What Pillow raises on a broken or hostile image."""
    from PIL import Image

    return (*IMAGE_ERRORS, Image.DecompressionBombError)


def _image_class(file_format: str) -> Any:
    from PIL import JpegImagePlugin, PngImagePlugin

    return PngImagePlugin.PngImageFile if file_format == "PNG" else JpegImagePlugin.JpegImageFile


def check_image(data: bytes, name: str, content_type: str) -> None:
    file_format = FORMATS[content_type]
    image_class = _image_class(file_format)
    try:
        with image_class(io.BytesIO(data)) as image:  # the header only
            width, height = image.size
    except _errors():
        refuse("image-invalid", name, format=file_format)
    _check_pixels(width, height, name)
    png_end = _png_end(data) if file_format == "PNG" else len(data)
    if png_end is None:
        refuse("incomplete", name, format=file_format)
    try:
        with _strict_loading(), image_class(io.BytesIO(data)) as image:
            image.verify()
    except _errors():
        refuse("image-invalid", name, format=file_format)
    _check_decodes(data, image_class, name, file_format)
    if file_format == "PNG":
        check_nothing_after(data, png_end, name, file_format)
    else:
        eoi = data.rfind(_JPEG_EOI)
        if eoi < 0:
            refuse("incomplete", name, format=file_format)
        check_nothing_after(data, eoi + len(_JPEG_EOI), name, file_format)


def _check_pixels(width: int, height: int, name: str) -> None:
    limit = max_image_pixels()
    if width * height > limit:
        refuse("image-too-large", name, width=width, height=height,
               megapixels=f"{width * height / 1_000_000:.1f}", limit=f"{limit / 1_000_000:g}")


def _png_end(data: bytes) -> int | None:
    """Where the PNG's IEND chunk ends, or None when the file stops before it (a PNG cut short)."""
    position = len(_PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, chunk_type = struct.unpack(">I4s", data[position:position + 8])
        position += 12 + length
        if position > len(data):
            return None
        if chunk_type == b"IEND":
            return position
    return None


_STRICT_LOADING = threading.Lock()


@contextmanager
def _strict_loading() -> Iterator[None]:
    """Pillow refusing truncated pictures for the time being, whatever the process has set."""
    from PIL import ImageFile

    with _STRICT_LOADING:
        saved = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _check_decodes(data: bytes, image_class: Any, name: str, file_format: str) -> None:
    """verify() reads the structure, not the picture: decode it (within the pixel limit), refusing what stops
    short. A JPEG is decoded at an eighth of its size (libjpeg's DCT scaling still reads all the data)."""
    try:
        with _strict_loading(), image_class(io.BytesIO(data)) as image:
            if file_format == "JPEG":
                image.draft(image.mode, (1, 1))
            image.load()
    except _errors():
        refuse("incomplete", name, format=file_format)
