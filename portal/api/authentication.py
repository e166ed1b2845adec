"""``Authorization: Bearer <token>``: the integration clients' one way in. No sessions and no cookies,
so no CSRF; a request without the header is anonymous and reads only the public endpoints."""
from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .tokens import find_token

KEYWORD = "Bearer"


def bearer(request: Any) -> str | None:
    """The token the request carries, or None without an ``Authorization: Bearer`` header."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    keyword, _sep, value = header.partition(" ")
    if keyword.lower() != KEYWORD.lower():
        return None
    return value.strip()


def token_of(request: Any) -> Any:
    """The ApiToken the (Django) request names, any state, looked up once per request; None if none."""
    if not hasattr(request, "_api_token"):
        raw = bearer(request)
        request._api_token = find_token(raw) if raw else None
    return request._api_token


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """The request's user stays anonymous; ``request.auth`` is the ApiToken."""

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        raw = bearer(request._request)
        if raw is None:
            return None
        token = token_of(request._request)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown token."), code="invalid_token")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."), code="token_revoked")
        if not token.is_usable():
            raise exceptions.AuthenticationFailed(_("This token has expired."), code="token_expired")
        return AnonymousUser(), token

    def authenticate_header(self, request: Any) -> str:
        return f'{KEYWORD} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer",
                "description": "An integration token an administrator issued (`sdzn_…`), sent as "
                               "`Authorization: Bearer <token>`. Public endpoints need none."}
