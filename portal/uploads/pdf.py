"""PDF checks: pypdf reads a page, nothing follows the last %%EOF, and no active content (rules.PDF_NAMES)
is found either by walking every object pypdf reads or by scanning the raw bytes outside streams."""
import io
import re
import zlib
from typing import Any

from .hidden import check_nothing_after
from .rules import PDF_NAMES, refuse

PDF_ERRORS: tuple[type[BaseException], ...] = (
    ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError, IndexError, zlib.error,
)


def _errors() -> tuple[type[BaseException], ...]:
    """What pypdf raises on a broken file."""
    from pypdf.errors import PdfReadError

    return (PdfReadError, *PDF_ERRORS)


# The raw scan's tokens: a comment, a literal string, a name, or the keyword opening a stream's data.
_WHITESPACE = b"\x00\t\n\x0c\r "
_TOKEN = re.compile(rb"%|\(|/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*|(?<![^\x00\t\n\x0c\r >])stream(?=\r\n|\n|\r)")
_STRING_PART = re.compile(rb"[()\\]")
_LINE_END = re.compile(rb"[\r\n]")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*")
_REFERENCE = re.compile(rb"\d+\s+\d+\s+R")
_GOTO = re.compile(rb"/S\s*/GoTo(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")


def check_pdf(data: bytes, name: str) -> None:
    from pypdf import PdfReader

    errors = _errors()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            refuse("pdf-encrypted", name)
        pages = len(reader.pages)
    except errors:
        pages = 0
    if pages < 1:
        refuse("pdf-unreadable", name)
    end = data.rfind(b"%%EOF")
    if end < 0:
        refuse("incomplete", name, format="PDF")
    check_nothing_after(data, end + len(b"%%EOF"), name, "PDF")
    # An acting /OpenAction is refused last, so that what it does (JavaScript, /Launch...) names the reason.
    open_action_acts = _scan_raw_names(data, name)
    open_action_acts = _walk_objects(reader, name) or open_action_acts
    if open_action_acts:
        refuse("pdf-open-action", name)


def _unescape(token: bytes) -> str:
    """A PDF name as its reader sees it: ``/J#61vaScript`` is ``/JavaScript``."""
    return _NAME_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), token).decode("latin-1")


def _check_name(token: str, name: str) -> None:
    code = PDF_NAMES.get(token)
    if code is not None and code != "pdf-open-action":
        refuse(code, name)


# --- The raw bytes -----------------------------------------------------------------------------------------

def _scan_raw_names(data: bytes, name: str) -> bool:
    """Refuse a name token of PDF_NAMES outside strings, comments and stream data (where compressed bytes
    would match by chance): the belt to the object walk's braces, for objects pypdf skips or parses
    otherwise. Return whether an /OpenAction acts."""
    open_action_acts = False
    position = 0
    while (match := _TOKEN.search(data, position)) is not None:
        token = match.group()
        position = match.end()
        if token == b"%":
            line_end = _LINE_END.search(data, position)
            position = line_end.end() if line_end else len(data)
        elif token == b"(":
            position = _skip_string(data, position)
        elif token.startswith(b"/"):
            decoded = _unescape(token)
            if decoded == "/OpenAction":
                open_action_acts = open_action_acts or _raw_open_action_acts(data, position)
            else:
                _check_name(decoded, name)
        else:  # stream data, up to its endstream
            stream_end = data.find(b"endstream", position)
            if stream_end < 0:
                break
            position = stream_end + len(b"endstream")
    return open_action_acts


def _skip_string(data: bytes, start: int) -> int:
    """The position after the literal string opened just before ``start`` (balanced parentheses, backslash
    escapes); ``start`` itself when it never closes."""
    depth = 1
    position = start
    while (match := _STRING_PART.search(data, position)) is not None:
        position = match.end()
        char = match.group()
        if char == b"\\":
            position += 1
        elif char == b"(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return position
    return start


def _raw_open_action_acts(data: bytes, position: int) -> bool:
    """Whether the /OpenAction before ``position`` acts. A destination (``[page /Fit]``) only says where the
    document opens; an indirect one is left to the object walk; a direct dictionary must be a plain /GoTo."""
    rest = data[position:position + 4096].lstrip(_WHITESPACE)
    if rest.startswith(b"[") or _REFERENCE.match(rest):
        return False
    if rest.startswith(b"<<"):
        end = rest.find(b">>", 2)
        body = rest[2:end] if end >= 0 else rest[2:]
        if end >= 0 and b"<<" not in body:
            decoded = _NAME.sub(lambda match: _unescape(match.group()).encode("latin-1"), body)
            return _GOTO.search(decoded) is None
    return True


# --- The objects -------------------------------------------------------------------------------------------

def _walk_objects(reader: Any, name: str) -> bool:
    """Refuse a name of PDF_NAMES in any object reachable from the trailer (the catalog, its names tree, the
    pages and their annotations, the AcroForm...) or listed in the cross-reference tables, reachable or not.
    Return whether an /OpenAction acts."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    errors = _errors()
    stack: list[Any] = [reader.trailer]
    try:
        for generation, objects in reader.xref.items():
            stack.extend(IndirectObject(number, generation, reader) for number in objects)
        stack.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    except errors:
        pass
    seen: set[tuple[int, int]] = set()
    open_action_acts = False
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                item = item.get_object()
            except errors:
                continue
        if isinstance(item, DictionaryObject):  # a StreamObject too: its dictionary, not its data
            for key_name, value in dict.items(item):
                if key_name == "/OpenAction":
                    open_action_acts = open_action_acts or _open_action_acts(value)
                else:
                    _check_name(str(key_name), name)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
        elif isinstance(item, NameObject):
            _check_name(str(item), name)
    return open_action_acts


def _open_action_acts(value: Any) -> bool:
    """A destination array opens the document at a page; an action dictionary other than /GoTo acts."""
    from pypdf.generic import DictionaryObject

    try:
        action = value.get_object()
        if not isinstance(action, DictionaryObject):
            return False
        kind = dict.get(action, "/S")
        return kind is None or kind.get_object() != "/GoTo"
    except _errors():
        return True
