"""The API's one error shape, for every refusal and failure:

    {"error": {"code": "not_found", "message": "Not found.", "detail": null}}

``code`` is stable (``invalid``, ``not_authenticated``, ``invalid_token``, ``token_revoked``,
``token_expired``, ``permission_denied``, ``not_found``, ``method_not_allowed``, ``throttled``, ``invalid_cursor``,
``bad_request``, ``server_error``); ``message`` is for people; ``detail`` is structured or null: the
fields and their problems for ``invalid``, ``{"retry_after": seconds}`` for ``throttled``.
"""
from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response

logger = logging.getLogger(__name__)


def body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "detail": detail}}


def json_error(status: int, code: str, message: str, detail: Any = None) -> JsonResponse:
    """The error shape outside DRF's views (a path no endpoint has, a NUL refused before any view)."""
    return JsonResponse(body(code, message, detail), status=status, json_dumps_params={"ensure_ascii": False})


def exception_handler(exc: Exception, context: Any) -> Response:
    """DRF's exception handler (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``): every exception a view raises
    becomes the one shape; an unexpected one is logged with its traceback and answered 500."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        logger.exception("API request failed", exc_info=exc)
        return Response(body("server_error", "The server failed to answer this request."), status=500)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        return Response(body("invalid", "The request's parameters are invalid.", exc.detail),
                        status=exc.status_code, headers=headers)
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    detail = {"retry_after": int(exc.wait)} if isinstance(exc, exceptions.Throttled) and exc.wait else None
    return Response(body(code, str(exc.detail), detail), status=exc.status_code, headers=headers)


def not_found(request: Any, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any path under /api/ that no endpoint answers."""
    return json_error(404, "not_found", "No endpoint at this address: see /api/v1/schema/.")


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code, e.g. `not_found`, `invalid`, "
                                           "`token_revoked`, `throttled`.")
    message = serializers.CharField(help_text="A sentence for people.")
    detail = serializers.JSONField(allow_null=True, help_text="Structured detail or null: the parameters "
                                   "and their problems for `invalid`, `{\"retry_after\": seconds}` for `throttled`.")


class ErrorSerializer(serializers.Serializer):
    """Every error the API answers has this shape."""

    error = ErrorDetailSerializer()

    class Meta:
        ref_name = "Error"
