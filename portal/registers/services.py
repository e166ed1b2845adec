"""Writes of reference lists: importing a file as the next version of its list (one function)."""
import datetime
from typing import Any

import rules
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.audit import audit
from portal.errors import ActionRefused, ensure
from portal.uploads import check_table_upload
from portal.uploads.tables import TableRejected

from ..audit_sentences import register_verbs
from . import permissions  # noqa: F401 - registers the rules asked below
from .constants import PER_CITY, ListKind
from .models import ListEntry, ListVersion
from .parsing import RowError, read_rows

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "registers.list_imported": gettext_lazy("Reference list imported"),
})

FIRST_YEAR = 2000
BATCH = 2000


class ListRejected(TableRejected):
    """The file has malformed rows; nothing was imported. ``errors``: every ``RowError``, by line."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(_("The list was not imported: %(count)d problem(s) found in the file. Nothing was "
                           "imported; correct the file and upload it again.") % {"count": len(errors)}, errors)


@transaction.atomic
def import_list(*, kind: str, content: bytes, filename: str, source: str, as_of: datetime.date, actor: Any,
                city: Any = None, year: int | None = None) -> ListVersion:
    """Import a list file (CSV or XLSX) as the next version of its list.

    The above-size list (规模以上工业企业名录) is kept per city and year, which the importer chooses here
    rather than reading from columns: the statistics bureau gives each city its own list of a year, so one
    file is one list, and a version always replaces a whole list — a file mixing cities could not be a
    version of any one of them. The dishonest-entity list (严重失信主体名单) is one list for the province.

    Before: ``actor`` may import this list (``registers.import_list``: the province any, a city bureau its
    own city's above-size list); the file passes ``portal.uploads.check_table_upload``; every row is well
    formed (required cells present, valid credit codes, no code twice, real dates not after ``as_of``).
    Otherwise ``ActionRefused`` (``ListRejected`` with every problem by line) and nothing is stored.
    After: one ``ListVersion`` numbered after the latest of its list, with the file and all its rows, and
    one audit row ``registers.list_imported``.
    """
    ensure(kind in ListKind.values, _("Choose which list the file is."))
    per_city = kind in PER_CITY
    if not per_city:
        city, year = None, None
    ensure(not per_city or city is not None, _("Choose the city whose list this is."))
    ensure(not per_city or (isinstance(year, int) and FIRST_YEAR <= year <= timezone.localdate().year + 1),
           _("Give the year of the list (%(first)d or later).") % {"first": FIRST_YEAR})
    ensure(rules.has_perm("registers.import_list", actor, ListVersion(kind=kind, city=city)),
           _("You may not import this list: a city bureau imports only its own city's above-size list."))
    source = (source or "").strip()
    ensure(bool(source), _("Say where the list comes from."))
    ensure(len(source) <= 200, _("Keep the source under 200 characters."))
    ensure(isinstance(as_of, datetime.date) and as_of <= timezone.localdate(),
           _("The date the list is as of cannot be in the future."))

    upload = ContentFile(content, name=filename)
    checked = check_table_upload(upload)
    rows, errors = read_rows(content, checked.content_type, kind=kind, as_of=as_of)
    if errors:
        raise ListRejected(errors)

    same_list = ListVersion.objects.filter(kind=kind, city=city, year=year)
    number = (same_list.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ListVersion(kind=kind, city=city, year=year, number=number, source=source, as_of=as_of,
                          original_name=filename[:255], content_type=checked.content_type, size=checked.size,
                          sha256=checked.sha256, row_count=len(rows), imported_by=actor)
    version.file.save(filename, upload, save=False)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as exc:  # two imports of one list at the same moment: the constraint decided
        raise ActionRefused(_("Another version of this list was imported at the same moment; upload the file "
                              "again.")) from exc
    ListEntry.objects.bulk_create(
        (ListEntry(version=version, line=r.line, credit_code=r.credit_code, name=r.name, listed_on=r.listed_on,
                   authority=r.authority, reason=r.reason) for r in rows),
        batch_size=BATCH,
    )
    audit(actor, "registers.list_imported", version, after={
        "kind": kind, "city": city.code if city else None, "year": year, "version": number, "rows": len(rows),
        "source": source, "as_of": as_of.isoformat(), "file": filename[:255], "sha256": checked.sha256})
    return version
