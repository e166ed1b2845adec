"""Every request made with a token is one ``ApiRequest`` row: the token, the method, the path, the
status the client got and its address (``portal.client_ip``), refused requests included."""
from __future__ import annotations

from typing import Any

from portal.client_ip import client_ip

from .authentication import token_of
from .models import ApiRequest

API_PREFIX = "/api/"


class ApiRequestLogMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            token = token_of(request)
            if token is not None:
                ApiRequest.objects.create(
                    token=token, method=request.method[:8], path=request.path[:500],
                    query=request.META.get("QUERY_STRING", "")[:500], status=response.status_code,
                    client_ip=client_ip(request)[:45])
        return response
