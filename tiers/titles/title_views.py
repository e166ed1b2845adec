"""Officials' pages on recognized titles: the list (with Excel export), a title's record and history, and
revocation (Art. 15) behind its confirm page. Writes go through ``tiers.titles``."""
import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response

from . import revocation, selectors
from .forms import RevokeTitleForm
from .title_filters import TitleFilter

officials = permission_required("portal.officials_area")
PAGE_SIZE = 25


def _get_title(request, pk):
    """The title, if the user may see it; another city's title is a 404."""
    title = get_object_or_404(selectors.titles_visible_to(request.user), pk=pk)
    if not rules.has_perm("titles.view_title_record", request.user, title):
        raise Http404
    return title


def _export(titles_qs):
    headers = [_("Enterprise name on the title"), _("Enterprise name now"), _("Credit code"), _("City"), _("Tier"),
               _("Year"), _("Status"), _("Recognized on"), _("Revoked on"), _("Revocation ground"),
               _("Certificate number"), _("Source")]
    rows = (
        (t.enterprise_name, t.enterprise.name, t.enterprise.credit_code, t.enterprise.city.name, t.tier.name, t.year,
         t.get_status_display(), t.recognized_on, t.revoked_on, t.get_revocation_ground_display(),
         t.certificate_number or "", t.source)
        for t in titles_qs.iterator(chunk_size=500)
    )
    return xlsx_response(filename="titles", headers=headers, rows=rows, sheet_title=_("Titles"))


@officials
def title_list(request):
    """Every title the official may see, filtered by city, tier, year, status and name or credit code."""
    show_city = not rules.has_perm("portal.city_area", request.user)  # a city official sees only its city
    base = selectors.titles_visible_to(request.user)
    filterset = TitleFilter(request.GET or None, queryset=base, show_city=show_city)
    qs = filterset.qs if filterset.is_bound else base
    if request.GET.get("export") == "xlsx":
        return _export(qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "titles/list.html", {
        "filter": filterset if filterset.is_bound else TitleFilter(queryset=base, show_city=show_city),
        "page": page, "titles": page.object_list, "query": query.urlencode(),
    })


@officials
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
        "can_revoke": title.is_active and rules.has_perm("titles.revoke_title", request.user, title),
    })


def _revoke_page(request, title, form, status=200):
    return render(request, "titles/revoke_confirm.html", {"title": title, "form": form}, status=status)


def _revocable(request, pk):
    """The title, if the user may see it (else 404) and revoke it (else 403: e.g. a city official on an
    advanced title of the city, which only the provincial department revokes)."""
    title = _get_title(request, pk)
    if not rules.has_perm("titles.revoke_title", request.user, title):
        raise PermissionDenied
    return title


@officials
@require_GET
def title_revoke_confirm(request, pk):
    """The confirm page of a revocation: the title, and the form (ground, note, date)."""
    title = _revocable(request, pk)
    if not title.is_active:
        messages.error(request, _("Only an active title can be revoked."))
        return redirect("titles:title_detail", pk=pk)
    return _revoke_page(request, title, RevokeTitleForm())


@officials
@require_POST
def title_revoke(request, pk):
    """Revoke the title (``tiers.titles.revoke_title``); a refusal shows the confirm page again, as typed."""
    title = _revocable(request, pk)
    form = RevokeTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
        return _revoke_page(request, title, form)
    try:
        revocation.revoke_title(title, actor=request.user, **form.cleaned_data)
    except ActionRefused as exc:
        messages.error(request, str(exc))
        return _revoke_page(request, title, form)
    messages.success(request, _("The title is revoked; its certificate now verifies as revoked."))
    return redirect("titles:title_detail", pk=title.pk)
