"""Query parameters read the one way: a value that cannot be what the page asks for is a 400 page of
the portal's own (``BadRequest``), never a server error from deeper down (a ValueError in a query, a
NUL byte reaching the database, an integer beyond the column)."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import BadRequest

from .api.errors import json_error

# PostgreSQL's integer columns (primary keys of most tables) end here.
MAX_ID = 2**31 - 1


def int_param(request: Any, name: str, *, default: int | None = None) -> int | None:
    """``?name=`` as a positive whole number (an id, a year); absent or empty gives ``default``."""
    return int_value(request.GET.get(name), name, default=default)


def remembered_id(request: Any, name: str, *, key: str, valid: Any) -> int | None:
    """``?name=`` as an id (a round the user chose), kept in the session under ``key``; when the page is
    opened without it, the id kept there if ``valid(id)`` still says yes, else None (the page's default).
    So a page returns to what the user was working in, after an action's redirect or a visit elsewhere."""
    chosen = int_param(request, name)
    if chosen is not None:
        request.session[key] = chosen
        return chosen
    kept = request.session.get(key)
    return kept if isinstance(kept, int) and valid(kept) else None


def int_value(raw: str | None, name: str, *, default: int | None = None) -> int | None:
    """``raw``, a parameter's text (from the query or a form posted without a Django form), as a positive
    whole number; absent or empty gives ``default``. ``str.isdigit()`` alone is not enough: it passes
    "²" and "①", which ``int()`` refuses."""
    if raw is None or raw == "":
        return default
    if not is_id(raw):
        raise BadRequest(name)
    return int(raw)


def choice_param(request: Any, name: str, choices: Iterable[str], *, default: str | None = None) -> str | None:
    """``?name=`` as one of ``choices`` (a tier code, a status); absent or empty gives ``default``."""
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    if raw not in set(choices):
        raise BadRequest(name)
    return raw


def is_id(value: Any) -> bool:
    """Whether ``value`` (posted text, or an int) can be a row's id: a whole number within the column."""
    text = str(value)
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


def ids(values: Iterable[str]) -> list[int]:
    """The whole numbers among posted ``values`` (checkbox ids); anything else cannot name a row."""
    return [int(v) for v in values if is_id(v)]


class RefuseNulMiddleware:
    """A NUL character in the path or the query (``%00``) is a 400 before any view, form or log reads
    it: no browser sends one, PostgreSQL refuses it in every text value ("A string literal cannot
    contain NUL"), and a URL converter or a ``request.GET.get`` would carry it into a query."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if "\x00" in request.path or any("\x00" in key or any("\x00" in v for v in values)
                                          for key, values in request.GET.lists()):
            if request.path.startswith("/api/"):  # the API answers in its one error shape
                return json_error(400, "bad_request", "A NUL character is not allowed in the path or query.")
            raise BadRequest("NUL")
        return self.get_response(request)
