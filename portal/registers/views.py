"""The reference lists' pages: the versions a user may read, one version's rows (filter, page, export),
the original file, and the import form that shows every malformed row by its line."""
import rules
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.storage import private_download
from portal.uploads.tables import rejected_rows

from . import services
from .constants import ListKind
from .forms import EntryFilter, ImportListForm, VersionFilter
from .selectors import latest_versions, versions_visible_to

PAGE_SIZE = 50


def _version(request, pk):
    version = get_object_or_404(versions_visible_to(request.user), pk=pk)
    if not rules.has_perm("registers.view_list", request.user, version):
        raise Http404
    return version


@permission_required("portal.officials_area")
def version_list(request):
    base = versions_visible_to(request.user).order_by("kind", "-year", "city__code", "-number")
    filterset = VersionFilter(request.GET or None, queryset=base)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("lists filter")
    qs = filterset.qs if filterset.is_bound else base
    latest = set(latest_versions().filter(pk__in=qs.values("pk")).values_list("pk", flat=True))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="reference-lists", sheet_title=str(_("Reference lists")),
            headers=[_("List"), _("City"), _("Year"), _("Version"), _("Latest"), _("Rows"), _("Source"), _("As of"),
                     _("File name"), _("Imported by"), _("Imported at")],
            rows=([v.get_kind_display(), v.city.name if v.city_id else "", v.year, v.number,
                   _("yes") if v.pk in latest else _("no"), v.row_count, v.source, v.as_of, v.original_name,
                   str(v.imported_by), v.imported_at] for v in qs.select_related("city", "imported_by")))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registers/version_list.html", {
        "filter": filterset, "page": page, "latest": latest,
        "may_import": rules.has_perm("registers.import_any_list", request.user)})


@permission_required("portal.officials_area")
def version_detail(request, pk):
    version = _version(request, pk)
    base = version.entries.order_by("line")
    filterset = EntryFilter(request.GET or None, queryset=base)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("list entries filter")
    entries = filterset.qs if filterset.is_bound else base
    dishonest = version.kind == ListKind.DISHONEST
    if request.GET.get("export") == "xlsx":
        headers = [_("Line"), _("Unified social credit code"), _("Entity name")]
        if dishonest:
            headers += [_("Listed on"), _("Listing authority"), _("Reason for listing")]
        rows = (([e.line, e.credit_code, e.name] + ([e.listed_on, e.authority, e.reason] if dishonest else []))
                for e in entries.iterator(chunk_size=500))
        return xlsx_response(filename=f"list-{version.kind}-v{version.number}", headers=headers, rows=rows,
                             sheet_title=version.get_kind_display())
    others = versions_visible_to(request.user).filter(kind=version.kind, city=version.city, year=version.year)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registers/version_detail.html", {
        "version": version, "filter": filterset, "page": page, "dishonest": dishonest,
        "versions": others.order_by("-number"), "latest_number": others.order_by("-number")[0].number})


@permission_required("portal.officials_area")
def version_file(request, pk):
    """The file as it was imported, to whoever may read the list."""
    version = _version(request, pk)
    return private_download(version.file, filename=version.original_name, content_type=version.content_type)


@permission_required("portal.officials_area")
def import_list(request):
    """Import a list file; on malformed rows the form comes back with everything typed and the problems
    listed line by line (a browser cannot keep a chosen file: it is chosen again)."""
    if not rules.has_perm("registers.import_any_list", request.user):
        raise PermissionDenied
    form = ImportListForm(request.POST or None, request.FILES or None, user=request.user)
    rejected = rejected_rows([])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            version = services.import_list(
                kind=data["kind"], content=upload.read(), filename=upload.name, source=data["source"],
                as_of=data["as_of"], city=data.get("city"), year=data.get("year"), actor=request.user)
        except services.ListRejected as exc:
            messages.error(request, exc.message)
            rejected = rejected_rows(exc.errors)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Version %(number)d of the list is imported with %(rows)d rows.")
                             % {"number": version.number, "rows": version.row_count})
            return redirect("registers:version_detail", version.pk)
    return render(request, "registers/import.html", {"form": form, **rejected})
