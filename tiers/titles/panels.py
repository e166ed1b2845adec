"""Landing-page panels of titles: certificates, and renames (Art. 16) — the enterprise's requests under
way, the city's requests to handle, the province's requests to decide and filings to acknowledge."""
from portal.accounts.constants import Role
from portal.dashboards import register_panel

from . import selectors
from .constants import RENAME_OPEN_STATUSES, RenameRoute, RenameStatus, RenderStatus
from .models import Title
from .renames import titles_open_for_rename
from .selectors import certificates_visible_to


@register_panel(Role.ENTERPRISE, order=50)
def enterprise_certificates(request):
    """The enterprise's certificates, with their state and download links."""
    certificates = certificates_visible_to(request.user).order_by("-issued_on", "-pk")
    return {"template": "titles/_panel_enterprise_certificates.html", "certificates": certificates}


@register_panel(Role.ADMIN, order=50)
def certificate_render_queue(request):
    """Certificates that are not ready, so an admin notices a stuck render."""
    qs = certificates_visible_to(request.user)
    return {
        "template": "titles/_panel_admin_certificates.html",
        "failed": qs.filter(status=RenderStatus.FAILED).count(),
        "pending": qs.filter(status=RenderStatus.PENDING).count(),
    }



@register_panel(Role.ENTERPRISE, order=30)
def enterprise_renames_panel(request):
    """The enterprise's rename requests under way, and whether it can ask for one."""
    enterprise = request.user.enterprise
    if enterprise is None:
        return None
    open_requests = list(selectors.rename_requests_visible_to(request.user)
                         .filter(status__in=RENAME_OPEN_STATUSES).order_by("-requested_at")[:10])
    can_request = titles_open_for_rename(enterprise).exists()
    if not open_requests and not can_request:
        return None
    return {"template": "titles/_panel_enterprise_renames.html", "requests": open_requests,
            "can_request": can_request}


@register_panel(Role.CITY_OFFICIAL, order=30)
def city_renames_panel(request):
    """Rename requests of the city's enterprises waiting for the city bureau."""
    qs = selectors.rename_requests_visible_to(request.user).filter(status=RenameStatus.SUBMITTED)
    return {"template": "titles/_panel_city_renames.html", "count": qs.count(),
            "requests": list(qs.order_by("requested_at")[:5])}


@register_panel(Role.PROVINCIAL_OFFICER, order=30)
def province_renames_panel(request):
    """Forwarded rename requests to decide, and basic renames the cities filed that are not acknowledged."""
    qs = selectors.rename_requests_visible_to(request.user)
    to_decide = qs.filter(status=RenameStatus.CITY_FORWARDED)
    filings = qs.filter(route=RenameRoute.CITY, status=RenameStatus.CITY_APPROVED, filing_acknowledged_at__isnull=True)
    return {"template": "titles/_panel_province_renames.html",
            "decide_count": to_decide.count(), "requests": list(to_decide.order_by("requested_at")[:5]),
            "filings_count": filings.count()}


# --- life after recognition (Art. 15) -----------------------------------------------------------------

@register_panel(Role.ENTERPRISE, order=20)
def enterprise_titles_panel(request):
    """The enterprise's titles with their state, its evaluations under way and open revocation cases,
    each with the deadline it has."""
    from .constants import CASE_OPEN_STATUSES, EVALUATION_OPEN_STATUSES
    from .monitoring import evaluations_visible_to
    from .revocation import cases_visible_to

    if request.user.enterprise_id is None:
        return None
    titles = list(Title.objects.filter(enterprise_id=request.user.enterprise_id).select_related("tier")
                  .order_by("-recognized_on", "-pk"))
    evaluations = list(evaluations_visible_to(request.user).filter(status__in=EVALUATION_OPEN_STATUSES)
                       .order_by("report_due"))
    cases = list(cases_visible_to(request.user).filter(status__in=CASE_OPEN_STATUSES).order_by("statement_due"))
    if not (titles or evaluations or cases):
        return None
    return {"template": "titles/_panel_enterprise_titles.html", "titles": titles, "evaluations": evaluations,
            "cases": cases}


def _aftercare_panel(request):
    from .monitoring import evaluations_to_handle
    from .revocation import cases_to_handle

    evaluations = evaluations_to_handle(request.user)
    cases = cases_to_handle(request.user)
    return {"template": "titles/_panel_aftercare.html", **evaluations, **cases}


register_panel(Role.CITY_OFFICIAL, order=35)(_aftercare_panel)
register_panel(Role.PROVINCIAL_OFFICER, order=35)(_aftercare_panel)
