"""Cursor pagination for every list: a page costs the same however deep it is, and a row added while a
client walks the list never shifts another onto the next page twice."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.pagination import Cursor as Position
from rest_framework.pagination import CursorPagination


class InvalidCursor(APIException):
    """A cursor the portal did not hand out: not base64, or not a position of the list it pages."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Invalid cursor."
    default_code = "invalid_cursor"


def _ordering_field(model: type[models.Model], path: str) -> models.Field[Any, Any] | None:
    """The model field at the end of ``path`` (``round__year`` follows relations), or None."""
    field = None
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.related_model is not None:
            model = field.related_model
    return field if isinstance(field, models.Field) else None


def check_position(model: type[models.Model], order: str, position: str) -> None:
    """Raise ``InvalidCursor`` unless ``position`` is a value the field that decides the order can hold
    (an integer in the column's range, a real date), so the query never meets it."""
    field = _ordering_field(model, order.lstrip("-"))
    if field is None:
        return
    if field.is_relation and field.target_field is not None:  # type: ignore[attr-defined]
        field = field.target_field  # type: ignore[attr-defined]
    try:
        field.run_validators(field.to_python(position))
    except (ValidationError, ValueError, TypeError, OverflowError) as exc:
        raise InvalidCursor() from exc


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Any) -> Position | None:
        """DRF's decoding, with every malformed cursor answered 400 (DRF says 404 for bad base64 and lets a
        well-encoded but impossible position reach the database)."""
        try:
            cursor = super().decode_cursor(request)
        except (NotFound, UnicodeError) as exc:
            raise InvalidCursor() from exc
        if cursor is not None and cursor.position is not None:
            check_position(self._model, self.ordering[0], cursor.position)
        return cursor

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The cursor is documented with its own format, so the schema-driven test can craft cursors."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"] = {**parameter["schema"], "format": "cursor"}
        return parameters


def cursor_by(*fields: str, page_size: int = Cursor.page_size, max_page_size: int = Cursor.max_page_size) -> type[Cursor]:
    """A Cursor class over ``fields`` (the first decides the position, so it should be nearly unique), with
    its page sizes (a list whose items carry long lists of their own pages fewer of them)."""
    return type("Cursor_" + "_".join(f.strip("-") for f in fields), (Cursor,),
                {"ordering": fields, "page_size": page_size, "max_page_size": max_page_size})
