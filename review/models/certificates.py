"""Certificates for titles, and the counters that number them.

A certificate is a legal record: it is never deleted and its file is never overwritten. A rename
issues a new certificate that supersedes the old one (Art. 16); a revocation marks it (Art. 15).
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from review.constants import RenderStatus, Validity


class CertificateCounter(models.Model):
    """The last sequence number given for one tier in one year; its row is locked to allocate the next."""

    tier = models.ForeignKey("tiers.Tier", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate counter")
        verbose_name_plural = _("certificate counters")
        constraints = [models.UniqueConstraint(fields=["tier", "year"], name="one_certificate_counter_per_tier_year")]

    def __str__(self):
        return f"{self.tier.code} {self.year}: {self.last}"


class Certificate(models.Model):
    """The certificate of one title: its number, what it says, its PDF, and whether it is still valid.

    ``status`` is the render state of the PDF; ``validity`` is the legal state that verification
    answers. The revocation date and Art. 15 ground are the title's (one record of that decision).
    """

    title = models.ForeignKey(
        "tiers.Title", verbose_name=_("title"), on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    tier = models.ForeignKey("tiers.Tier", verbose_name=_("tier"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year of issue"))
    sequence = models.PositiveIntegerField(_("sequence"))
    # What the document says, fixed when the number is given so a later edit elsewhere cannot change it.
    enterprise_name = models.CharField(_("enterprise name"), max_length=120)
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    issuing_authority = models.CharField(_("issuing authority"), max_length=120)
    miit_document = models.CharField(_("MIIT document"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"))

    status = models.CharField(_("render status"), max_length=10, choices=RenderStatus.choices,
                              default=RenderStatus.PENDING)
    file = models.FileField(_("file"), upload_to="certificates/", blank=True, max_length=200)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    last_error = models.TextField(_("last render error"), blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    validity = models.CharField(_("validity"), max_length=12, choices=Validity.choices, default=Validity.VALID)
    superseded_by = models.OneToOneField(
        "self", verbose_name=_("superseded by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="supersedes",
    )
    validity_changed_on = models.DateField(_("validity changed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "year", "sequence"], name="certificate_sequence_unique"),
            # A title has at most one current certificate; superseded ones stay on record beside it.
            models.UniqueConstraint(
                fields=["title"], condition=~Q(validity=Validity.SUPERSEDED), name="one_current_certificate_per_title"
            ),
            models.CheckConstraint(
                condition=~Q(validity=Validity.SUPERSEDED) | Q(superseded_by__isnull=False),
                name="superseded_certificate_names_successor",
            ),
            models.CheckConstraint(
                condition=~Q(status=RenderStatus.READY) | (~Q(file="") & ~Q(sha256="")),
                name="ready_certificate_has_file",
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.number

    @property
    def is_ready(self):
        return self.status == RenderStatus.READY
