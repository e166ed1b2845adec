"""The support list page (Art. 17): filter the active titles, page through them, and export them to
Excel with the purpose recorded. Reading and recording go through ``tiers.titles.support``."""
import rules
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.decorators import permission_required
from portal.exports import xlsx_response

from . import support
from .forms import SupportExportForm

PAGE_SIZE = 50


@permission_required("portal.officials_area")
@require_http_methods(["GET", "HEAD", "POST"])
def support_list(request):
    """GET: the list, filtered by tier, city, industry, year and name. POST (with the same query string):
    the Excel export, refused unless it says for which form of support and which department."""
    show_city = not rules.has_perm("portal.city_area", request.user)  # a city sees only its own
    base = support.support_list(request.user)
    filterset = support.SupportListFilter(request.GET or None, queryset=base, show_city=show_city)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("support list filter")
    titles = filterset.qs if filterset.is_bound else base
    form = SupportExportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            filters = {k: v for k, v in request.GET.items() if k != "page" and v}
            with transaction.atomic():
                support.record_export(actor=request.user, purpose=form.cleaned_data["purpose"],
                                      recipient=form.cleaned_data["recipient"], filters=filters, count=titles.count())
            return xlsx_response(filename="support-list", headers=[str(h) for h in support.HEADERS],
                                 rows=support.rows(titles), sheet_title=_("Support list"))
        status = 400
    page = Paginator(titles.prefetch_related("scenarios__segment"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "titles/support_list.html", {
        "filter": filterset if filterset.is_bound else support.SupportListFilter(queryset=base, show_city=show_city),
        "page": page, "titles": page.object_list, "query": query.urlencode(), "export_form": form,
    }, status=status)
