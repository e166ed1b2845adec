"""The city bureau's own basic rounds (Art. 4, 11) and the province's calendar for them.
Every write goes through ``tiers.city_rounds``."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response
from portal.params import int_param

from . import city_rounds
from .forms import CityRoundCalendarForm, CityRoundForm
from .models import CityRoundCalendar, Round
from .rounds import measures_end_date

PAGE_SIZE = 50


def _windows():
    """(year, its calendar or None) for this year and the next: what the city's pages show."""
    year = timezone.localdate().year
    calendars = {c.year: c for c in CityRoundCalendar.objects.filter(year__in=[year, year + 1])}
    return [(y, calendars.get(y)) for y in (year, year + 1)]


@permission_required("tiers.city_rounds_area")
def city_round_list(request):
    """The city's own basic rounds, and the province's rounds the city takes part in (read only)."""
    city = request.user.city
    rounds = (Round.objects.filter(Q(organiser=city) | Q(organiser__isnull=True, cities=city)).distinct()
              .select_related("organiser").prefetch_related("tiers").order_by("-year", "-opens_at", "-pk"))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="city-rounds", sheet_title=str(_("Rounds of my city")),
            headers=[_("Round"), _("Run by"), _("Year"), _("Opens"), _("Closes"), _("Open tiers")],
            rows=([r.display_name, r.organiser.name if r.organiser_id else _("The provincial department"), r.year,
                   r.opens_at, r.closes_at, "、".join(t.name for t in r.tiers.all())] for r in rounds))
    return render(request, "tiers/city_rounds.html", {
        "page": Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page")), "city": city,
        "windows": _windows(), "measures_end": measures_end_date(),
    })


def _city_round_form(request, round=None):
    form = CityRoundForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("year", "name", "name_en", "opens_at", "closes_at", "note")}
        try:
            if round is None:
                round = city_rounds.create_city_round(city=request.user.city, **data, acting_user=request.user)
                messages.success(request, _("The round “%(name)s” is opened for the basic tier.") % {"name": round.display_name})
            else:
                round = city_rounds.update_city_round(round, **data, acting_user=request.user)
                messages.success(request, _("The round “%(name)s” is saved.") % {"name": round.display_name})
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            return redirect("tiers:city_rounds")
    elif request.method == "POST":
        messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    return render(request, "tiers/city_round_form.html", {
        "form": form, "round": round, "windows": _windows(), "measures_end": measures_end_date(),
    })


@permission_required("tiers.city_rounds_area")
def city_round_create(request):
    return _city_round_form(request)


@permission_required("tiers.city_rounds_area")
def city_round_edit(request, pk):
    # Another city's round, or the province's, is not this bureau's to see here: 404.
    return _city_round_form(request, get_object_or_404(Round, pk=pk, organiser=request.user.city))


@permission_required("tiers.manage_rounds")
def calendar(request):
    """The province's calendar of the cities' basic rounds: one window per year (``?year=`` chooses the
    window to change; the export is every window)."""
    calendars = CityRoundCalendar.objects.select_related("set_by")
    if request.method == "GET" and request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename="city-round-calendar", sheet_title=str(_("Calendar")),
            headers=[_("Year"), _("City rounds open from"), _("City rounds close by"), _("Note"), _("Set by"),
                     _("Set at")],
            rows=([c.year, c.opens_on, c.closes_on, c.note, str(c.set_by), c.set_at] for c in calendars))
    year = int_param(request, "year")
    current = CityRoundCalendar.objects.filter(year=year).first() if year else None
    initial = ({"year": current.year, "opens_on": current.opens_on, "closes_on": current.closes_on,
                "note": current.note} if current else {"year": year or timezone.localdate().year})
    form = CityRoundCalendarForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = city_rounds.set_calendar(**form.cleaned_data, acting_user=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The calendar of %(year)s is set.") % {"year": saved.year})
            return redirect("tiers:city_round_calendar")
    elif request.method == "POST":
        messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    return render(request, "tiers/city_round_calendar.html", {
        "form": form, "calendars": calendars,
        "measures_end": measures_end_date(),
    })
