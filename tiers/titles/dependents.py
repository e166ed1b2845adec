"""What depends on a title, as told by the layers above (the applications that need it as their
prerequisite, Art. 12, 13): the revocation's confirm page lists them, so the official sees what the
decision stops. The titles app cannot import those layers; they register a finder here instead."""
from collections.abc import Callable, Iterable
from typing import Any

_finders: list[Callable[[Iterable[Any]], list[Any]]] = []


def register_dependents(finder: Callable[[Iterable[Any]], list[Any]]) -> None:
    """``finder(titles)`` returns the records that stop if ``titles`` are revoked (each with ``__str__``)."""
    if finder not in _finders:
        _finders.append(finder)


def dependents_of(titles: Iterable[Any]) -> list[Any]:
    titles = list(titles)
    return [record for finder in _finders for record in finder(titles)] if titles else []
