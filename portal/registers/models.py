"""Reference lists officials hold (规模以上工业企业名录, 严重失信主体名单), each import a new version.

A ``ListVersion`` is one imported file: its kind, for the above-size list its city and year, the source it
came from, the date it is as of, who imported it and when, and the file itself (a record, never
overwritten). Its rows are ``ListEntry``. The latest version of a list (the highest ``number`` of its
kind, city and year) is the one the checks read; older versions stay readable. Nothing is deleted.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import ChoiceLabelsMixin
from portal.storage import private_storage

from .constants import ListKind


def list_file_path(instance, filename):
    # The uploader's file name is kept on the record, never in the path.
    ext = ".xlsx" if instance.content_type.endswith("sheet") else ".csv"
    return f"reference-lists/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class ListVersion(ChoiceLabelsMixin, models.Model):
    """One import of a reference list: a numbered version of its kind (and city and year)."""

    kind = models.CharField(_("list"), max_length=20, choices=ListKind.choices)
    city = models.ForeignKey("accounts.City", verbose_name=_("city"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("version"))
    source = models.CharField(_("source"), max_length=200)
    as_of = models.DateField(_("as of"))
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(storage=private_storage, upload_to=list_file_path, max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"),
                                    on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("reference list version")
        verbose_name_plural = _("reference list versions")
        ordering = ["kind", "-year", "city__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "city", "year", "number"], condition=Q(kind=ListKind.ABOVE_SIZE),
                                    name="one_above_size_version_number"),
            models.UniqueConstraint(fields=["kind", "number"], condition=~Q(kind=ListKind.ABOVE_SIZE),
                                    name="one_list_version_number"),
            models.CheckConstraint(
                condition=(Q(kind=ListKind.ABOVE_SIZE) & Q(city__isnull=False) & Q(year__isnull=False))
                | (~Q(kind=ListKind.ABOVE_SIZE) & Q(city__isnull=True) & Q(year__isnull=True)),
                name="list_version_city_and_year_for_above_size_only",
            ),
        ]

    def __str__(self):
        if self.city_id:
            return f"{self.get_kind_display()} · {self.city} · {self.year} · v{self.number}"
        return f"{self.get_kind_display()} · v{self.number}"


class ListEntry(models.Model):
    """One row of an imported list; ``line`` is its line in the file (the header is line 1)."""

    version = models.ForeignKey(ListVersion, verbose_name=_("version"), on_delete=models.PROTECT,
                                related_name="entries")
    line = models.PositiveIntegerField(_("line"))
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    name = models.CharField(_("name"), max_length=200)
    listed_on = models.DateField(_("listed on"), null=True, blank=True)
    authority = models.CharField(_("listing authority"), max_length=200, blank=True)
    reason = models.TextField(_("reason for listing"), blank=True)

    class Meta:
        verbose_name = _("reference list entry")
        verbose_name_plural = _("reference list entries")
        ordering = ["version", "line"]
        constraints = [models.UniqueConstraint(fields=["version", "credit_code"], name="one_entry_per_code")]
        # The checks ask "is this code in that version": (credit_code, version) answers from the index.
        indexes = [models.Index(fields=["credit_code", "version"], name="list_entry_code_idx")]

    def __str__(self):
        return f"{self.credit_code} {self.name}"
