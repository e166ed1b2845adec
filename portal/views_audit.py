"""The audit trail for admins: filter, sort, page through and export."""
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from .decorators import permission_required
from .exports import csv_response, xlsx_response
from .filters import AuditEntryFilter
from .models import AuditEntry


@permission_required("portal.admin_area")
def audit_log(request):
    entries = AuditEntry.objects.select_related("actor", "content_type")
    filterset = AuditEntryFilter(request.GET or None, queryset=entries)
    entries = filterset.qs if filterset.is_bound else entries
    export = request.GET.get("export")
    if export in {"xlsx", "csv"}:
        headers = [_("time"), _("actor"), _("action"), _("object"), _("before"), _("after"), _("message")]
        rows = (
            (e.created_at, str(e.actor or ""), e.verb, e.object_repr, str(e.before or ""), str(e.after or ""), e.message)
            for e in entries.iterator()
        )
        respond = xlsx_response if export == "xlsx" else csv_response
        return respond(filename="audit-log", headers=headers, rows=rows)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "portal/audit_log.html", {"filter": filterset, "page": page})
