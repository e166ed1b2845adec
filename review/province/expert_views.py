"""The experts' pages: their assignments, the score sheet, and conflicts of interest; and the officials'
list of the score sheets still missing.

An expert reaches only their own active assignments (``assignments_of``): anything else is a 404.
Other experts' scores are shown only after the expert has submitted their own, and without names.
"""
import rules
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.views import _summary_context
from portal.accounts.constants import Role
from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response

from . import forms, services
from .filters import ConflictFilter, MissingScoreFilter
from .selectors import (
    active_assignments,
    assignments_of,
    conflicts_visible_to,
    criteria_for,
    experts,
    missing_scores_visible_to,
)


@permission_required("portal.expert_area")
def assignments(request):
    mine = assignments_of(request.user)
    # What is still to score, whole (an expert's open workload); the history of submitted sheets grows
    # over the years, so it is paged, newest first.
    submitted = mine.filter(submitted_at__isnull=False).order_by("-submitted_at", "-pk")
    page = Paginator(submitted, 25).get_page(request.GET.get("page"))
    return render(request, "review/expert/assignments.html", {
        "to_score": list(mine.filter(submitted_at__isnull=True).order_by(F("due_on").asc(nulls_last=True),
                                                                        "assigned_at", "pk")),
        "today": timezone.localdate(),
        "submitted": page.object_list, "page": page,
    })


def _own_assignment(request, pk):
    return get_object_or_404(assignments_of(request.user), pk=pk)


def _panel(assignment):
    """The other experts' submitted sheets, numbered, without names (for an expert who has submitted)."""
    others = (active_assignments(assignment.application).filter(submitted_at__isnull=False)
              .exclude(pk=assignment.pk).prefetch_related("scores"))
    return [{"label": _("Expert %(n)s") % {"n": number}, "total": other.total, "comment": other.comment,
             "scores": {s.criterion_id: s.score for s in other.scores.all()}}
            for number, other in enumerate(others, start=1)]


@permission_required("portal.expert_area")
@require_http_methods(["GET", "POST"])
def score(request, pk):
    """The score sheet: save a draft, or go on to confirm the submission. After submitting: read-only,
    with the other experts' submitted scores."""
    assignment = _own_assignment(request, pk)
    application = assignment.application
    criteria = criteria_for(application)
    saved = {s.criterion_id: s.score for s in assignment.scores.all()}
    form = forms.ScoreSheetForm(request.POST or None, criteria=criteria, initial_scores=saved,
                                initial={"comment": assignment.comment})
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.save_scores(assignment, scores=form.scores(), comment=form.cleaned_data["comment"],
                                 actor=request.user)
            if submit:
                # Complete? Check before the confirm page, so a gap is shown here with what was typed.
                services.clean_scores(assignment, form.scores(), complete=True)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            if submit:
                return redirect("review:expert_submit", assignment.pk)
            messages.success(request, _("Your scores are saved as a draft."))
            return redirect("review:expert_score", assignment.pk)
    own_scores = {s.criterion_id: s for s in assignment.scores.all()}
    panel = _panel(assignment) if rules.has_perm("review.see_panel_scores", request.user, assignment) else None
    return render(request, "review/expert/score.html", {
        "assignment": assignment, "application": application, "form": form, "criteria": criteria,
        "can_score": rules.has_perm("review.score", request.user, assignment), "panel": panel,
        "own_rows": [(c, own_scores.get(c.pk)) for c in criteria],
        **_summary_context(application),
    })


@permission_required("portal.expert_area")
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    """Confirm page: submitted scores are final."""
    assignment = _own_assignment(request, pk)
    if not rules.has_perm("review.score", request.user, assignment):
        return redirect("review:expert_score", assignment.pk)
    scores = {s.criterion_id: s.score for s in assignment.scores.all()}
    if request.method == "POST":
        try:
            services.save_scores(assignment, scores=scores, comment=assignment.comment, actor=request.user,
                                 submit=True)
        except ActionRefused as exc:
            messages.error(request, exc.message)
            return redirect("review:expert_score", assignment.pk)
        messages.success(request, _("Your scores are submitted. You can now see the other experts' scores."))
        return redirect("review:expert_score", assignment.pk)
    from . import scoring

    criteria = criteria_for(assignment.application)
    rows = [(c, scores.get(c.pk)) for c in criteria]
    try:
        total = scoring.weighted_total([(scores[c.pk], c.max_score, c.weight) for c in criteria])
    except (KeyError, ValueError):
        messages.error(request, _("Score every criterion before submitting."))
        return redirect("review:expert_score", assignment.pk)
    return render(request, "review/expert/submit_confirm.html",
                  {"assignment": assignment, "application": assignment.application, "rows": rows, "total": total})


@permission_required("portal.review_area")
@require_http_methods(["GET", "POST"])
def conflicts(request):
    """Experts declare their own conflicts of interest; admins record them for any expert; provincial
    officers read them (they explain why an expert is not offered for an application)."""
    user = request.user
    form = None
    for_others = rules.has_perm("review.record_conflict_for_others", user)
    if for_others or rules.has_perm("review.declare_own_conflict", user):
        form = forms.ConflictForm(request.POST or None, expert_queryset=experts() if for_others else None)
    if request.method == "POST":
        if form is None:
            return redirect("review:conflicts")
        if form.is_valid():
            expert = form.cleaned_data.get("expert") or user
            try:
                services.declare_conflict(expert=expert, enterprise=form.cleaned_data["enterprise"],
                                          reason=form.cleaned_data["reason"], actor=user)
            except ActionRefused as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The conflict of interest is recorded."))
                return redirect("review:conflicts")
    own = user.role == Role.EXPERT
    base = conflicts_visible_to(user).order_by("-declared_at", "-pk")
    filterset = ConflictFilter(request.GET or None, queryset=base, own=own)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("conflicts filter")
    qs = filterset.qs if filterset.is_bound else base
    if request.method == "GET" and request.GET.get("export") == "xlsx":
        headers = [*([] if own else [_("Expert")]), _("Enterprise"), _("Unified social credit code"), _("City"),
                   _("Reason"), _("Declared at"), _("Recorded by")]
        rows = ([*([] if own else [str(d.expert)]), d.enterprise.name, d.enterprise.credit_code,
                 d.enterprise.city.name, d.reason, d.declared_at, str(d.recorded_by)] for d in qs.iterator(chunk_size=500))
        return xlsx_response(filename="conflicts", headers=headers, rows=rows, sheet_title=_("Conflicts of interest"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "review/expert/conflicts.html",
                  {"form": form, "declarations": page.object_list, "page": page, "filter": filterset})


@permission_required("portal.officials_area")
@require_GET
def scores_missing(request):
    """The score sheets still missing (the dashboards' "expert scores missing"), the longest waiting first:
    the province's by expert and city, a city official's for its applications without the experts' names."""
    for_province = rules.has_perm("portal.province_area", request.user)
    base = missing_scores_visible_to(request.user).order_by("assigned_at", "pk")
    filterset = MissingScoreFilter(request.GET or None, queryset=base, for_province=for_province)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("missing scores filter")
    qs = filterset.qs if filterset.is_bound else base
    if request.GET.get("export") == "xlsx":
        headers = [_("Application"), _("Enterprise"), _("City"), _("Round"), _("Tier"),
                   *([_("Expert")] if for_province else []), _("Assigned at"), _("Scores due on")]
        rows = ([a.application_id, a.application.enterprise.name, a.application.city.name, str(a.application.round),
                 a.application.tier.name, *([str(a.expert)] if for_province else []),
                 a.assigned_at, a.due_on] for a in qs.iterator(chunk_size=500))
        return xlsx_response(filename="scores-missing", headers=headers, rows=rows,
                             sheet_title=_("Expert scores missing"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "review/province/scores_missing.html", {
        "filter": filterset, "page": page, "for_province": for_province, "today": timezone.localdate()})
