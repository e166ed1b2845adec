"""The city bureau's landing panel: what waits for it (Art. 11-12)."""
from django.db.models import Count, Q

from applications.constants import Status
from applications.selectors import applications_visible_to
from portal.accounts.constants import Role
from portal.dashboards import register_panel
from review.models import FilingStatus
from tiers.constants import TierCode
from tiers.models import CityQuota
from tiers.quotas import annotate_used
from tiers.rounds import open_rounds

from .selectors import filings_visible_to


@register_panel(Role.CITY_OFFICIAL, order=20)
def city_work_panel(request):
    """Counts awaiting pre-screen, passed awaiting recognition or recommendation, quota left, queried filings."""
    user = request.user
    basic = Q(tier__code=TierCode.BASIC)
    counts = applications_visible_to(user).aggregate(
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        to_recognize=Count("pk", filter=Q(status=Status.CITY_PASSED) & basic),
        to_recommend=Count("pk", filter=Q(status=Status.CITY_PASSED) & ~basic),
    )
    # The quotas of the open rounds with the places used, counted in one query: the applications
    # themselves are the recommendations page's business, not the landing page's.
    quotas = annotate_used(CityQuota.objects.filter(city_id=user.city_id, plan__round__in=open_rounds())
                           .select_related("plan__round", "plan__tier")
                           .order_by("-plan__round__year", "plan__tier__order"))
    return {
        "template": "review/city/_panel.html", **counts, "quotas": quotas,
        "queried": filings_visible_to(user).filter(status=FilingStatus.QUERIED).count(),
    }


@register_panel(Role.PROVINCIAL_OFFICER, order=20)
def province_filings_panel(request):
    """The province's side of Art. 11: basic recognitions filed by the cities, waiting to be acknowledged."""
    counts = dict(filings_visible_to(request.user).values_list("status").annotate(n=Count("pk"))
                  .values_list("status", "n"))
    return {
        "template": "review/city/_panel_province_filings.html",
        "waiting": counts.get(FilingStatus.FILED, 0),
        "queried": counts.get(FilingStatus.QUERIED, 0),
    }
