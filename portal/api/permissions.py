"""Which endpoints a token may read: ``scoped(...)`` gives a DRF permission class asking for one of the
scopes named. Which rows it reads is decided where it is for people, by the domain's selectors given the
token's reader (``ApiToken.reader``: a city's bureau or the province)."""
from __future__ import annotations

from typing import Any

from rest_framework import exceptions, permissions

from .models import ApiToken


class NotAuthenticated(exceptions.NotAuthenticated):
    default_detail = "This endpoint needs an integration token: Authorization: Bearer <token>."


def scoped(*scopes: str) -> type[permissions.BasePermission]:
    """A permission class: the request carries a usable token holding one of ``scopes``."""

    class HasScope(permissions.BasePermission):
        message = "The token has no scope that reads this endpoint."
        required = scopes

        def has_permission(self, request: Any, view: Any) -> bool:
            token = request.auth
            if not isinstance(token, ApiToken):
                raise NotAuthenticated()
            return any(token.has_scope(s) for s in scopes)

    HasScope.__name__ = "HasScope_" + "_or_".join(scopes)
    return HasScope


def reader_of(request: Any) -> Any:
    """The reader of the request's token (``ApiToken.reader``), or None (no token: the selectors give
    nothing; the schema generator asks without one)."""
    return getattr(request.auth, "reader", None)
