"""Annual reports (Art. 14): the enterprise files one a year; the province and its city list and export
them. Writes go through ``tiers.titles.obligations``."""
import rules
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.params import int_param

from . import obligations
from .forms import AnnualReportForm
from .title_filters import AnnualReportFilter

PAGE_SIZE = 50


@permission_required("portal.enterprise_area")
def my_annual_report(request):
    """The enterprise's report for one year (``?year=``, this year by default): shown, and saved on POST."""
    enterprise = request.user.enterprise
    years = obligations.reportable_years(enterprise)
    year = int_param(request, "year", default=years[0] if years else None)
    filed = list(obligations.reports_visible_to(request.user).order_by("-year"))
    report = next((r for r in filed if r.year == year), None)
    form = AnnualReportForm(request.POST or None, instance=report)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                obligations.save_annual_report(enterprise=enterprise, year=year, data=form.cleaned_data,
                                               actor=request.user)
            except ActionRefused as exc:
                form.add_error(None, exc.message)
                status = 400
            else:
                messages.success(request, _("Your annual report for %(year)s is saved.") % {"year": year})
                return redirect(f"{request.path}?year={year}")
        else:
            status = 400
    return render(request, "titles/annual_report.html", {
        "form": form, "year": year, "years": years, "filed": filed,
    }, status=status)


EXPORT_HEADERS = (
    gettext_lazy("Year"), gettext_lazy("Enterprise"), gettext_lazy("Credit code"), gettext_lazy("City"),
    gettext_lazy("Standards led"), gettext_lazy("Standards joined"), gettext_lazy("Standards"),
    gettext_lazy("Solutions formed"), gettext_lazy("Solutions"), gettext_lazy("People trained"),
    gettext_lazy("Visits hosted"), gettext_lazy("Cases published"), gettext_lazy("Experience shared"),
    gettext_lazy("Updated at"),
)


@permission_required("portal.officials_area")
def annual_reports(request):
    """The reports the official may see, by year (and city for the province), paged; ``?export=xlsx``."""
    base = obligations.reports_visible_to(request.user).order_by("-year", "enterprise__city__code",
                                                                 "enterprise__credit_code")
    show_city = not rules.has_perm("portal.city_area", request.user)  # a city sees only its own
    filterset = AnnualReportFilter(request.GET or None, queryset=base, show_city=show_city)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("annual reports filter")
    qs = filterset.qs if filterset.is_bound else base
    if request.GET.get("export") == "xlsx":
        rows = ((r.year, r.enterprise.name, r.enterprise.credit_code, str(r.enterprise.city.name), r.standards_led,
                 r.standards_joined, r.standards_detail, r.solutions_formed, r.solutions_detail, r.people_trained,
                 r.visits_hosted, r.cases_published, r.experience_detail, r.updated_at)
                for r in qs.iterator(chunk_size=500))
        return xlsx_response(filename="annual-reports", headers=[str(h) for h in EXPORT_HEADERS], rows=rows,
                             sheet_title=_("Annual reports"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "titles/annual_reports.html", {
        "filter": filterset if filterset.is_bound else AnnualReportFilter(queryset=base, show_city=show_city),
        "page": page, "reports": page.object_list, "query": query.urlencode(),
    })
