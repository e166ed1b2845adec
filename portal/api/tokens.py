"""Issue, find and revoke integration tokens (each issue and revocation one audit row)."""
from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.audit import audit
from portal.errors import ensure

from ..audit_sentences import register_verbs
from .models import ApiToken
from .scopes import Scope

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "api.token_issued": gettext_lazy("API token issued"),
    "api.token_revoked": gettext_lazy("API token revoked"),
})

PREFIX = "sdzn_"


def digest(raw: str) -> str:
    """What is stored of a token: its SHA-256. The token has 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def find_token(raw: str) -> ApiToken | None:
    """The token ``raw`` names, whatever its state (the caller refuses a revoked or expired one)."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    return ApiToken.objects.select_related("city").filter(token_hash=digest(raw)).first()


def check_scopes(scopes: list[str], city: Any) -> None:
    """A city's applications scope needs the city; the province's is never restricted to one."""
    ensure(bool(scopes), _("Choose at least one scope."))
    ensure(set(scopes) <= set(Scope.values), _("Unknown scope."))
    ensure(Scope.READ_CITY_APPLICATIONS not in scopes or city is not None,
           _("A token that reads a city's applications is restricted to that city: choose the city."))
    ensure(Scope.READ_PROVINCE_APPLICATIONS not in scopes or city is None,
           _("A token that reads the province's applications cannot be restricted to a city."))


@transaction.atomic
def issue_token(*, client: str, scopes: list[str], city: Any = None, expires_at: Any = None,
                actor: Any) -> tuple[ApiToken, str]:
    """Issue a token for ``client``. Returns the record and the token, which is not stored anywhere and
    must be shown once. Post: one ``api.token_issued`` audit row."""
    check_scopes(scopes, city)
    ensure(expires_at is None or expires_at > timezone.now(), _("The expiry must be in the future."))
    secret = secrets.token_urlsafe(32)
    raw = f"{PREFIX}{secret}"
    token = ApiToken.objects.create(client=client, prefix=raw[: len(PREFIX) + 6], token_hash=digest(raw),
                                    scopes=sorted(scopes), city=city, expires_at=expires_at, created_by=actor)
    audit(actor, "api.token_issued", token, after={
        "client": client, "scopes": token.scopes, "city": city.code if city else None,
        "expires_at": expires_at.isoformat() if expires_at else None})
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Any) -> ApiToken:
    """Revoke ``token`` (pre: not revoked yet); it is refused from the next request on. Post: one
    ``api.token_revoked`` audit row."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    ensure(token.revoked_at is None, _("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit(actor, "api.token_revoked", token, before={"revoked_at": None},
          after={"revoked_at": token.revoked_at.isoformat()})
    return token
