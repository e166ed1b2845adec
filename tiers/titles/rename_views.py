"""Rename and restructuring pages (Art. 16): the enterprise's form and list, the city's queue, the
province's list, a request's record, and each decision behind its confirm page. Writes go through
``tiers.renames``; requests are fetched through ``selectors.rename_requests_visible_to``, so another
city's or enterprise's request is a 404."""
import rules
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.audit import audit_trail
from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.storage import private_download

from . import renames, selectors
from .actions import APPROVING_STEPS, RENAME_ACTIONS
from .constants import RenameRoute, RenameStatus
from .forms import RenameRequestForm
from .title_filters import RenameFilter

PAGE_SIZE = 25
province_roles = permission_required("portal.province_area")
involved = permission_required("portal.titles_area")


def _get_request(request, pk):
    return get_object_or_404(selectors.rename_requests_visible_to(request.user), pk=pk)


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _export(qs):
    """The tab's requests as Excel (what the page lists, for the official's scope)."""
    headers = [_("Request"), _("Kind"), _("Name before"), _("New name"), _("Credit code before"), _("New credit code"),
               _("City"), _("Route"), _("Status"), _("Requested at"), _("Reason")]
    rows = ((r.pk, r.get_kind_display(), r.old_name, r.new_name, r.old_credit_code, r.new_credit_code,
             r.enterprise.city.name, r.get_route_display(), r.status_label, r.requested_at, r.reason)
            for r in qs.select_related("enterprise__city").iterator(chunk_size=500))
    return xlsx_response(filename="rename-requests", headers=headers, rows=rows, sheet_title=_("Rename requests"))


# Enterprise

@permission_required("portal.enterprise_area")
def rename_create(request):
    """The enterprise asks to rename its active titles; on a refusal the form comes back as typed (the
    file must be chosen again: browsers do not keep it)."""
    enterprise = request.user.enterprise
    form = RenameRequestForm(request.POST or None, request.FILES or None, enterprise=enterprise)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = renames.submit_rename_request(
                    enterprise=enterprise, kind=data["kind"], new_name=data["new_name"],
                    new_credit_code=data["new_credit_code"], reason=data["reason"], evidence=data["evidence"],
                    titles=list(data["titles"]), actor=request.user,
                )
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                if len(created) > 1:
                    messages.success(request, _("Your request is submitted as %(count)d requests, one for each "
                                                "authority that decides on your titles (Art. 16).")
                                     % {"count": len(created)})
                else:
                    messages.success(request, _("Your request is submitted to the city bureau."))
                return redirect("titles:rename_list")
        else:
            messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    return render(request, "titles/rename_form.html", {
        "form": form, "enterprise": enterprise, "has_titles": form.fields["titles"].queryset.exists(),
    })


@permission_required("portal.enterprise_area")
def rename_list(request):
    """The enterprise's rename requests, newest first, with where each stands; filtered by status and kind."""
    base = selectors.rename_requests_visible_to(request.user)
    filterset = RenameFilter(request.GET or None, queryset=base)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("rename requests filter")
    qs = filterset.qs if filterset.is_bound else base
    return render(request, "titles/rename_list.html", {
        "page": _page(request, qs), "filter": filterset,
        "can_request": renames.titles_open_for_rename(request.user.enterprise).exists(),
    })


# City bureau

CITY_TABS = {
    "todo": (RenameStatus.SUBMITTED,),
    "forwarded": (RenameStatus.CITY_FORWARDED,),
    "done": (RenameStatus.CITY_APPROVED, RenameStatus.APPROVED, RenameStatus.REJECTED),
}


@permission_required("portal.city_area")
def rename_queue(request):
    """The city's rename requests: to handle (default), forwarded to the province, decided."""
    tab = request.GET.get("tab") if request.GET.get("tab") in CITY_TABS else "todo"
    qs = selectors.rename_requests_visible_to(request.user).filter(status__in=CITY_TABS[tab])
    if request.GET.get("export") == "xlsx":
        return _export(qs)
    return render(request, "titles/rename_queue.html", {
        "page": _page(request, qs), "tab": tab, "city": request.user.city,
    })


# Provincial department

PROVINCE_TABS = ["decide", "filings", "all"]


@province_roles
def rename_province(request):
    """What the province decides (forwarded requests), the cities' filings of basic renames, or all."""
    tab = request.GET.get("tab") if request.GET.get("tab") in PROVINCE_TABS else "decide"
    qs = selectors.rename_requests_visible_to(request.user)
    if tab == "decide":
        qs = qs.filter(status=RenameStatus.CITY_FORWARDED)
    elif tab == "filings":
        qs = qs.filter(route=RenameRoute.CITY, status=RenameStatus.CITY_APPROVED).order_by(
            "filing_acknowledged_at", "-filed_at")
    if request.GET.get("export") == "xlsx":
        return _export(qs)
    return render(request, "titles/rename_province.html", {"page": _page(request, qs), "tab": tab})


# A request's record and its steps

@involved
def rename_detail(request, pk):
    """The request, its evidence, the titles it covers (and what superseded them), the decisions and its
    audit trail, with the steps the user may take now."""
    rename = _get_request(request, pk)
    return render(request, "titles/rename_detail.html", {
        "rename": rename,
        "titles": rename.titles.select_related("tier", "superseded_by").order_by("tier__order", "pk"),
        "siblings": selectors.rename_requests_visible_to(request.user).filter(group=rename.group).exclude(pk=rename.pk),
        "steps": [a["transition"] for a in RENAME_ACTIONS.for_user(rename, request.user)],
        "history": audit_trail(rename),
    })


def _step_for(request, rename, name):
    """The step, or a refusal (404, 403; a message and back to the request when not possible now)."""
    return RENAME_ACTIONS.confirmable(rename, name, request.user)


def _step_page(request, rename, step, form):
    return render(request, "titles/rename_step_confirm.html", {
        "rename": rename, "step": step, "form": form, "carries_out": step.name in APPROVING_STEPS})


@involved
@require_GET
def rename_step_confirm(request, pk, step):
    """The confirm page of one step, with what it asks (a note, a reason, or MIIT's document)."""
    rename = _get_request(request, pk)
    step, refusal = _step_for(request, rename, step)
    if refusal:
        messages.error(request, refusal)
        return redirect("titles:rename_detail", pk=rename.pk)
    return _step_page(request, rename, step, step.form_class())


@involved
@require_POST
def rename_step(request, pk, step):
    """Take the step (``tiers.renames.perform``); a refusal shows the confirm page again, as typed."""
    rename = _get_request(request, pk)
    step, _refusal = _step_for(request, rename, step)  # a step not possible now is refused by perform
    form = step.form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
        return _step_page(request, rename, step, form)
    try:
        renames.perform(rename, step.name, actor=request.user, data=form.cleaned_data)
    except ActionRefused as exc:
        messages.error(request, str(exc))
        return _step_page(request, rename, step, form)
    messages.success(request, str(step.done_label))
    return redirect("titles:rename_detail", pk=rename.pk)


@involved
def rename_evidence(request, pk):
    """The evidence file, only to whoever may see the request; under its original name."""
    rename = _get_request(request, pk)
    if not rules.has_perm("titles.view_rename_request", request.user, rename):
        raise Http404
    return private_download(rename.evidence, filename=rename.evidence_name, content_type=rename.evidence_type)
