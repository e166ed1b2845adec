"""Request rates per client address (public) and per token (integrations), counted in the shared
cache (``CACHE_URL``) so every web process counts the same. Rates are settings, read per request."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from portal.client_ip import client_ip

from .models import ApiToken


class _Throttle(SimpleRateThrottle):
    setting = ""

    def get_rate(self) -> str:
        return getattr(settings, self.setting)

    def __init__(self) -> None:  # the rate is read at each request, not frozen at import
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)


class PublicThrottle(_Throttle):
    """Requests without a token, per client address."""

    scope = "api_public"
    setting = "API_PUBLIC_RATE"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request._request)}


class TokenThrottle(_Throttle):
    """Requests with a token, per token."""

    scope = "api_token"
    setting = "API_TOKEN_RATE"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
