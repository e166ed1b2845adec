"""Limits on the requests that send e-mail or create accounts (django-ratelimit): per client address
(``portal.client_ip``) and per account named in the form, each a rate setting ("10/h"). Over either,
``request.limited`` is set and the view answers 429 with the form as typed and a message."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django_ratelimit.decorators import ratelimit

from portal.client_ip import client_ip


def _rate(setting: str) -> Callable[[str, Any], str]:
    return lambda group, request: getattr(settings, setting)


def _address(group: str, request: Any) -> str:
    return client_ip(request)


def _account(field: str) -> Callable[[str, Any], str]:
    return lambda group, request: str(request.POST.get(field, "")).strip().upper()


def limited(name: str, *, per_address: str, per_account: str, account_field: str) -> Callable[[Any], Any]:
    """Count the view's POSTs by address and by ``account_field`` under the rate settings named."""
    def decorate(view: Any) -> Any:
        view = ratelimit(group=f"{name}:account", key=_account(account_field), rate=_rate(per_account),
                         method="POST", block=False)(view)
        return ratelimit(group=f"{name}:address", key=_address, rate=_rate(per_address), method="POST",
                         block=False)(view)
    return decorate
