"""Choices for the review app's certificates."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class RenderStatus(models.TextChoices):
    """Whether the certificate's PDF exists yet (technical state, not legal)."""

    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Rendering failed")


class Validity(models.TextChoices):
    """What public verification answers (legal state); only review/certificates.py changes it."""

    VALID = "valid", _("Valid")
    SUPERSEDED = "superseded", _("Superseded")
    REVOKED = "revoked", _("Revoked")


# Allowed legal transitions, as data: validity -> states it may move to. Superseded and revoked are final:
# a certificate is a legal record and never comes back (a new certificate is issued instead).
VALIDITY_TRANSITIONS = {
    Validity.VALID: {Validity.SUPERSEDED, Validity.REVOKED},
    Validity.SUPERSEDED: set(),
    Validity.REVOKED: set(),
}

# Certificate numbers: SDZN-<tier>-<year>-<sequence>, e.g. SDZN-XJ-2026-0001.
# SDZN = 山东智能 (Shandong smart); the tier part is the pinyin initials of the tier's Chinese name.
NUMBER_PREFIX = "SDZN"
TIER_ABBREVIATIONS = {
    "basic": "JC",       # 基础级
    "advanced": "XJ",    # 先进级
    "excellence": "ZY",  # 卓越级
    "leading": "LH",     # 领航级
    "scenario": "CJ",    # 优秀场景
}
NUMBER_REGEX = r"SDZN-[A-Z]{2}-\d{4}-\d{4,}"
