"""The OpenAPI document's conventions: every operation documents the errors it can answer, in the one
shape of ``errors.ErrorSerializer``."""
from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema

from .errors import ErrorSerializer

PUBLIC_ERRORS = {"400": "The parameters are invalid (a cursor the API did not hand out included), or a token sent is not a token.",
                 "401": "A token was sent that is unknown, revoked or expired.",
                 "404": "Nothing at this address.",
                 "429": "Too many requests: wait `Retry-After` seconds."}
TOKEN_ERRORS = {**PUBLIC_ERRORS,
                "401": "No token, or a token that is unknown, revoked or expired.",
                "403": "The token has no scope that reads this endpoint."}


class PortalAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        public = not any(getattr(p, "required", None) for p in self.view.get_permissions())
        for code, description in (PUBLIC_ERRORS if public else TOKEN_ERRORS).items():
            responses.setdefault(code, {**self._get_response_for_code(ErrorSerializer, code, direction=direction),
                                        "description": description})
        return responses
