"""Public pages, no login: the register of titles (with open-data exports) and certificate verification."""
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.api.fields import in_chinese
from portal.exports import chunked, csv_response, json_response, xlsx_response
from tiers.constants import Authority

from .certificates import issuing_authority_en
from .constants import RevocationGround
from .filters import RegisterFilter
from .forms import VerifyForm
from .selectors import certificate_by_number, register_titles, scenario_names_of

REGISTER_PAGE_SIZE = 25
# Open data: stable codes plus the Chinese names used in official lists, whatever the UI language.
# Each field and the column it is read from: the export reads plain tuples (values_list), not four model
# instances per title, which was 60 % of the time of a 5,000-title CSV.
EXPORT_COLUMNS = {
    "enterprise_name": "enterprise_name", "credit_code": "enterprise__credit_code",
    "city_code": "enterprise__city__code", "city": "enterprise__city__name_zh", "tier": "tier__code",
    "tier_name": "tier__name_zh", "year": "year", "status": "status", "recognized_on": "recognized_on",
    "revoked_on": "revoked_on", "certificate_number": "certificate_number",
    # Who recognized the title (Art. 11-13): MIIT's excellence and leading titles are not the province's.
    "authority": "tier__authority", "revocation_ground": "revocation_ground",
}
# Each code's Chinese name beside it; an excellent-scenario award's scenarios (Art. 10): 「scenario（segment）」
# joined by “；”, empty otherwise.
EXPORT_FIELDS = [*list(EXPORT_COLUMNS)[:-2], "authority", "authority_name", "revocation_ground",
                 "revocation_ground_name", "scenarios"]
CHUNK = 500
# The column headings people read (CSV and Excel, in the reader's language); ``?header=field`` gives the
# CSV the stable field names instead, which the JSON always uses.
EXPORT_LABELS = {
    "enterprise_name": _("Enterprise name"), "credit_code": _("Unified social credit code"),
    "city_code": _("City code"), "city": _("City"), "tier": _("Tier code"), "tier_name": _("Tier"),
    "year": _("Year"), "status": _("Status code"), "recognized_on": _("Recognized on"),
    "revoked_on": _("Revoked on"), "certificate_number": _("Certificate number"),
    "authority": _("Recognizing authority code"), "authority_name": _("Recognized by"),
    "revocation_ground": _("Revocation ground code"), "revocation_ground_name": _("Revocation ground"),
    "scenarios": _("Scenarios"),
}


def _export_rows(titles):
    """The export's rows (dicts keyed by EXPORT_FIELDS, dates in ISO form), read 500 at a time; the
    scenarios of the awards in each chunk come in one more query."""
    for chunk in chunked(titles.values_list("pk", *EXPORT_COLUMNS.values()).iterator(chunk_size=CHUNK), CHUNK):
        yield from _rows_of(chunk)


def _rows_of(chunk):
    names = scenario_names_of([values[0] for values in chunk])
    for pk, *values in chunk:
        row = dict(zip(EXPORT_COLUMNS, values, strict=True))
        row["recognized_on"] = row["recognized_on"].isoformat()
        row["revoked_on"] = row["revoked_on"].isoformat() if row["revoked_on"] else None
        row["authority_name"] = in_chinese(Authority(row["authority"]).label)
        row["revocation_ground"] = row["revocation_ground"] or None
        row["revocation_ground_name"] = (in_chinese(RevocationGround(row["revocation_ground"]).label)
                                         if row["revocation_ground"] else None)
        row["scenarios"] = names.get(pk, "")
        yield row


def _export_filename():
    return f"smart-factory-register-{timezone.localdate().isoformat()}"


def register(request):
    """The register of every title; ``?format=csv``, ``xlsx`` or ``json`` exports the filtered set whole."""
    filterset = RegisterFilter(request.GET or None, queryset=register_titles())
    titles = filterset.qs if filterset.is_bound else register_titles()
    export = request.GET.get("format")
    if export in ("csv", "json"):
        # Streamed a chunk at a time: the whole register never sits in the worker's memory.
        rows = _export_rows(titles)
        if export == "csv":
            if request.GET.get("header") == "field":
                return csv_response(filename=_export_filename(), headers=EXPORT_FIELDS, rows=rows)
            return csv_response(filename=_export_filename(), headers=[EXPORT_LABELS[f] for f in EXPORT_FIELDS],
                                rows=([row[f] for f in EXPORT_FIELDS] for row in rows))
        return json_response(filename=_export_filename(), rows=rows)
    if export == "xlsx":
        return xlsx_response(filename=_export_filename(), sheet_title=str(_("Register")),
                             headers=[EXPORT_LABELS[f] for f in EXPORT_FIELDS],
                             rows=([row[f] for f in EXPORT_FIELDS] for row in _export_rows(titles)))
    page = Paginator(titles.prefetch_related("scenarios__segment"), REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    query.pop("header", None)
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
        "certificate": certificate, "title": certificate.title, "authority_en": issuing_authority_en(certificate),
    })
