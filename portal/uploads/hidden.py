"""Another file hidden inside an upload (polyglots): a ZIP local header or HTML/script tags anywhere in it,
and what may follow a file's end marker."""
import re
import struct

from .rules import PADDING, PADDING_ALLOWANCE, refuse

_ZIP_LOCAL_HEADER = re.compile(rb"PK\x03\x04")
# The compression methods of real ZIP entries (stored, deflate, deflate64, bzip2, LZMA, zstd, xz, PPMd, AES).
_ZIP_METHODS = frozenset({0, 8, 9, 12, 14, 93, 95, 98, 99})
_HTML = re.compile(rb"<(?:html|script)[\s>/]", re.IGNORECASE)


def _is_zip_header(data: bytes, start: int) -> bool:
    """Whether the PK\\x03\\x04 at ``start`` opens a plausible ZIP entry, not four random bytes of compressed
    data: a sane version, a known method and a printable file name of sane length."""
    header = data[start + 4:start + 30]
    if len(header) < 26:
        return False
    version, _flags, method, _time, _date, _crc, _csize, _usize, name_length, _extra = struct.unpack(
        "<HHHHHIIIHH", header)
    if version > 63 or method not in _ZIP_METHODS or not 0 < name_length <= 1024:
        return False
    entry_name = data[start + 30:start + 30 + name_length]
    return len(entry_name) == name_length and all(byte >= 0x20 and byte != 0x7F for byte in entry_name)


def check_hidden_files(data: bytes, name: str) -> None:
    """Refuse a file with a ZIP archive or web page code inside it."""
    if any(_is_zip_header(data, match.start()) for match in _ZIP_LOCAL_HEADER.finditer(data)):
        refuse("hidden-zip", name)
    if _HTML.search(data):
        refuse("hidden-html", name)


def check_nothing_after(data: bytes, end: int, name: str, file_format: str) -> None:
    """Refuse a file with more than trivial NUL/whitespace padding after ``end`` (its end marker)."""
    tail = data[end:]
    if len(tail) > PADDING_ALLOWANCE or tail.strip(PADDING):
        refuse("trailing-data", name, format=file_format)
