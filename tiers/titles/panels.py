"""Landing-page panels of titles: certificates, and renames (Art. 16) — the enterprise's requests under
way, the city's requests to handle, the province's requests to decide and filings to acknowledge."""
from portal.accounts.constants import Role
from portal.dashboards import register_panel

from . import selectors
from .constants import RENAME_OPEN_STATUSES, RenameRoute, RenameStatus, RenderStatus
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
