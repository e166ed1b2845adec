"""The name a private file is offered under: what a person typed or uploaded is cleaned until it can
neither hide its extension nor name a device, and it ends in the extension of the file's real type.

- control, format (bidi overrides such as U+202E, zero-width) and unassigned characters are dropped:
  ``evil\u202efdp.exe`` would show as "evilexe.pdf" reversed, and becomes ``evilfdp.pdf``;
- only the last path component is kept, leading and trailing dots and spaces go (``.htaccess``);
- the last extension is replaced by the real type's and inner dots become ``_`` (``a.pdf.exe`` ->
  ``a_pdf.pdf``); characters Windows refuses in names become ``_``;
- a reserved Windows device name (``CON``, ``LPT1`` …) or nothing left gives the caller's fallback.
"""
from __future__ import annotations

import re
import unicodedata

EXTENSIONS = {
    "application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", "text/csv": ".csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx", "application/json": ".json",
}
RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
                     | {f"{device}{n}" for device in ("COM", "LPT") for n in "0123456789¹²³"})
DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
MAX_STEM = 100


def extension_of(content_type: str) -> str:
    return EXTENSIONS.get(content_type.split(";")[0].strip().lower(), "")


def _stem(name: str) -> str:
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in DROPPED_CATEGORIES)
    name = re.split(r"[/\\]", name)[-1].strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = WINDOWS_FORBIDDEN.sub("_", stem.replace(".", "_")).strip(" ._")
    if stem.upper() in RESERVED:
        return ""
    return stem[:MAX_STEM].strip(" ._")


def download_name(name: str, *, content_type: str, fallback: str) -> str:
    """``name`` made safe to offer, ending in the extension of ``content_type`` (the checked type);
    ``fallback`` (e.g. the document's kind and its application) when nothing safe is left."""
    return (_stem(name or "") or _stem(fallback) or "file") + extension_of(content_type)
