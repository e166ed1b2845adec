"""The enterprise's application pages, and the pages reviewers share: detail, versions, evidence.

Objects come through ``selectors.applications_visible_to``: outside the user's scope is a 404.
Every state change is a POST that calls a service; a refusal is shown without losing what was typed.
"""
import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.params import ids
from portal.rendering import RenderStatus
from portal.storage import StorageUnavailable, private_download, try_again_later
from tiers.titles.models import Title

from . import documents, services, workflow
from .actions import APPLICATION_ACTIONS, ASSESSMENT_ACTIONS, actions_for
from .assessment import VERDICTS
from .constants import ASSESSMENT_REPORT, FINANCES, MATURITY, PLEDGE, DocumentKind, Status
from .content import application_content, blocking_issues, figures
from .diff import diff_snapshots
from .documents import documents_of
from .filters import ApplicationFilter
from .forms import NewApplicationForm, StampedScanForm
from .models import AssessmentCheck
from .selectors import applications_visible_to, attachments_visible_to, latest_return_comments, versions_of
from .steps import RULE_STEPS, initial_for, resume_step, step_states, steps_for
from .timeline import timeline_for


def visible_application(request, pk):
    """The application, when the selector scopes it to the user and the predicate agrees; else 404."""
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    if not rules.has_perm("applications.view_application", request.user, application):
        raise Http404
    return application


@login_required
def application_list(request):
    """The applications the user may see, newest first, filtered by round, tier, status, stage and city
    (what the dashboards' figures link to); a bad filter is a 400."""
    base = applications_visible_to(request.user).order_by("-updated_at", "-pk")
    show_city = rules.has_perm("portal.province_area", request.user)
    filterset = ApplicationFilter(request.GET or None, queryset=base, show_city=show_city)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("applications filter")
    applications = filterset.qs if filterset.is_bound else base
    if request.GET.get("export") == "xlsx" and rules.has_perm("portal.officials_area", request.user):
        return _list_export(applications)
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(request, "applications/list.html", {"applications": page.object_list, "page": page,
                                                      "filter": filterset, "query": query.urlencode()})


def _list_export(applications):
    """The list's current view (its filters, the reader's scope) as Excel, streamed a chunk at a time."""
    headers = [_("Enterprise"), _("Unified social credit code"), _("City"), _("Tier"), _("Round"), _("Status"),
               _("Version"), _("Submitted"), _("Updated")]
    rows = ((a.enterprise.name, a.enterprise.credit_code, a.enterprise.city.name, a.tier.name, a.round.display_name,
             a.get_status_display(), a.current_version, a.submitted_at, a.updated_at)
            for a in applications.iterator(chunk_size=500))
    return xlsx_response(filename="applications", headers=headers, rows=rows, sheet_title=_("Applications"))


@permission_required("portal.enterprise_area")
def application_new(request):
    enterprise = request.user.enterprise
    form = NewApplicationForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        round_, tier = form.cleaned_data["round_tier"]
        try:
            application = services.create_draft(enterprise=enterprise, round=round_, tier=tier, actor=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your draft is created. It is saved at every step."))
            return redirect("applications:step", application.pk, steps_for(application)[0].key)
    return render(request, "applications/new.html", {"form": form})


def _summary_context(application):
    segments = list(application.segments.select_related("segment").prefetch_related("scenarios"))
    attachments = list(application.active_attachments())
    by_section = {}
    for attachment in attachments:
        by_section.setdefault(attachment.section, []).append(attachment)
    return {"segments": segments, "attachments": attachments, "attachments_by_section": by_section}


@permission_required("portal.enterprise_area")
@require_http_methods(["GET", "POST"])
def application_step(request, pk, step):
    application = visible_application(request, pk)
    if not rules.has_perm("applications.edit_application", request.user, application):
        messages.info(request, _("This application is submitted and frozen; you can read it here."))
        return redirect("applications:detail", application.pk)
    steps = steps_for(application)
    keys = [s.key for s in steps]
    if step not in keys:
        raise Http404
    index = keys.index(step)
    current = steps[index]
    comments = latest_return_comments(application) if application.status == Status.RETURNED else {}
    context = {
        "application": application, "steps": steps, "step": current, "index": index,
        "previous": steps[index - 1] if index else None, "next": steps[index + 1] if index + 1 < len(steps) else None,
        "comments": comments, "section_comments": comments.get(current.section, []),
        "general_comments": comments.get("general", []),
        "states": step_states(application, steps, comments=comments),
    }
    if current.key == "review":
        context.update(_summary_context(application))
        submissions = [a for a in actions_for(application, request.user)
                       if a["transition"].name in ("submit", "resubmit")]
        # A submission refused now by its checks (the round not open yet, or closed) is listed with the
        # unmet rules, and its button is shown disabled with the same reason and date.
        context["issues"] = blocking_issues(application) + [
            {"code": "submission_window", "article": "", "message": a["not_yet"]} for a in submissions if a["not_yet"]]
        context["submissions"] = submissions
        context["content"] = application_content(application)
        return render(request, "applications/step_review.html", context)

    form = current.form(application, request.POST or None, request.FILES or None,
                        initial=initial_for(current, application))
    store_down = False
    if request.method == "POST" and form.is_valid():
        try:
            _save_step(request, application, current, form)
        except StorageUnavailable:
            store_down = True
            messages.error(request, _("The file store is unavailable at the moment, so the file was not uploaded. "
                                      "Everything else you typed is saved: choose the file again and upload it "
                                      "in a moment."))
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            if not form.errors:
                messages.success(request, _("Saved."))
                target = request.POST.get("goto")
                if target not in keys:
                    target = current.key
                return redirect("applications:step", application.pk, target)
    if request.method == "POST" and form.errors:
        messages.error(request, _("Some files were refused (see below); everything else you typed is saved."))
    by_section = {}
    for attachment in application.active_attachments():
        by_section.setdefault(attachment.section, []).append(attachment)
    if current.key == MATURITY:
        context["assessment_check"] = AssessmentCheck.objects.filter(application=application).select_related(
            "checked_by").first()
    context.update({
        "form": form, "requirement": current.requirement(application),
        # The unmet rules this step answers (RULE_STEPS), and what looks wrong without blocking.
        "step_issues": [issue for issue in blocking_issues(application) if RULE_STEPS.get(issue.code) == current.key],
        "warnings": figures(application)["warnings"] if current.key == FINANCES else [],
        "file_fields": {name: by_section.get(section, []) for name, section in form.file_sections.items()},
    })
    response = render(request, "applications/step.html", context)
    return try_again_later(response) if store_down else response


def _save_step(request, application, step, form):
    """Save the typed fields first, then each file: a refused file never costs the typed text."""
    user = request.user
    if step.segment is not None:
        services.save_segment(application, actor=user, segment=step.segment,
                              narrative=form.cleaned_data.get("narrative", ""),
                              scenarios=form.cleaned_data.get("scenarios") or [],
                              missing_justification=form.cleaned_data.get("missing_justification"))
    elif step.key == PLEDGE:
        if form.cleaned_data.get("accept") and not application.pledge_accepted_at:
            services.accept_pledge(application, actor=user)
    else:
        services.save_fields(application, actor=user, fields=form.model_fields(),
                             scenarios=form.cleaned_data.get("scenarios"))
        if hasattr(form, "financial_years"):
            services.save_financials(application, actor=user, years=form.financial_years())
        if hasattr(form, "indicator_values"):
            services.save_indicators(application, actor=user, indicators=form.indicator_values())
    for attachment in application.active_attachments().filter(pk__in=ids(request.POST.getlist("remove"))):
        services.remove_attachment(attachment, actor=user)
    for name, section in form.file_sections.items():
        uploaded = form.cleaned_data.get(name)
        if uploaded:
            try:
                services.add_attachment(application, actor=user, section=section, uploaded=uploaded)
            except StorageUnavailable:
                raise  # not this file's fault: the whole step answers "try again" (503)
            except ActionRefused as exc:
                form.add_error(name, exc.message)


def _documents_context(request, application):
    """The documents to sign and stamp, each generated PDF beside its stamped scan (``documents``)."""
    rows = documents_of(application)
    can_upload = rules.has_perm("applications.upload_stamped", request.user, application)
    for row in rows:
        row["form"] = StampedScanForm(prefix=row["kind"]) if can_upload else None
        generated = row["generated"]
        row["verify_url"] = (documents.verify_path(generated) if generated is not None
                             and generated.kind == DocumentKind.APPLICATION_FORM else None)
    return {
        "documents": rows,
        "can_prepare_documents": bool(rows) and rules.has_perm("applications.prepare_documents", request.user,
                                                               application)
        and any(r["generated"] is None or r["generated"].status == RenderStatus.FAILED for r in rows),
        "missing_stamped": [r["label"] for r in rows if r["stamped"] is None],
    }


@login_required
def application_detail(request, pk):
    application = visible_application(request, pk)
    context = {
        **_documents_context(request, application),
        "application": application,
        "actions": actions_for(application, request.user),
        "versions": versions_of(application),
        "comments": latest_return_comments(application),
        "timeline": timeline_for(application, detailed=True),
        "can_edit": rules.has_perm("applications.edit_application", request.user, application),
        "first_step": resume_step(application) if rules.has_perm("applications.edit_application", request.user,
                                                                 application) else steps_for(application)[0].key,
        **_summary_context(application),
    }
    return render(request, "applications/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transition(request, pk, name):
    """The confirm page of one transition (GET) and the transition itself (POST)."""
    application = visible_application(request, pk)
    declared, refusal = APPLICATION_ACTIONS.confirmable(application, name, request.user)
    if request.method == "GET" and refusal:
        messages.error(request, refusal)
        return redirect("applications:detail", application.pk)
    if request.method == "GET" and declared.confirm_url:
        return redirect(APPLICATION_ACTIONS.url(declared, application))
    form = declared.form_class(request.POST or None, application=application) if declared.form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            workflow.perform(application, name, actor=request.user, data=form.cleaned_data if form else {})
        except workflow.SubmissionBlocked as exc:
            messages.error(request, exc.message)
            return redirect("applications:step", application.pk, "review")
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, declared.done_label)
            return redirect("applications:detail", application.pk)
    return render(request, "applications/transition_confirm.html",
                  {"application": application, "transition": declared, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def check_assessment(request, pk, verdict):
    """The confirm page of an official's mark on the maturity assessment report (GET) and the mark (POST)."""
    application = visible_application(request, pk)
    if verdict not in VERDICTS:
        raise Http404
    check = AssessmentCheck.objects.filter(application=application).first() or AssessmentCheck(application=application)
    action, refusal = ASSESSMENT_ACTIONS.confirmable(check, verdict, request.user)
    if request.method == "GET" and refusal:
        messages.error(request, refusal)
        return redirect("applications:detail", application.pk)
    form = action.form_class(request.POST or None, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_assessment(application, verdict=verdict, actor=request.user,
                                      note=form.cleaned_data["note"])
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, action.done_label)
            return redirect("applications:detail", application.pk)
    return render(request, "applications/assessment_check.html",
                  {"application": application, "action": action, "form": form, "check": check,
                   "reports": application.active_attachments().filter(section=ASSESSMENT_REPORT)})


@login_required
def attachment_download(request, pk):
    """Evidence is served only here, to whoever may see its application; under its original name, cleaned
    (or "附件-<application>" when nothing safe is left of it)."""
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    if not rules.has_perm("applications.view_attachment", request.user, attachment):
        raise Http404
    return private_download(attachment.file, filename=attachment.display_name, content_type=attachment.content_type,
                            fallback=f"附件-{attachment.application_id}")


@login_required
def version_diff(request, pk, number):
    application = visible_application(request, pk)
    versions = {v.number: v for v in versions_of(application)}
    if number not in versions:
        raise Http404
    new = versions[number]
    old = versions.get(number - 1)
    rows = diff_snapshots(old.snapshot if old else {}, new.snapshot)
    return render(request, "applications/diff.html", {
        "application": application, "new": new, "old": old, "rows": rows,
        "changed_rows": [r for r in rows if r.changed], "show_all": request.GET.get("all") == "1",
        "comments": list(new.return_comments.select_related("author")) if old is None else
        list(old.return_comments.select_related("author")),
    })


def enterprise_titles(enterprise):
    return Title.objects.filter(enterprise=enterprise).select_related("tier")
