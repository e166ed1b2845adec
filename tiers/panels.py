"""Landing-page panels of the rule book: open rounds for admins, the city's quotas for city officials."""
from . import quotas, selectors
from .rounds import open_rounds


def open_rounds_panel(request):
    return {"template": "tiers/_panel_open_rounds.html", "rounds": list(open_rounds().prefetch_related("tiers"))}


def city_quota_panel(request):
    rows = quotas.annotate_used(selectors.city_quotas_visible_to(request.user).order_by(
        "-plan__round__year", "-plan__round__opens_at", "plan__tier__order")[:6])
    return {"template": "tiers/_panel_city_quota.html", "rows": rows}




