"""Operation monitoring evaluation pages (运行监测评估, Art. 15 (3)): the list (filtered, paged,
exported), opening evaluations for one title or a whole tier, an evaluation's record with its steps,
and its evidence. Writes go through ``tiers.titles.monitoring``; another city's or enterprise's
evaluation is a 404."""
import django_filters
import rules
from django import forms
from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.models import City
from portal.audit import audit_trail
from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.params import int_value
from portal.storage import private_download
from tiers.models import Tier

from . import monitoring, selectors
from .actions import EVALUATION_ACTIONS
from .aftercare_forms import OpenEvaluationForm
from .constants import EVALUATION_OPEN_STATUSES, UNDER_WAY, EvaluationStatus
from .step_pages import handle_step

PAGE_SIZE = 25
involved = permission_required("portal.titles_area")
officials = permission_required("portal.officials_area")


class EvaluationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), method="filter_status",
        choices=[(UNDER_WAY, gettext_lazy("Under way (any status before a conclusion)")), *EvaluationStatus.choices])
    tier = django_filters.ModelChoiceFilter(label=gettext_lazy("Tier"), field_name="title__tier",
                                            queryset=Tier.objects.order_by("order"))
    city = django_filters.ModelChoiceFilter(label=gettext_lazy("City"), field_name="title__enterprise__city",
                                            queryset=City.objects.order_by("code"), to_field_name="code")
    overdue = django_filters.BooleanFilter(label=gettext_lazy("Overdue only"), method="filter_overdue",
                                           widget=forms.CheckboxInput)
    waiting = django_filters.BooleanFilter(label=gettext_lazy("Waiting for a conclusion"), method="filter_waiting",
                                           widget=forms.CheckboxInput)
    q = django_filters.CharFilter(label=gettext_lazy("Enterprise or credit code"), method="filter_q")
    batch = django_filters.UUIDFilter(label=gettext_lazy("Opened together"), widget=forms.HiddenInput)

    def __init__(self, *args, show_city=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_city:  # a city official sees only the city's evaluations
            self.filters.pop("city")

    def filter_status(self, qs, name, value):
        return qs.filter(status__in=EVALUATION_OPEN_STATUSES) if value == UNDER_WAY else qs.filter(status=value)

    def filter_overdue(self, qs, name, value):
        if not value:
            return qs
        today = timezone.localdate()
        return qs.filter(Q(status=EvaluationStatus.OPEN, report_due__lt=today)
                         | Q(status=EvaluationStatus.RECTIFYING, rectification_due__lt=today))

    def filter_waiting(self, qs, name, value):
        return qs.filter(status__in=[EvaluationStatus.REPORTED, EvaluationStatus.RECTIFIED]) if value else qs

    def filter_q(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(title__enterprise__name__icontains=value) | Q(title__enterprise__credit_code=value.upper()))


def _visible(request):
    return monitoring.evaluations_visible_to(request.user)


def _get(request, pk):
    evaluation = get_object_or_404(_visible(request), pk=pk)
    if not rules.has_perm("titles.view_evaluation", request.user, evaluation):
        raise Http404
    return evaluation


def _export(qs):
    headers = [_("Evaluation"), _("Enterprise"), _("Credit code"), _("City"), _("Tier"), _("Title year"),
               _("Year evaluated"), _("Status"), _("Report due"), _("Reported at"), _("Rectification due"),
               _("Maturity level"), _("Evaluation reasons"), _("Re-evaluation reasons")]
    rows = ((e.pk, e.title.enterprise.name, e.title.enterprise.credit_code, e.title.enterprise.city.name,
             e.title.tier.name, e.title.year, e.period_year, e.get_status_display(), e.report_due,
             timezone.localtime(e.reported_at).replace(tzinfo=None) if e.reported_at else None, e.rectification_due,
             e.maturity_level, e.evaluation_reasons, e.reevaluation_reasons)
            for e in qs.iterator(chunk_size=500))
    return xlsx_response(filename="evaluations", headers=headers, rows=rows, sheet_title=_("Evaluations"))


@involved
def evaluation_list(request):
    """The evaluations the user may see, newest first; officials filter and export them."""
    base = _visible(request)
    show_city = not rules.has_perm("portal.city_area", request.user)
    filterset = EvaluationFilter(request.GET or None, queryset=base, show_city=show_city)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("evaluations filter")
    qs = filterset.qs if filterset.is_bound else base
    if request.GET.get("export") == "xlsx" and rules.has_perm("portal.officials_area", request.user):
        return _export(qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "titles/evaluation_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
        "can_open": rules.has_perm("portal.officials_area", request.user),
    })


@officials
def evaluation_open(request):
    """Open evaluations: for one title (``?title=``) or every active title of a tier, year and city.
    The first POST shows how many titles it covers; the second, with ``confirm``, opens them."""
    title = None
    title_id = int_value(request.GET.get("title") or request.POST.get("title"), "title")
    if title_id:
        title = get_object_or_404(selectors.titles_visible_to(request.user), pk=title_id)
        if not rules.has_perm("titles.open_evaluation", request.user, title):
            raise PermissionDenied
    form = OpenEvaluationForm(request.POST or None, user=request.user, title=title)
    matched = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        city = data.get("city")
        matched = monitoring.titles_to_evaluate(request.user, tier=data.get("tier"), year=data.get("year"),
                                                city=city, title=title)
        if request.POST.get("confirm") == "1":
            try:
                result = monitoring.open_evaluations(actor=request.user, titles=matched,
                                                     period_year=data["period_year"], report_due=data["report_due"],
                                                     requirements=data["requirements"], basis=data["basis"])
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("%(opened)d evaluation(s) opened; %(skipped)d title(s) already had one "
                                            "under way. The enterprises are told.") % result)
                return redirect(reverse("titles:evaluation_list") + f"?batch={result['batch']}")
    elif request.method == "POST":
        messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    count = matched.count() if matched is not None else None
    return render(request, "titles/evaluation_open.html", {
        "form": form, "title": title, "matched": matched[:20] if matched is not None else None, "count": count,
    })


@involved
def evaluation_detail(request, pk):
    """The evaluation: the title, what was asked, the report, the conclusions, the rectification, the
    revocation case it led to, its history, and the steps the user may take now."""
    evaluation = _get(request, pk)
    return render(request, "titles/evaluation_detail.html", {
        "evaluation": evaluation,
        "steps": EVALUATION_ACTIONS.for_user(evaluation, request.user),
        "cases": evaluation.revocation_cases.all(),
        "history": audit_trail(evaluation),
        "indicators": [(evaluation._meta.get_field(name).verbose_name, getattr(evaluation, name))
                       for name in monitoring.INDICATORS],
    })


@involved
def evaluation_step(request, pk, step):
    evaluation = _get(request, pk)
    return handle_step(request, evaluation, step, actions=EVALUATION_ACTIONS, perform=monitoring.perform,
                       detail_url=reverse("titles:evaluation_detail", args=[evaluation.pk]),
                       template="titles/evaluation_step.html", context={"evaluation": evaluation})


@involved
def evaluation_evidence(request, pk, which):
    """The report's or the rectification's evidence, to whoever may see the evaluation."""
    evaluation = _get(request, pk)
    evidence = {"report": evaluation.report_evidence, "rectification": evaluation.rectification_evidence}.get(which)
    if evidence is None:
        raise Http404
    return private_download(evidence.file, filename=evidence.name, content_type=evidence.content_type)
