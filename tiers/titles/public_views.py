"""Public pages, no login: the register of titles (with open-data exports) and certificate verification."""
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from portal.exports import csv_response, json_response

from .filters import RegisterFilter
from .forms import VerifyForm
from .selectors import certificate_by_number, register_titles

REGISTER_PAGE_SIZE = 25
EXPORT_FIELDS = [
    "enterprise_name", "credit_code", "city_code", "city", "tier", "tier_name", "year", "status",
    "recognized_on", "revoked_on", "certificate_number",
]


def _export_row(title):
    # Open data: stable codes plus the Chinese names used in official lists, whatever the UI language.
    return {
        "enterprise_name": title.enterprise_name,
        "credit_code": title.enterprise.credit_code,
        "city_code": title.enterprise.city.code,
        "city": title.enterprise.city.name_zh,
        "tier": title.tier.code,
        "tier_name": title.tier.name_zh,
        "year": title.year,
        "status": title.status,
        "recognized_on": title.recognized_on.isoformat(),
        "revoked_on": title.revoked_on.isoformat() if title.revoked_on else None,
        "certificate_number": title.certificate_number,
    }


def _export_filename():
    return f"smart-factory-register-{timezone.localdate().isoformat()}"


def register(request):
    """The register of every title; ``?format=csv`` or ``?format=json`` exports the filtered set whole."""
    filterset = RegisterFilter(request.GET or None, queryset=register_titles())
    titles = filterset.qs if filterset.is_bound else register_titles()
    export = request.GET.get("format")
    if export in ("csv", "json"):
        # Streamed a chunk at a time: the whole register never sits in the worker's memory.
        rows = (_export_row(title) for title in titles.iterator(chunk_size=500))
        if export == "csv":
            return csv_response(filename=_export_filename(), headers=EXPORT_FIELDS, rows=rows)
        return json_response(filename=_export_filename(), rows=rows)
    page = Paginator(titles, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(request, "titles/public/register.html", {
        "filter": filterset if filterset.is_bound else RegisterFilter(queryset=register_titles()),
        "page": page, "titles": page.object_list, "query": query.urlencode(),
    })


def verify(request):
    """A form to type a certificate number; a valid number goes to its verification page."""
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("public:verify_number", number=form.cleaned_data["number"])
    return render(request, "titles/public/verify.html", {"form": form})


def verify_number(request, number):
    """What a certificate's QR code opens: valid, superseded (by which, since when) or revoked (when,
    on which Art. 15 ground). An unknown number answers 404 with the form to try again."""
    certificate = certificate_by_number(number)
    if certificate is None:
        form = VerifyForm(initial={"number": number})
        return render(request, "titles/public/verify.html", {"form": form, "not_found": number}, status=404)
    return render(request, "titles/public/verify_result.html", {
        "certificate": certificate, "title": certificate.title,
    })
