"""Cursor pagination for every list: a page costs the same however deep it is, and a row added while a
client walks the list never shifts another onto the next page twice."""
from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"


def cursor_by(*fields: str, page_size: int = Cursor.page_size, max_page_size: int = Cursor.max_page_size) -> type[Cursor]:
    """A Cursor class over ``fields`` (the first decides the position, so it should be nearly unique), with
    its page sizes (a list whose items carry long lists of their own pages fewer of them)."""
    return type("Cursor_" + "_".join(f.strip("-") for f in fields), (Cursor,),
                {"ordering": fields, "page_size": page_size, "max_page_size": max_page_size})
