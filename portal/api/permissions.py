"""Which endpoints a token may read: ``scoped(...)`` gives a DRF permission class asking for one of the
scopes named. The city a token is restricted to narrows every query (``restrict_to_city``)."""
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


def restrict_to_city(qs: Any, token: Any, city_path: str) -> Any:
    """``qs`` narrowed to the token's city when it is restricted to one (``city_path`` leads to the city)."""
    if token is not None and token.city_id is not None:
        return qs.filter(**{city_path: token.city_id})
    return qs
