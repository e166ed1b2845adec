"""Cursor pagination for every list: a page costs the same however deep it is, and a row added while a
client walks the list never shifts another onto the next page twice."""
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"


def cursor_by(*fields: str) -> type[Cursor]:
    """A Cursor class over ``fields`` (the first decides the position, so it should be nearly unique)."""
    return type("Cursor_" + "_".join(f.strip("-") for f in fields), (Cursor,), {"ordering": fields})
