"""Revocation case pages (Art. 15): the list (filtered, paged, exported), opening a case on an
enterprise's ground, a case's record with its steps — the decision behind a page that states its
consequences — and its evidence. Writes go through ``tiers.titles.revocation``; another city's or
enterprise's case is a 404."""
import django_filters
import rules
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from portal.accounts.models import City, Enterprise
from portal.audit import audit_trail
from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.params import int_value
from portal.storage import private_download
from tiers.constants import Authority

from . import revocation
from .actions import CASE_ACTIONS, REVOKING_STEPS
from .aftercare_forms import OpenCaseForm
from .constants import CASE_OPEN_STATUSES, UNDER_WAY, CaseStatus, RevocationGround, TitleStatus
from .dependents import dependents_of
from .step_pages import handle_step

PAGE_SIZE = 25
involved = permission_required("portal.titles_area")
officials = permission_required("portal.officials_area")


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), method="filter_status",
        choices=[(UNDER_WAY, gettext_lazy("Open (any status before the decision)")), *CaseStatus.choices])
    ground = django_filters.ChoiceFilter(label=gettext_lazy("Ground (Art. 15)"), choices=RevocationGround.choices)
    city = django_filters.ModelChoiceFilter(label=gettext_lazy("City"), field_name="enterprise__city",
                                            queryset=City.objects.order_by("code"), to_field_name="code")
    q = django_filters.CharFilter(label=gettext_lazy("Enterprise or credit code"), method="filter_q")

    def __init__(self, *args, show_city=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_city:
            self.filters.pop("city")

    def filter_status(self, qs, name, value):
        return qs.filter(status__in=CASE_OPEN_STATUSES) if value == UNDER_WAY else qs.filter(status=value)

    def filter_q(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code=value.upper()))


def _get(request, pk):
    case = get_object_or_404(revocation.cases_visible_to(request.user), pk=pk)
    if not rules.has_perm("titles.view_revocation_case", request.user, case):
        raise Http404
    return case


@involved
def case_list(request):
    base = revocation.cases_visible_to(request.user)
    show_city = not rules.has_perm("portal.city_area", request.user)
    filterset = CaseFilter(request.GET or None, queryset=base, show_city=show_city)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("revocation cases filter")
    qs = filterset.qs if filterset.is_bound else base
    if request.GET.get("export") == "xlsx" and rules.has_perm("portal.officials_area", request.user):
        headers = [_("Case"), _("Enterprise"), _("Credit code"), _("City"), _("Ground (Art. 15)"), pgettext("authority", "Decided by"),
                   _("Status"), _("Statement due"), _("Date of the decision"), _("MIIT document number")]
        rows = ((c.pk, c.enterprise.name, c.enterprise.credit_code, c.enterprise.city.name, c.get_ground_display(),
                 c.get_authority_display(), c.get_status_display(), c.statement_due, c.decided_on,
                 c.miit_document_number) for c in qs.iterator(chunk_size=500))
        return xlsx_response(filename="revocation-cases", headers=headers, rows=rows,
                             sheet_title=_("Revocation cases"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "titles/case_list.html", {"filter": filterset, "page": page, "query": query.urlencode()})


@officials
def case_open(request):
    """Open a case on one of the enterprise's grounds (``?enterprise=``): the page shows which of its
    active titles the case covers and who decides on each."""
    enterprise_id = int_value(request.GET.get("enterprise") or request.POST.get("enterprise"), "enterprise")
    if enterprise_id is None:
        raise BadRequest("enterprise")
    enterprise = get_object_or_404(Enterprise.objects.select_related("city"), pk=enterprise_id)
    if not rules.has_perm("titles.open_revocation_case", request.user, enterprise):
        # Another city's enterprise is not the user's business at all.
        raise Http404
    form = OpenCaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                cases = revocation.open_cases(enterprise=enterprise, ground=data["ground"], facts=data["facts"],
                                              evidence=data.get("evidence"), statement_due=data.get("statement_due"),
                                              actor=request.user)
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("%(count)d revocation case(s) opened, one for each deciding authority; "
                                            "the enterprise is told.") % {"count": len(cases)})
                return redirect("titles:case_detail", pk=_first_to_act_on(cases, request.user).pk)
        else:
            messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    return render(request, "titles/case_open.html", {
        "form": form, "enterprise": enterprise, "covered": revocation.covered_titles(enterprise),
    })


@involved
def case_detail(request, pk):
    case = _get(request, pk)
    siblings = list(revocation.cases_visible_to(request.user).filter(group=case.group).exclude(pk=case.pk))
    return render(request, "titles/case_detail.html", {
        "case": case,
        "titles": case.titles.select_related("tier").order_by("tier__order", "pk"),
        "siblings": siblings, "whose": whose_case(case, request.user, siblings),
        "steps": CASE_ACTIONS.for_user(case, request.user),
        "history": audit_trail(case),
    })


def _consequences(case):
    """What revoking will do, for the confirm page: the titles, their certificates, and the applications
    that stop."""
    titles = list(case.titles.filter(status=TitleStatus.ACTIVE).select_related("tier"))
    return {"revoking": titles, "stopping": dependents_of(titles)}


def _first_to_act_on(cases, user):
    """Of the cases opened together, the one ``user`` decides (MIIT's last: the province only records its
    decision), else the first."""
    mine = [c for c in cases if rules.has_perm("titles.decide_revocation_case", user, c)]
    return sorted(mine, key=lambda c: c.authority == Authority.MIIT)[0] if mine else cases[0]


def whose_case(case, user, siblings):
    """For an official reading a case that is not theirs to decide, whose it is (Art. 15 with Art. 11-13),
    and which case of the group is theirs; for the province on MIIT's case, what it does. None when the
    case is the reader's to decide, or for the enterprise."""
    if not rules.has_perm("portal.officials_area", user):
        return None
    decides = rules.has_perm("titles.decide_revocation_case", user, case)
    if decides and case.authority != Authority.MIIT:
        return None
    if decides:
        return _("MIIT decides the revocation of excellence and leading titles (Art. 13, 15): report the case to "
                 "MIIT and record MIIT's decision document here when it arrives.")
    sentence = _("This case is decided by %(authority)s; you follow it here.") % {
        "authority": case.get_authority_display()}
    if case.authority == Authority.MIIT:
        sentence = _("This case is decided by MIIT; the provincial department reports it and records MIIT's "
                     "decision (Art. 13, 15). You follow it here.")
    own = [s for s in siblings if rules.has_perm("titles.decide_revocation_case", user, s)]
    if own:
        sentence += " " + _("Your case in this group: #%(number)s.") % {"number": own[0].pk}
    return sentence


@involved
def case_step(request, pk, step):
    case = _get(request, pk)
    context = {"case": case, "titles": case.titles.select_related("tier").order_by("tier__order", "pk")}
    if step in REVOKING_STEPS:
        context.update(_consequences(case))
    return handle_step(request, case, step, actions=CASE_ACTIONS, perform=revocation.perform,
                       detail_url=reverse("titles:case_detail", args=[case.pk]), template="titles/case_step.html",
                       context=context)


@involved
def case_evidence(request, pk, which):
    case = _get(request, pk)
    evidence = {"facts": case.evidence, "statement": case.statement_evidence}.get(which)
    if evidence is None:
        raise Http404
    return private_download(evidence.file, filename=evidence.name, content_type=evidence.content_type)
