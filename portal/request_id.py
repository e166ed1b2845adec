"""The id of the request being served, carried into the log lines and the Celery tasks it causes.

``RequestIdMiddleware`` takes the load balancer's ``X-Request-ID`` (when it is a plausible id) or makes
one, puts it in a context variable for the request's duration and returns it in the response header.
The outbox stores it with each message, and ``portal.tasks.deliver`` sets it again while the task runs,
so one id follows a click from the web log into the worker's.
"""
from __future__ import annotations

import contextvars
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    return _current.get()


@contextmanager
def request_id_set(value: str) -> Iterator[None]:
    token = _current.set(value or "")
    try:
        yield
    finally:
        _current.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        given = request.headers.get(HEADER, "")
        value = given if _VALID.match(given) else new_request_id()
        request.request_id = value
        with request_id_set(value):
            response = self.get_response(request)
        response[HEADER] = value
        return response


class RequestIdLogFilter:
    """Adds ``request_id`` to every log record (empty outside a request or task)."""

    def filter(self, record: Any) -> bool:
        record.request_id = current_request_id()
        return True
