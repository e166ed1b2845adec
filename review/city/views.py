"""The city bureau's pages: its queue, its recommendations, the confirm pages of its transitions, its
filings; and the province's filings list (Art. 11-13).

Objects come through selectors scoped to the user, so another city's application or filing is a 404.
State changes are POSTs that call ``city_services``; a refusal is shown with what was typed kept.
The pre-screen itself (pass, reject, return) uses the applications app's generic confirm page.
"""
import rules
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import workflow
from applications.actions import APPLICATION_ACTIONS
from applications.constants import Status
from applications.models import section_label
from applications.selectors import applications_visible_to
from portal.audit import audit_trail
from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.params import choice_param, remembered_id
from portal.paths import pk_path
from portal.rendering import RenderStatus
from portal.storage import private_download
from review.models import FilingStatus
from tiers.constants import TierCode
from tiers.models import Round, Tier, scenario_label
from tiers.titles.constants import TitleStatus, Validity

from . import documents as city_documents
from . import quota as city_quota
from . import selectors, services
from .filters import FilingFilter, QueueFilter
from .forms import (
    FilingAcknowledgeForm,
    FilingQueryForm,
    FilingReplyForm,
    LetterForm,
    RankingForm,
    RecognizeForm,
    WithdrawRecommendationForm,
)
from .workflow import letter_refusal

# --- the queue -------------------------------------------------------------------------------------

def _last_decision(app):
    return app.decisions[0] if getattr(app, "decisions", None) else None


@permission_required("portal.city_area")
@require_GET
def city_queue(request):
    """The city's applications: by default those awaiting the pre-screen, oldest submission first."""
    data = request.GET.copy()
    if not set(data) - {"export", "page"}:
        data["status"] = "submitted"
    if not data.get("ordering"):
        data["ordering"] = "submitted"
    filterset = QueueFilter(data, queryset=selectors.city_queue(request.user), city=request.user.city)
    applications = filterset.qs
    if request.GET.get("export") == "xlsx":
        return _queue_export(applications)
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    for app in page.object_list:
        app.last_decision = _last_decision(app)
    return render(request, "review/city/queue.html", {"filter": filterset, "page": page,
                                                      "total": page.paginator.count})


def _queue_export(applications):
    headers = [_("Enterprise"), _("Unified social credit code"), _("District or county"), _("Tier"), _("Round"),
               _("Status"), _("Version"), _("Submitted"), _("Rank"), _("Pre-screen decision"), _("Decided by"),
               _("Decided at"), _("Reasons")]
    rows = []
    for app in applications:
        decision = _last_decision(app)
        ranking = getattr(app, "city_ranking", None)
        rows.append([
            app.enterprise.name, app.enterprise.credit_code, app.enterprise.district, app.tier.name, app.round.display_name,
            app.get_status_display(), app.current_version, app.submitted_at, ranking.rank if ranking else None,
            decision.get_outcome_display() if decision else "", str(decision.decided_by) if decision else "",
            decision.decided_at if decision else None, decision.reasons if decision else "",
        ])
    return xlsx_response(filename="city-queue", headers=headers, rows=rows, sheet_title=str(_("Screening queue")))


# --- recommendations ----------------------------------------------------------------------------------

def _round_and_tier(request, round_id, tier_code):
    round_ = get_object_or_404(Round, pk=round_id)
    tier = get_object_or_404(Tier, code=tier_code)
    if tier.code == TierCode.BASIC:
        raise Http404
    return round_, tier


def _recommendations_url(round_id=None, tier_code=None):
    """The recommendations page on ``round_id`` (the round the official was working in), at the group."""
    url = reverse("review:city_recommendations")
    if round_id:
        url += f"?round={round_id}"
    if round_id and tier_code:
        url += f"#group-{round_id}-{tier_code}"
    return url


@permission_required("portal.city_area")
@require_GET
def city_recommendations(request):
    """Per round and tier: the quota (final, used, remaining), the city's ranked passed and recommended
    applications with recommend and withdraw buttons, and what the province has taken on."""
    return _recommendations_page(request)


# The round the official last chose on the recommendations page (``portal.params.remembered_id``).
ROUND_KEY = "review.city.recommendations.round"


def _recommendations_page(request, *, bound=None, round_id=None):
    """The recommendations page on ``round_id``, else the round chosen or last chosen, else the newest with
    the city's work; ``bound`` is a ranking form to show again with what was typed."""
    rounds = selectors.rounds_of_city(request.user)
    if round_id is None:
        round_id = remembered_id(request, "round", key=ROUND_KEY, valid=lambda pk: rounds.filter(pk=pk).exists())
    if round_id is None:
        # One round at a time (the page grew with every year's rounds): the newest with the city's work to
        # recommend, not its own basic round, which its bureau recognizes instead (Art. 11).
        round_id = selectors.rounds_to_recommend_in(request.user).values_list("pk", flat=True).first()
        round_id = round_id or rounds.values_list("pk", flat=True).first()
    tier_code = choice_param(request, "tier", TierCode.values)
    groups = selectors.recommendation_groups(request.user, round_id=round_id, tier_code=tier_code)
    detail, recommend = pk_path("applications:detail"), pk_path("review:city_recommend")
    withdraw = pk_path("review:city_withdraw_recommendation")
    for group in groups:
        if bound is not None and bound.prefix == group.key:
            group.ranking_form = bound
        else:
            group.ranking_form = RankingForm(applications=group.ranked, prefix=group.key)
        group.letter_form = LetterForm(prefix=group.key)
        # The rules the recommendation's checks ask, on the group's figures: its buttons are disabled with why.
        group.recommend_refusal = (city_quota.quota_refusal(tier=group.tier, quota=group.quota, used=group.used)
                                   or letter_refusal(tier=group.tier, has_letter=group.letter is not None))
        for app in group.ranked:
            app.rank_field = group.ranking_form[f"rank_{app.pk}"]
            app.can_recommend = app.status == Status.CITY_PASSED and rules.has_perm("review.recommend", request.user, app)
            app.can_withdraw = app.status == Status.RECOMMENDED and rules.has_perm("review.withdraw_recommendation", request.user, app)
            app.detail_url, app.recommend_url, app.withdraw_url = detail(app.pk), recommend(app.pk), withdraw(app.pk)
        for app in group.sent_on:
            app.detail_url = detail(app.pk)
    city_documents.latest_documents(request.user, groups)
    return render(request, "review/city/recommendations.html", {
        "groups": groups, "rounds": rounds,
        "tiers": Tier.objects.exclude(code=TierCode.BASIC), "round_id": str(round_id or ""), "tier_code": tier_code,
    })


@permission_required("portal.city_area")
@require_POST
def city_rank(request, round_id, tier_code):
    """Save the city's order of its working list for one round and tier. Invalid ranks are shown again
    as typed; a list that changed meanwhile is shown as it is now."""
    round_, tier = _round_and_tier(request, round_id, tier_code)
    listed = selectors.ranked_working_list(request.user, round=round_, tier=tier)
    form = RankingForm(request.POST, applications=listed, prefix=f"{round_.pk}-{tier.code}")
    if not form.is_valid():
        messages.error(request, _("Give every application a rank of 1 or more."))
        return _recommendations_page(request, bound=form, round_id=round_.pk)
    try:
        changed = services.rank(city=request.user.city, round=round_, tier=tier,
                                ordered=form.cleaned_data["ordered"], actor=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The order is saved.") if changed else _("The order is unchanged."))
    return redirect(_recommendations_url(round_.pk, tier.code))


@permission_required("portal.city_area")
@require_POST
def city_letter_upload(request, round_id, tier_code):
    round_, tier = _round_and_tier(request, round_id, tier_code)
    form = LetterForm(request.POST, request.FILES, prefix=f"{round_.pk}-{tier.code}")
    if not form.is_valid():
        messages.error(request, _("Choose the letter's PDF file."))
    else:
        try:
            services.upload_letter(city=request.user.city, round=round_, tier=tier,
                                   uploaded=form.cleaned_data["letter"], actor=request.user)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The recommendation letter is uploaded."))
    return redirect(_recommendations_url(round_.pk, tier.code))


@permission_required("portal.city_area")
@require_POST
def city_documents_request(request, round_id, tier_code):
    """Print the recommendation letter and summary table of one round and tier for the bureau's stamp."""
    round_, tier = _round_and_tier(request, round_id, tier_code)
    try:
        city_documents.request_city_documents(city=request.user.city, round=round_, tier=tier, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The letter and the summary table are being printed; reload the page in a moment."))
    return redirect(_recommendations_url(round_.pk, tier.code))


@permission_required("portal.officials_area")
@require_GET
def city_document_download(request, pk):
    """A printed letter or summary table: to its city's officials, the province and admins."""
    document = get_object_or_404(selectors.city_documents_visible_to(request.user).filter(status=RenderStatus.READY), pk=pk)
    return private_download(document.file, filename=document.filename, content_type="application/pdf")


@permission_required("portal.officials_area")
@require_GET
def letter_download(request, pk):
    letter = get_object_or_404(selectors.letters_visible_to(request.user), pk=pk)
    return private_download(letter.file, filename=letter.original_name, content_type="application/pdf")


@permission_required("portal.city_area")
@require_GET
def city_summary_export(request, round_id, tier_code):
    """The recommendation summary table (推荐汇总表) of one round and tier, as Excel, as the city hands it
    on: its quota above the table (the places set, used and left, Art. 12), then what it recommended in
    its rank order, each with the typical scenarios it names and their segments. A round and tier in
    which the official's city has neither a quota nor a recommendation is not there (404)."""
    round_, tier = _round_and_tier(request, round_id, tier_code)
    city = request.user.city
    apps = selectors.summary_rows(request.user, round=round_, tier=tier)
    standing = city_quota.standing(round=round_, tier=tier, city=city)
    if standing.quota is None and not apps:
        raise Http404
    preamble = [
        (_("City"), city.name), (_("Round"), round_.display_name), (_("Tier"), tier.name),
        (_("Quota"), standing.final if standing.quota else str(_("Not set"))),
        (_("Places used"), standing.used),
        (_("Places left"), standing.remaining if standing.quota else ""),
    ]
    headers = [_("Rank"), _("Enterprise"), _("Unified social credit code"), _("City"), _("District or county"),
               _("Industry"), _("Tier"), _("Maturity level"), _("Segments covered"), _("Scenarios (segment)"),
               _("Contact person"), _("Contact phone"), _("Submitted"), _("Status")]
    rows = []
    for app in apps:
        ranking = getattr(app, "city_ranking", None)
        covered = "; ".join(str(section_label(f"segment_{s.segment.code}")) for s in app.segments.all() if s.is_covered)
        rows.append([
            ranking.rank if ranking else None, app.enterprise.name, app.enterprise.credit_code, app.enterprise.city.name,
            app.enterprise.district, app.enterprise.get_industry_display(), app.tier.name,
            app.get_maturity_level_display() if app.maturity_level else "", covered,
            scenario_label(app.named_scenarios()), app.enterprise.contact_name, app.enterprise.contact_phone,
            app.submitted_at, app.get_status_display(),
        ])
    return xlsx_response(filename=f"recommendation-summary-{round_.pk}-{tier.code}", headers=headers, rows=rows,
                         sheet_title=str(_("Recommendation summary")), preamble=preamble)


# --- confirm pages of the city's transitions ---------------------------------------------------------

def _application(request, pk):
    return get_object_or_404(applications_visible_to(request.user), pk=pk)


def _transition_page(request, pk, *, name, template, form_class, perform, success_url, context=None):
    """GET: the confirm page; POST: the transition through its service; a refusal keeps what was typed."""
    application = _application(request, pk)
    transition = APPLICATION_ACTIONS.get(name)
    if name not in {t.name for t in workflow.APPLICATION.available(application, request.user)}:
        messages.error(request, _("“%(action)s” is not possible on this application now.")
                       % {"action": transition.label})
        return redirect("applications:detail", application.pk)
    form = form_class(request.POST or None, application=application) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            perform(application, form.cleaned_data if form else {})
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, transition.done_label)
            return redirect(success_url(application))
    # Why the step would be refused now (its transition's checks: the quota, the letter): the confirm
    # button is disabled with it; a POST is still refused by the same checks.
    return render(request, template, {"application": application, "transition": transition, "form": form,
                                      "not_yet": APPLICATION_ACTIONS.not_yet(application, name),
                                      **(context(application) if context else {})})


def _quota_context(application):
    standing = city_quota.standing(round=application.round, tier=application.tier, city=application.city)
    prerequisite = application.tier.prerequisite
    return {
        "quota": standing.quota, "used": standing.used, "remaining": standing.remaining,
        "quota_required": application.tier.code in city_quota.QUOTA_REQUIRED,
        "ranking": getattr(application, "city_ranking", None),
        "prerequisite": prerequisite,
        "prerequisite_titles": application.enterprise.titles.filter(tier=prerequisite, status=TitleStatus.ACTIVE)
        if prerequisite else [],
    }


@permission_required("portal.city_area")
@require_http_methods(["GET", "POST"])
def city_recognize(request, pk):
    return _transition_page(
        request, pk, name="city_recognize", template="review/city/recognize_confirm.html", form_class=RecognizeForm,
        perform=lambda app, data: services.recognize(app, actor=request.user, document=data.get("document", "")),
        success_url=lambda app: reverse("applications:detail", args=[app.pk]),
    )


@permission_required("portal.city_area")
@require_http_methods(["GET", "POST"])
def city_recommend(request, pk):
    return _transition_page(
        request, pk, name="recommend", template="review/city/recommend_confirm.html", form_class=None,
        perform=lambda app, data: services.recommend(app, actor=request.user),
        success_url=lambda app: _recommendations_url(app.round_id, app.tier.code), context=_quota_context,
    )


@permission_required("portal.city_area")
@require_http_methods(["GET", "POST"])
def city_withdraw_recommendation(request, pk):
    return _transition_page(
        request, pk, name="withdraw_recommendation", template="review/city/recommend_confirm.html",
        form_class=WithdrawRecommendationForm,
        perform=lambda app, data: services.withdraw_recommendation(app, actor=request.user, reason=data["reason"]),
        success_url=lambda app: _recommendations_url(app.round_id, app.tier.code), context=_quota_context,
    )


# --- filings -----------------------------------------------------------------------------------------

@permission_required("portal.province_area")
@require_GET
def filings(request):
    """The province's list of every city's filed basic recognitions (Art. 11), filterable by city, status
    and "waiting more than a week"."""
    base = selectors.filings_visible_to(request.user)
    filterset = FilingFilter(request.GET or None, queryset=base)
    qs = _filtered(filterset)
    if request.GET.get("export") == "xlsx":
        return _filings_export(qs)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    counts = {s: base.filter(status=s).count() for s in FilingStatus.values}
    return render(request, "review/city/filings.html", {"filter": filterset, "page": page, "counts": counts,
                                                        "province": True})


@permission_required("portal.city_area")
@require_GET
def city_filings(request):
    """The city's own filings, queried ones first: the province's queries wait for its answer; filterable
    by status and "waiting more than a week"."""
    base = selectors.filings_visible_to(request.user).order_by("-status", "-filed_at")  # queried > filed > ack.
    filterset = FilingFilter(request.GET or None, queryset=base, show_city=False)
    qs = _filtered(filterset)
    if request.GET.get("export") == "xlsx":
        return _filings_export(qs)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "review/city/filings.html", {"filter": filterset, "page": page, "province": False})


def _filtered(filterset):
    """The filterset's rows; a value no filter takes (a status that does not exist) is a 400."""
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest("filings filter")
    return filterset.qs if filterset.is_bound else filterset.queryset


def _filings_export(qs):
    headers = [_("City"), _("Enterprise"), _("Unified social credit code"), _("Tier"), _("Year"), _("Filed at"),
               _("Times filed"), _("Status"), _("Province's response"), _("City's reply")]
    rows = ([f.city.name, f.title.enterprise_name, f.application.enterprise.credit_code, f.title.tier.name,
             f.title.year, f.filed_at, f.times_filed, f.get_status_display(), f.response, f.reply] for f in qs)
    return xlsx_response(filename="filings", headers=headers, rows=rows, sheet_title=str(_("Filings")))


FILING_VERBS = {
    "review.filing_filed": gettext_lazy("Recognized and filed with the province"),
    "review.filing_acknowledged": gettext_lazy("Acknowledged by the province"),
    "review.filing_queried": gettext_lazy("Queried by the province"),
    "review.filing_refiled": gettext_lazy("Answered and filed again by the city"),
}


def _filing_page(request, filing, *, query_form=None, acknowledge_form=None, reply_form=None, status=200):
    user = request.user
    can_respond = filing.status == FilingStatus.FILED and rules.has_perm("review.respond_to_filing", user, filing)
    can_refile = filing.status == FilingStatus.QUERIED and rules.has_perm("review.refile", user, filing)
    return render(request, "review/city/filing_detail.html", {
        "filing": filing,
        "history": [(row, FILING_VERBS.get(row.verb, row.verb)) for row in audit_trail(filing)],
        "can_respond": can_respond, "can_refile": can_refile,
        "query_form": query_form or FilingQueryForm(), "acknowledge_form": acknowledge_form or FilingAcknowledgeForm(),
        "reply_form": reply_form or FilingReplyForm(), "certificate": filing.title.certificates.exclude(
            validity=Validity.SUPERSEDED).first(),
    }, status=status)


@permission_required("portal.officials_area")
@require_GET
def filing_detail(request, pk):
    filing = get_object_or_404(selectors.filings_visible_to(request.user), pk=pk)
    if not rules.has_perm("review.view_filing", request.user, filing):
        raise Http404
    return _filing_page(request, filing)


def _filing_action(request, pk, form_class, form_name, act, done):
    filing = get_object_or_404(selectors.filings_visible_to(request.user), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(filing, form.cleaned_data)
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
            return redirect("review:filing_detail", filing.pk)
    filing.refresh_from_db()
    return _filing_page(request, filing, **{form_name: form})


@permission_required("portal.province_area")
@require_POST
def filing_acknowledge(request, pk):
    return _filing_action(request, pk, FilingAcknowledgeForm, "acknowledge_form",
                          lambda f, d: services.acknowledge_filing(f, actor=request.user, note=d["note"]),
                          _("The filing is acknowledged."))


@permission_required("portal.province_area")
@require_POST
def filing_query(request, pk):
    return _filing_action(request, pk, FilingQueryForm, "query_form",
                          lambda f, d: services.query_filing(f, actor=request.user, reason=d["reason"]),
                          _("The query is sent to the city."))


@permission_required("portal.city_area")
@require_POST
def filing_refile(request, pk):
    return _filing_action(request, pk, FilingReplyForm, "reply_form",
                          lambda f, d: services.refile(f, actor=request.user, reply=d["reply"]),
                          _("Your answer is sent and the recognition is filed again."))
