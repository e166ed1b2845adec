"""URLs of many rows at the cost of one ``reverse()``: for lists whose every row links to itself."""
from collections.abc import Callable

from django.urls import reverse

_MARKER = "987654321"


def pk_path(name: str) -> Callable[[int], str]:
    """``pk_path("applications:detail")(42) == reverse("applications:detail", args=[42])``.

    Reverses once with a marker primary key and fills each row's key into the result (a ``reverse`` is
    about 40 µs; a page of a hundred rows with three links each spends 12 ms on them)."""
    head, _, tail = reverse(name, args=[int(_MARKER)]).partition(_MARKER)
    return lambda pk: f"{head}{pk}{tail}"
