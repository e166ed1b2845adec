"""Landing-page panels: open rounds for admins, the city's quotas for city officials, and renames
(Art. 16): the enterprise's requests under way, the city's requests to handle, the province's requests
to decide and filings to acknowledge."""
from . import quotas, selectors
from .constants import RENAME_OPEN_STATUSES, RenameRoute, RenameStatus
from .rounds import open_rounds


def open_rounds_panel(request):
    return {"template": "tiers/_panel_open_rounds.html", "rounds": list(open_rounds().prefetch_related("tiers"))}


def city_quota_panel(request):
    rows = list(selectors.city_quotas_visible_to(request.user).order_by("-plan__round__year", "-plan__round__opens_at",
                                                                        "plan__tier__order")[:6])
    for row in rows:
        row.used = quotas.used_for(row)
    return {"template": "tiers/_panel_city_quota.html", "rows": rows}


# Titles after recognition (Art. 15, 16)

def enterprise_renames_panel(request):
    """The enterprise's rename requests under way, and whether it can ask for one."""
    from .renames import titles_open_for_rename

    enterprise = request.user.enterprise
    if enterprise is None:
        return None
    open_requests = list(selectors.rename_requests_visible_to(request.user)
                         .filter(status__in=RENAME_OPEN_STATUSES).order_by("-requested_at")[:10])
    can_request = titles_open_for_rename(enterprise).exists()
    if not open_requests and not can_request:
        return None
    return {"template": "tiers/titles/_panel_enterprise_renames.html", "requests": open_requests,
            "can_request": can_request}


def city_renames_panel(request):
    """Rename requests of the city's enterprises waiting for the city bureau."""
    qs = selectors.rename_requests_visible_to(request.user).filter(status=RenameStatus.SUBMITTED)
    return {"template": "tiers/titles/_panel_city_renames.html", "count": qs.count(),
            "requests": list(qs.order_by("requested_at")[:5])}


def province_renames_panel(request):
    """Forwarded rename requests to decide, and basic renames the cities filed that are not acknowledged."""
    qs = selectors.rename_requests_visible_to(request.user)
    to_decide = qs.filter(status=RenameStatus.CITY_FORWARDED)
    filings = qs.filter(route=RenameRoute.CITY, status=RenameStatus.CITY_APPROVED, filing_acknowledged_at__isnull=True)
    return {"template": "tiers/titles/_panel_province_renames.html",
            "decide_count": to_decide.count(), "requests": list(to_decide.order_by("requested_at")[:5]),
            "filings_count": filings.count()}
