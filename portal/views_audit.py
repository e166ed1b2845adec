"""The audit trail for admins: filter, sort, page through and export."""
from django.shortcuts import render
from django.utils.translation import gettext as _

from .audit_sentences import change_text, read_names_together
from .decorators import permission_required
from .exports import chunked, csv_response, xlsx_response
from .filters import AuditEntryFilter
from .models import AuditEntry
from .paging import keyset_page

PAGE_SIZE = 50
EXPORT_CHUNK = 500  # rows whose named objects are read together
# The audit log grows by hundreds of thousands of rows: it pages by keyset (no COUNT, no OFFSET) in the
# orders its filter offers, each ending in the primary key and served by an index.
KEYSET_ORDERINGS = {
    "-created_at": ("-created_at", "-pk"),
    "created_at": ("created_at", "pk"),
    "-verb": ("-verb", "-created_at", "-pk"),
    "verb": ("verb", "-created_at", "-pk"),
}


@permission_required("portal.admin_area")
def audit_log(request):
    entries = AuditEntry.objects.select_related("actor", "content_type")
    filterset = AuditEntryFilter(request.GET or None, queryset=entries)
    entries = filterset.qs if filterset.is_bound else entries
    export = request.GET.get("export")
    if export in {"xlsx", "csv"}:
        # In words for readers (``portal.audit_sentences``); the verb in its own column, for machines.
        headers = [_("time"), _("actor"), _("action"), _("object"), _("Change"), _("message"), _("verb")]
        rows = (
            (e.created_at, str(e.actor or ""), e.label, e.object_repr, change_text(e), e.message, e.verb)
            for chunk in chunked(entries.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK)
            for e in read_names_together(chunk)
        )
        respond = xlsx_response if export == "xlsx" else csv_response
        return respond(filename="audit-log", headers=headers, rows=rows)
    ordering = KEYSET_ORDERINGS.get(request.GET.get("ordering") or "-created_at", KEYSET_ORDERINGS["-created_at"])
    page = keyset_page(entries, ordering=ordering, cursor=request.GET.get("after"), size=PAGE_SIZE)
    read_names_together(page.object_list)
    return render(request, "portal/audit_log.html", {"filter": filterset, "page": page})
