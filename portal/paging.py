"""Keyset paging for the large tables (the audit log): no COUNT, no OFFSET.

An offset page N costs the database N pages of rows, and its "page N of M" a COUNT over the whole
(filtered) table: on 400,000 audit rows that was seconds per page. A keyset page asks for the rows
after the last one shown, in the list's order, through the index that order uses, and one row more
than the page to know whether there is a next page. The list says how to go further ("Older") and
"Newest" goes back to the start, instead of numbering pages it would have to count.

The cursor is the ordering values of the last row shown, base64-encoded JSON; a cursor that does
not decode is a bad request (400), never a 500.
"""
from __future__ import annotations

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import BadRequest
from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    """One page: its rows, and the cursor of the next page (None on the last one)."""

    object_list: list[Any]
    next_cursor: str | None
    is_first: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def _encode(values: list[Any]) -> str:
    plain = [{"dt": v.isoformat()} if isinstance(v, datetime.datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list[Any]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != size:
            raise ValueError("wrong length")
        return [datetime.datetime.fromisoformat(v["dt"]) if isinstance(v, dict) else v for v in raw]
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError) as exc:
        raise BadRequest("This page link is not valid; start from the first page.") from exc


def _after(ordering: tuple[str, ...], values: list[Any]) -> Q:
    """Rows after ``values`` in ``ordering``: (a > x) | (a = x & b > y) | ..., each comparison in its
    field's direction."""
    condition = Q()
    equal = Q()
    for field, value in zip(ordering, values, strict=True):
        name = field.lstrip("-")
        step = Q(**{f"{name}__lt" if field.startswith("-") else f"{name}__gt": value})
        condition |= equal & step
        equal &= Q(**{name: value})
    return condition


def keyset_page(queryset: QuerySet, *, ordering: tuple[str, ...], cursor: str | None, size: int) -> KeysetPage:
    """The page of ``queryset`` (ordered by ``ordering``: non-null columns of the model, the last one
    unique, e.g. -pk) after ``cursor`` (None: the first page)."""
    qs = queryset.order_by(*ordering)
    if cursor:
        qs = qs.filter(_after(ordering, _decode(cursor, len(ordering))))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = _encode([_value(last, field.lstrip("-")) for field in ordering])
    return KeysetPage(object_list=rows, next_cursor=next_cursor, is_first=not cursor)


def _value(obj: Any, field: str) -> Any:
    """The row's value of an ordering field (plain, non-null columns of the row itself)."""
    return obj.pk if field == "pk" else getattr(obj, field)
