"""Officials' pages on recognized titles: the list (with Excel export) and a title's record and history,
with its evaluations and revocation cases (``evaluation_views``, ``case_views``)."""
import rules
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from portal.decorators import permission_required
from portal.exports import chunked, xlsx_response

from . import selectors
from .title_filters import TitleFilter

officials = permission_required("portal.officials_area")
involved = permission_required("portal.titles_area")
PAGE_SIZE = 25


def _get_title(request, pk):
    """The title, if the user may see it; another city's title is a 404."""
    title = get_object_or_404(selectors.titles_visible_to(request.user), pk=pk)
    if not rules.has_perm("titles.view_title_record", request.user, title):
        raise Http404
    return title


def _export(titles_qs):
    headers = [_("Enterprise name on the title"), _("Enterprise name now"), _("Credit code"), _("City"), _("Tier"),
               _("Scenarios awarded"), _("Year"), _("Status"), _("Recognized on"), _("Revoked on"),
               _("Revocation ground"), _("Certificate number"), _("Source")]

    def rows():
        for chunk in chunked(titles_qs.iterator(chunk_size=500)):
            names = selectors.scenario_names_of([t.pk for t in chunk])
            for t in chunk:
                yield (t.enterprise_name, t.enterprise.name, t.enterprise.credit_code, t.enterprise.city.name,
                       t.tier.name, names.get(t.pk, ""), t.year, t.get_status_display(), t.recognized_on,
                       t.revoked_on, t.get_revocation_ground_display(), t.certificate_number or "", t.source)

    return xlsx_response(filename="titles", headers=headers, rows=rows(), sheet_title=_("Titles"))


@officials
def title_list(request):
    """Every title the official may see, filtered by city, tier, year, status and name or credit code."""
    show_city = not rules.has_perm("portal.city_area", request.user)  # a city official sees only its city
    base = selectors.titles_visible_to(request.user)
    filterset = TitleFilter(request.GET or None, queryset=base, show_city=show_city)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("titles filter")
    qs = filterset.qs if filterset.is_bound else base
    if request.GET.get("export") == "xlsx":
        return _export(qs)
    page = Paginator(qs.prefetch_related("scenarios__segment"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "titles/list.html", {
        "filter": filterset if filterset.is_bound else TitleFilter(queryset=base, show_city=show_city),
        "page": page, "titles": page.object_list, "query": query.urlencode(),
    })


@involved
def title_detail(request, pk):
    """A title's record: the enterprise, the tier, its status, its chain of renames, its certificates, the
    rename requests covering it and its history (the audit rows of the title and its certificates)."""
    title = _get_title(request, pk)
    return render(request, "titles/detail.html", {
        "title": title,
        "certificates": selectors.certificates_visible_to(request.user).filter(title=title).order_by("issued_on", "pk"),
        "predecessor": getattr(title, "supersedes", None),
        "rename_requests": title.rename_requests.select_related("enterprise").order_by("-requested_at"),
        "history": selectors.title_history(title),
        "evaluations": title.evaluations.order_by("-opened_at"),
        "cases": title.revocation_cases.order_by("-opened_at"),
        "can_evaluate": title.is_active and rules.has_perm("titles.open_evaluation", request.user, title),
        "can_open_case": title.is_active and rules.has_perm("titles.open_revocation_case", request.user,
                                                             title.enterprise),
    })
