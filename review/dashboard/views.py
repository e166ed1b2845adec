"""The dashboard page: the province sees every city, a city official its own; ``?round=`` chooses the
round (remembered; default: the newest the role works in), ``?year=`` the titles' year. The figures are computed
by ``figures`` and drawn in the browser by static/js/dashboard.js (ECharts, the map of Shandong)."""
from django.core.exceptions import BadRequest
from django.shortcuts import render

from applications.models import Application
from portal.accounts.constants import Role
from portal.decorators import permission_required
from portal.params import int_param, remembered_id
from tiers.models import Round

from . import figures

# The round last chosen on the dashboard (``portal.params.remembered_id``).
ROUND_KEY = "review.dashboard.round"


def _scope(request):
    """The user's scope and round: ``?round=`` (remembered), else the round last chosen, else the newest the
    role works in: the province, the newest of its own rounds (not a city bureau's basic round, Art. 11);
    a city, the newest with its city's applications."""
    user = request.user
    city = user.city if user.role == Role.CITY_OFFICIAL else None
    rounds = list(Round.objects.order_by("-year", "-opens_at"))
    by_id = {r.pk: r for r in rounds}
    round_id = remembered_id(request, "round", key=ROUND_KEY, valid=lambda pk: pk in by_id)
    chosen = by_id.get(round_id) if round_id is not None else None
    if round_id is not None and chosen is None:
        raise BadRequest("round")
    if chosen is None and city is None:
        chosen = next((r for r in rounds if r.organiser_id is None), rounds[0] if rounds else None)
    elif chosen is None:
        # The newest round with the city's applications: one indexed EXISTS per round, newest first (a
        # handful), not a sort of every application by its round.
        scoped = Application.objects.filter(city=city)
        chosen = next((r for r in rounds if scoped.filter(round=r).exists()), rounds[0] if rounds else None)
    return figures.Scope(user=user, city=city, round=chosen, rounds=rounds)


@permission_required("portal.officials_area")
def dashboard(request):
    scope = _scope(request)
    year = int_param(request, "year")
    if year is not None and not 2000 <= year <= 2100:
        raise BadRequest("year")
    titles = figures.titles_by_city_and_tier(scope, year=year)
    map_figures = {"titles": {c["code"]: c["total"] for c in titles["cities"]}}
    map_urls = {"titles": {c["code"]: c["url"] for c in titles["cities"]}}
    if scope.is_province:
        map_figures["applications"] = figures.applications_by_city(scope)
        map_urls["applications"] = {
            c["code"]: figures.list_url("applications:list", round=scope.round.pk if scope.round else None,
                                    city=c["code"], stage="submitted") for c in titles["cities"]}
    data = {
        "status": figures.applications_by_tier_and_status(scope),
        "funnel": figures.funnel(scope),
        "quota": figures.quota_use(scope),
        "titles_by_year": figures.titles_by_year(scope),
        "map": {"figures": map_figures, "urls": map_urls, "city": scope.city.code if scope.city else None},
    }
    return render(request, "review/dashboard.html", {
        "scope": scope, "data": data, "titles": titles, "year": year,
        "progress": figures.review_progress(scope), "aftercare": figures.aftercare(scope),
    })
