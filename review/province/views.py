"""The provincial department's pages: inbox, an application's review, expert assignment, ranking,
notices and objections, MIIT outcomes, the rubric; and the public notice page (no login).

Objects come through selectors scoped to the user; state changes are POSTs that call a service or
``applications.workflow.perform``; a refusal is shown with what the user typed kept.
"""
from decimal import Decimal

import rules
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import workflow
from applications.actions import APPLICATION_ACTIONS, actions_for
from applications.constants import Status
from applications.figures import FIGURE_LABELS, years_for
from applications.models import Application, ApplicationVersion
from portal.calendar.working_days import notice_working_days
from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import chunked, xlsx_response
from portal.params import int_param
from portal.storage import private_download
from review.models import (
    CriterionScore,
    ExpertAssignment,
    MiitOutcome,
    MiitResult,
    NoticeEntry,
    RubricCriterion,
)
from tiers.constants import Authority, Indicator
from tiers.models import Round, Tier

from . import forms, services
from .filters import InboxFilter, NoticeFilter
from .objection_rules import objection_refusal
from .selectors import (
    active_assignments,
    aggregate_for,
    attach_applications,
    criteria_for,
    eligible_experts,
    exclusions,
    notices_for_staff,
    objections_for_staff,
    panel_scores,
    province_inbox,
    public_notices,
    standings,
)


def _inbox_application(request, pk):
    return get_object_or_404(province_inbox(request.user), pk=pk)


# --- inbox -----------------------------------------------------------------------------------------

@permission_required("portal.province_area")
def inbox(request):
    """Every recommendation the province received: filter, sort, page, export to Excel."""
    qs = province_inbox(request.user)
    filterset = InboxFilter(request.GET or None, queryset=qs)
    applications = filterset.qs if filterset.is_bound else qs.order_by("-updated_at")
    if request.GET.get("export") == "xlsx":
        headers = [_("Enterprise"), _("Credit code"), _("City"), _("Tier"), _("Round"), _("Status"), _("Experts"),
                   _("Scores submitted"), _("Mean"), _("Trimmed mean"), _("Last change")]
        return xlsx_response(filename="province-inbox", headers=headers, rows=_export_rows(applications),
                             sheet_title=_("Inbox"))
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    scores = panel_scores(page.object_list)
    for application in page.object_list:
        application.aggregate = scores[application.pk][1]
    return render(request, "review/province/inbox.html", {"filter": filterset, "page": page})


def _export_rows(applications, chunk=500):
    """The export's rows, a chunk of applications at a time with their scores in one query per chunk."""
    for batch in chunked(applications.iterator(chunk_size=chunk), chunk):
        yield from _export_chunk(batch)


def _export_chunk(applications):
    scores = panel_scores(applications)
    for app in applications:
        experts, agg = scores[app.pk]
        yield (app.enterprise.name, app.enterprise.credit_code, app.enterprise.city.name_zh, app.tier.name_zh,
               app.round.display_name, str(app.get_status_display()), experts, agg.count, agg.mean, agg.trimmed_mean,
               app.updated_at)


# --- one application -------------------------------------------------------------------------------

@permission_required("portal.province_area")
def application_review(request, pk):
    """What the department sees of one application: panel, scores, aggregate, notice, objections, MIIT."""
    application = _inbox_application(request, pk)
    assignments = list(active_assignments(application).prefetch_related(
        Prefetch("scores", queryset=CriterionScore.objects.select_related("criterion"))))
    criteria = criteria_for(application)
    for assignment in assignments:
        by_criterion = {s.criterion_id: s for s in assignment.scores.all()}
        assignment.row = [by_criterion.get(c.pk) for c in criteria]
    withdrawn = application.expert_assignments.filter(withdrawn_at__isnull=False).select_related("expert")
    entry = NoticeEntry.objects.filter(application=application).select_related("notice", "title").first()
    state = services.staffing(application)
    eligible = eligible_experts(application).exclude(pk__in=[a.expert_id for a in assignments])
    return render(request, "review/province/application.html", {
        "application": application, "actions": actions_for(application, request.user),
        "assignments": assignments, "withdrawn": withdrawn, "criteria": criteria,
        "aggregate": aggregate_for(application), "staffing": state, "entry": entry,
        "objections": objections_for_staff(request.user).filter(application=application),
        "miit": MiitOutcome.objects.filter(application=application).first(),
        "add_form": forms.AddExpertForm(eligible=eligible) if (
            application.status == Status.UNDER_REVIEW and state.shortfall and eligible.exists()) else None,
    })


@permission_required("portal.province_area")
@require_http_methods(["GET", "POST"])
def assign_experts(request, pk):
    """The confirm page of ``start_review``: choose the panel among the eligible experts."""
    application = _inbox_application(request, pk)
    if application.status != Status.ACCEPTED:
        messages.info(request, _("Experts are assigned once the application is accepted."))
        return redirect("review:province_application", application.pk)
    required = services.panel_size(application)
    eligible = eligible_experts(application)
    form = forms.AssignExpertsForm(request.POST or None, eligible=eligible, required=required)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.perform(application, "start_review", actor=request.user,
                             data={"experts": list(form.cleaned_data["experts"])})
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            state = services.staffing(application)
            if state.shortfall:
                messages.warning(request, _("The review started with %(assigned)s of %(required)s experts: no other "
                                            "eligible expert is available. Add one when there is.")
                                 % {"assigned": state.assigned, "required": state.required})
            else:
                messages.success(request, _("The experts are assigned and the review has started."))
            return redirect("review:province_application", application.pk)
    excluded = exclusions(application)
    from portal.accounts.models import User

    excluded_experts = [(u, excluded[u.pk]) for u in User.objects.filter(pk__in=list(excluded)).order_by("username")]
    return render(request, "review/province/assign.html", {
        "application": application, "form": form, "required": required, "eligible_count": eligible.count(),
        "excluded": excluded_experts,
    })


@permission_required("portal.province_area")
@require_POST
def add_expert(request, pk):
    application = _inbox_application(request, pk)
    eligible = eligible_experts(application)
    form = forms.AddExpertForm(request.POST, eligible=eligible)
    if form.is_valid():
        try:
            services.add_expert(application, form.cleaned_data["expert"], actor=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The expert is added to the panel."))
    else:
        messages.error(request, _("Choose an eligible expert."))
    return redirect("review:province_application", application.pk)


@permission_required("portal.province_area")
@require_http_methods(["GET", "POST"])
def withdraw_assignment(request, pk, assignment_pk):
    application = _inbox_application(request, pk)
    assignment = get_object_or_404(application.expert_assignments.select_related("expert"), pk=assignment_pk,
                                   withdrawn_at__isnull=True)
    form = forms.WithdrawAssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_assignment(assignment, reason=form.cleaned_data["reason"], actor=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The expert is withdrawn from this application."))
            return redirect("review:province_application", application.pk)
    return render(request, "review/province/withdraw_assignment.html",
                  {"application": application, "assignment": assignment, "form": form})


# --- ranking ---------------------------------------------------------------------------------------

@permission_required("portal.province_area")
def ranking_view(request):
    """The ranking of one round and tier by the experts' aggregate (trimmed mean from five scores); without
    a choice, the round and tier the department is reviewing now."""
    rounds = Round.objects.all()
    tiers = Tier.objects.exclude(authority=Authority.CITY)
    round_, tier = _ranking_choice(request, rounds, tiers)
    rows = standings(round_, tier) if round_ and tier else []
    if request.GET.get("export") == "xlsx" and rows:
        return _score_sheet(round_, tier, rows)
    # Every reviewed application is ranked (a rank needs them all, read narrowly); a page of 50 is built
    # with its applications, and the excellence gaps badge (applications.checks.segment_gaps) reads the
    # segments of those 50 only.
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    page_rows = attach_applications(page.object_list)
    prefetch_related_objects([r.key for r in page_rows], "segments__segment")
    return render(request, "review/province/ranking.html", {
        "rounds": rounds, "tiers": tiers, "round": round_, "tier": tier, "rows": page_rows, "page": page,
        "total": len(rows),
    })


def _ranking_choice(request, rounds, tiers):
    """The round and tier of ``?round=`` and ``?tier=``: an id that names none of ``rounds`` or ``tiers``
    is a 400. What is not chosen is taken from the applications under review, the newest round first and
    then the tiers' order, in one query; with nothing under review, the newest round and the first tier."""
    round_id, tier_id = int_param(request, "round"), int_param(request, "tier")
    round_ = rounds.filter(pk=round_id).first() if round_id else None
    tier = tiers.filter(pk=tier_id).first() if tier_id else None
    if round_id and round_ is None:
        raise BadRequest("round")
    if tier_id and tier is None:
        raise BadRequest("tier")
    if round_ is None or tier is None:
        under_review = Application.objects.filter(status=Status.UNDER_REVIEW, tier__in=tiers)
        if round_ is not None:
            under_review = under_review.filter(round=round_)
        if tier is not None:
            under_review = under_review.filter(tier=tier)
        newest = (under_review.select_related("round", "tier").only("pk", "round", "tier")
                  .order_by("-round__year", "-round__opens_at", "-round_id", "tier__order").first())
        round_ = round_ or (newest.round if newest else rounds.first())
        tier = tier or (newest.tier if newest else tiers.first())
    return round_, tier


def _score_sheet(round_, tier, rows):
    """The score sheet of one round and tier (评分汇总表): rank, enterprise, each expert's weighted total,
    the mean, the trimmed mean and the score that ranks, then the figures of the version the experts scored:
    the three years' operating income, total profit and R&D spending (万元) and each outcome indicator's
    change (%). A chunk's scores and versions are read in one query each.

    Every score is a number cell under a column of its own (Expert 1, 2, … in the order the scores came
    in), so the department can sum, sort and check them. Panels differ from one application to the next
    (conflicts of interest), so a column is not one person: who gave each score is named in the last
    column, in the columns' order, where the department can keep it or cut it off before handing the
    sheet on (experts' names are never the enterprises' to read)."""
    width = max((r.aggregate.count for r in rows), default=0)
    years = years_for(round_)
    headers = [_("Rank"), _("Enterprise"), _("Unified social credit code"), _("City"), _("Status"),
               *(_("Expert %(n)d") % {"n": n} for n in range(1, width + 1)), _("Scores submitted"), _("Mean"),
               _("Trimmed mean"), _("Final score"),
               *(_("%(year)s %(figure)s (10,000 yuan)") % {"year": year, "figure": label}
                 for year in years for label in FIGURE_LABELS.values()),
               *(_("%(indicator)s change (%%)") % {"indicator": indicator.label} for indicator in Indicator),
               _("Experts, in the order of the expert columns")]

    def number(text):
        return Decimal(text) if text not in (None, "") else ""

    def figures(snapshot):
        financials, indicators = snapshot.get("financials", {}), snapshot.get("indicators", {})
        return (*(number((financials.get(str(year)) or {}).get(name)) for year in years for name in FIGURE_LABELS),
                *(number((indicators.get(i.value) or {}).get("change_percent")) for i in Indicator))

    def data():
        for chunk in map(attach_applications, chunked(rows)):
            scores = {}
            for a in (ExpertAssignment.objects.filter(application__in=[r.key for r in chunk], withdrawn_at__isnull=True,
                                                      submitted_at__isnull=False)
                      .select_related("expert").order_by("application_id", "submitted_at", "pk")):
                scores.setdefault(a.application_id, []).append(a)
            snapshots = dict(ApplicationVersion.objects.filter(
                application__in=[r.key for r in chunk], number=F("application__current_version"),
            ).values_list("application_id", "snapshot"))
            for r in chunk:
                app = r.key
                given = scores.get(app.pk, [])
                yield (r.rank, app.enterprise.name, app.enterprise.credit_code, app.enterprise.city.name_zh,
                       str(app.get_status_display()), *(a.total for a in given), *([None] * (width - len(given))),
                       app.aggregate.count, app.aggregate.mean, app.aggregate.trimmed_mean, r.value,
                       *figures(snapshots.get(app.pk) or {}),
                       "；".join(a.expert.get_full_name() or a.expert.username for a in given))

    return xlsx_response(filename=f"score-sheet-{round_.year}-{tier.code}", headers=headers, rows=data(),
                         sheet_title=_("Score sheet"))


# --- notices and objections ------------------------------------------------------------------------

def _notice_list(notices_qs):
    """Every notice with the applications it lists: one row per entry (the scenarios with their segments)."""
    headers = [_("Notice"), _("Starts on"), _("Ends on"), _("Tier"), _("Enterprise"), _("Unified social credit code"),
               _("City"), _("Scenarios (segment)"), _("Status")]
    entries = (NoticeEntry.objects.filter(notice__in=notices_qs.values("pk"))
               .select_related("notice__tier", "application__enterprise__city", "application__tier")
               .prefetch_related("application__scenarios__segment")
               .order_by("-notice__starts_on", "notice_id", "pk"))

    def data():
        for e in entries.iterator(chunk_size=500):
            app = e.application
            yield (e.notice.display_title, e.notice.starts_on, e.notice.ends_on, e.notice.tier.name, app.enterprise.name,
                   app.enterprise.credit_code, app.enterprise.city.name_zh,
                   "；".join(f"{s.name}（{s.segment.name}）" for s in app.scenarios.all()),
                   str(app.get_status_display()))

    return xlsx_response(filename="notices", headers=headers, rows=data(), sheet_title=_("Public notices"))


@permission_required("portal.province_area")
def notices(request):
    today = timezone.localdate()
    base = notices_for_staff(request.user).order_by("-starts_on", "-pk")
    filterset = NoticeFilter(request.GET or None, queryset=base)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("notices filter")
    qs = filterset.qs if filterset.is_bound else base
    if request.GET.get("export") == "xlsx":
        return _notice_list(qs)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    approved_waiting = province_inbox(request.user).filter(status=Status.APPROVED).count()
    return render(request, "review/province/notices.html",
                  {"page": page, "today": today, "approved_waiting": approved_waiting, "filter": filterset})


@permission_required("portal.province_area")
@require_http_methods(["GET", "POST"])
def notice_new(request):
    approved = province_inbox(request.user).filter(status=Status.APPROVED, tier__authority=Authority.PROVINCE)
    initial = {}
    round_id, tier_id = int_param(request, "round"), int_param(request, "tier")
    if round_id and tier_id:
        round_ = Round.objects.filter(pk=round_id).first()
        tier = Tier.objects.filter(pk=tier_id).first()
        if round_ and tier:
            initial.update(round=round_, tier=tier, title=_("Public notice of the %(year)s %(tier)s list to be "
                                                            "recognized") % {"year": round_.year, "tier": tier.name_zh})
            same = approved.filter(round=round_, tier=tier)
            chosen = int_param(request, "application")
            initial["applications"] = [a.pk for a in same if not chosen or a.pk == chosen] or []
    form = forms.NoticeForm(request.POST or None, approved=approved, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.publish_notice(round=data["round"], tier=data["tier"], applications=data["applications"],
                                             title=data["title"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                                             objection_contact=data["objection_contact"],
                                             objection_address=data["objection_address"],
                                             title_en=data.get("title_en") or "", actor=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The notice is published: %(start)s to %(end)s.")
                             % {"start": notice.starts_on, "end": notice.ends_on})
            return redirect("review:notice_detail", notice.pk)
    return render(request, "review/province/notice_new.html", {"form": form, "approved_count": approved.count()})


def _staff_notice(request, pk):
    return get_object_or_404(notices_for_staff(request.user), pk=pk)


@permission_required("portal.province_area")
def notice_detail(request, pk):
    notice = _staff_notice(request, pk)
    # Whether each entry may be certified yet (``objection_rules.ensure_notice_cleared`` and the title it
    # needs) is read from these, not queried per entry.
    entries = list(notice.entries.select_related("application__enterprise__city", "application__tier__prerequisite",
                                                 "title")
                   .prefetch_related("application__objections", "application__enterprise__titles"))
    for entry in entries:
        entry.actions = actions_for(entry.application, request.user)
    # The rule ``services.record_objection`` asks: the button is disabled, with the dates, when it would refuse.
    refused = objection_refusal(notice, statuses={entry.application.status for entry in entries})
    return render(request, "review/province/notice_detail.html", {
        "notice": notice, "entries": entries, "today": timezone.localdate(),
        "objection_not_yet": str(refused) if refused is not None else None,
        "objections": objections_for_staff(request.user).filter(notice=notice),
    })


@permission_required("portal.province_area")
@require_http_methods(["GET", "POST"])
def objection_new(request, pk):
    notice = _staff_notice(request, pk)
    if request.method == "GET":
        refused = objection_refusal(notice, statuses=set(notice.entries.values_list("application__status", flat=True)))
        if refused is not None:
            messages.error(request, str(refused))
            return redirect("review:notice_detail", notice.pk)
    form = forms.ObjectionForm(request.POST or None, request.FILES or None, notice=notice)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_objection(notice=notice, application=data["application"], kind=data["kind"],
                                      objector_name=data["objector_name"], objector_contact=data["objector_contact"],
                                      received_on=data["received_on"], content=data["content"],
                                      evidence=data.get("evidence"), actor=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The objection is recorded. Certification waits until it is resolved."))
            return redirect("review:notice_detail", notice.pk)
    return render(request, "review/province/objection_form.html", {"notice": notice, "form": form})


@permission_required("portal.province_area")
@require_http_methods(["GET", "POST"])
def objection_resolve(request, pk):
    objection = get_object_or_404(objections_for_staff(request.user), pk=pk)
    form = forms.ResolveObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_objection(objection, status=form.cleaned_data["status"],
                                       resolution=form.cleaned_data["resolution"], actor=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The objection is resolved."))
            return redirect("review:notice_detail", objection.notice_id)
    return render(request, "review/province/objection_resolve.html", {"objection": objection, "form": form})


@permission_required("portal.province_area")
def objection_evidence(request, pk):
    """The objection's evidence, for the department only (it may identify the objector)."""
    objection = get_object_or_404(objections_for_staff(request.user).exclude(evidence=""), pk=pk)
    return private_download(objection.evidence, filename=objection.evidence_name or "evidence",
                            content_type=objection.evidence_type)


# --- MIIT (Art. 13) --------------------------------------------------------------------------------

@permission_required("portal.province_area")
@require_http_methods(["GET", "POST"])
def miit_outcome(request, pk, result):
    """The confirm page of ``record_miit_approval`` / ``record_miit_rejection`` (with the document upload)."""
    if result not in MiitResult.values:
        raise Http404
    application = _inbox_application(request, pk)
    name = "record_miit_approval" if result == MiitResult.APPROVED else "record_miit_rejection"
    transition = APPLICATION_ACTIONS.get(name)
    form = forms.MiitOutcomeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.perform(application, name, actor=request.user, data=form.cleaned_data)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, transition.done_label)
            return redirect("review:province_application", application.pk)
    return render(request, "review/province/miit_outcome.html",
                  {"application": application, "form": form, "transition": transition, "result": result})


@permission_required("portal.province_area")
def miit_document(request, pk):
    application = _inbox_application(request, pk)
    outcome = MiitOutcome.objects.filter(application=application).first()
    if outcome is None or not outcome.document_file:
        raise Http404
    return FileResponse(outcome.document_file.open("rb"), as_attachment=True,
                        filename=f"{outcome.document_number}.pdf", content_type="application/pdf")


# --- the rubric (admins) ---------------------------------------------------------------------------

@permission_required("portal.province_area")
@require_http_methods(["GET", "POST"])
def rubric(request):
    """The scoring rubric per tier. Provincial officers read it; admins edit it."""
    tiers = Tier.objects.exclude(authority=Authority.CITY)
    tier = tiers.filter(pk=int_param(request, "tier", default=0)).first() or tiers.first()
    can_edit = rules.has_perm("review.manage_rubric", request.user)
    queryset = RubricCriterion.objects.filter(tier=tier).select_related("segment").order_by("order", "pk")
    formset = forms.RubricFormSet(request.POST or None, queryset=queryset, prefix="criteria")
    if request.method == "POST":
        if not can_edit:
            raise Http404
        try:
            if request.POST.get("load_defaults"):
                made = services.load_default_rubric(tier, actor=request.user)
                messages.success(request, _("%(n)s default criteria loaded.") % {"n": made})
                return redirect(f"{request.path}?tier={tier.pk}")
            if formset.is_valid():
                changed = services.save_rubric(tier, actor=request.user, criteria=[
                    (form.instance if form.instance.pk else None, form.cleaned_data)
                    for form in formset.forms if form.has_changed()])
                messages.success(request, _("%(n)s criteria saved.") % {"n": changed})
                return redirect(f"{request.path}?tier={tier.pk}")
            messages.error(request, _("Some criteria are not valid; see below."))
        except ActionRefused as exc:
            messages.error(request, exc.message)
    active = [c for c in queryset if c.active]
    return render(request, "review/province/rubric.html", {
        "tiers": tiers, "tier": tier, "formset": formset, "criteria": list(queryset), "can_edit": can_edit,
        "weight_sum": sum(c.weight for c in active), "panel_default": services.default_panel_size(),
    })


# --- public ----------------------------------------------------------------------------------------

def _public_notice_list(notices_qs):
    """The public notices as the public page shows them: one row per listed enterprise, nothing more (no
    credit code, status, score, expert or objection)."""
    headers = [_("Notice"), _("Round"), _("Starts on"), _("Ends on"), _("Enterprise"), _("City"), _("Tier"),
               _("Scenarios (segment)")]
    rows = ([notice.display_title, notice.round.display_name, notice.starts_on, notice.ends_on, entry.application.enterprise.name,
             entry.application.enterprise.city.name, entry.application.tier.name,
             "；".join(f"{s.name}（{s.segment.name}）" for s in entry.application.scenarios.all())
             if entry.application.is_scenario_award else ""]
            for notice in notices_qs.order_by("-starts_on", "-pk") for entry in notice.entries.all())
    return xlsx_response(filename="public-notices", headers=headers, rows=rows, sheet_title=_("Public notices"))


def public_notices_view(request):
    """Current and past public notices (公示), for everyone, without logging in: enterprises, tier, city.

    Never shows scores, experts or objections.
    """
    today = timezone.localdate()
    notices_qs = public_notices(today)
    if request.GET.get("export") == "xlsx":
        return _public_notice_list(notices_qs)
    current = [n for n in notices_qs if n.ends_on >= today]
    past = Paginator([n for n in notices_qs if n.ends_on < today], 10).get_page(request.GET.get("page"))
    return render(request, "review/public/notices.html", {"current": current, "past": past, "today": today,
                                                          "notice_days": notice_working_days()})
