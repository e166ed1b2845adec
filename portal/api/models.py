"""Integration clients' tokens and the log of every request made with one.

Only a SHA-256 of a token is stored: the token itself is shown once, when an admin issues it
(``tokens.issue_token``), and cannot be read back. A token is refused once revoked or past its expiry;
both stay on record with every request they made (``ApiRequest``).
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.constants import Role

from .scopes import Scope


class TokenReader:
    """A token's reader (``ApiToken.reader``): signed in, active, a city official of ``city_id`` or the
    provincial department; no enterprise, never an admin."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    enterprise_id = None
    pk = None

    def __init__(self, *, city_id):
        self.city_id = city_id
        self.role = Role.CITY_OFFICIAL if city_id is not None else Role.PROVINCIAL_OFFICER


class ApiToken(models.Model):
    client = models.CharField(_("client"), max_length=120,
                              help_text=_("Who uses the token: the department or system, and a contact."))
    prefix = models.CharField(_("token prefix"), max_length=12, unique=True, editable=False,
                              help_text=_("The token's first characters, to recognise it; not a secret."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    city = models.ForeignKey("accounts.City", verbose_name=_("restricted to the city"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.client} ({self.prefix}…)"

    def is_usable(self, at=None):
        at = at or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or at < self.expires_at)

    def has_scope(self, scope):
        return scope in self.scopes

    @property
    def reader(self):
        """Whom the token reads as, for the selectors that decide which rows a reader sees (the pages'
        own ``applications_visible_to``, ``scope_to_reader``, ``city_quotas_visible_to``): the city
        bureau of its city when restricted to one, else the provincial department. One rule of which
        rows, for people and integrations alike."""
        return TokenReader(city_id=self.city_id)

    def scope_labels(self):
        labels = dict(Scope.choices)
        return [labels.get(s, s) for s in self.scopes]


class ApiRequest(models.Model):
    """One request made with a token (refused ones included): the token's use, for the audit."""

    token = models.ForeignKey(ApiToken, verbose_name=_("API token"), on_delete=models.PROTECT,
                              related_name="requests")
    at = models.DateTimeField(_("time"), default=timezone.now)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=500)
    query = models.CharField(_("query"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("status"))
    client_ip = models.CharField(_("client address"), max_length=45, blank=True)

    class Meta:
        verbose_name = _("API request")
        verbose_name_plural = _("API requests")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"], name="api_request_token_at_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status}"
