"""Filters of the city's queue and of the province's filings list (django-filter); the same query drives
each page and its export."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.constants import Status
from applications.models import Application
from portal.accounts.models import City, Enterprise
from review.models import Filing, FilingStatus
from tiers.constants import TierCode
from tiers.models import Round

from .selectors import waiting_filings

DATE = forms.DateInput(attrs={"type": "date"})


class QueueFilter(django_filters.FilterSet):
    """The city's queue: tier, round, status, district, submitted between; sortable."""

    q = django_filters.CharFilter(label=_("Enterprise name or credit code"), method="search")
    tier = django_filters.ChoiceFilter(label=_("Tier"), field_name="tier__code", choices=TierCode.choices,
                                       empty_label=_("All tiers"))
    round = django_filters.ModelChoiceFilter(label=_("Round"), queryset=Round.objects.all(), empty_label=_("All rounds"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=[c for c in Status.choices if c[0] != Status.DRAFT],
                                         empty_label=_("Any status"))
    district = django_filters.ChoiceFilter(label=_("District or county"), field_name="enterprise__district",
                                           empty_label=_("All districts"))
    submitted_from = django_filters.DateFilter(label=_("Submitted from"), field_name="submitted_at",
                                               lookup_expr="date__gte", widget=DATE)
    submitted_until = django_filters.DateFilter(label=_("Submitted until"), field_name="submitted_at",
                                                lookup_expr="date__lte", widget=DATE)
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("submitted_at", "submitted"), ("enterprise__name", "enterprise"), ("tier__order", "tier"),
                ("round__opens_at", "round"), ("status", "status"), ("enterprise__district", "district")),
        field_labels={"submitted_at": _("submitted"), "enterprise__name": _("enterprise"), "tier__order": _("tier"),
                      "round__opens_at": _("round"), "status": _("status"), "enterprise__district": _("district")},
    )

    class Meta:
        model = Application
        fields = ["q", "tier", "round", "status", "district"]

    def __init__(self, *args, city, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices come from the small tables, not from the city's applications: the districts of the
        # city's registered enterprises (an index-only scan of (city, district)) and every round (a city
        # takes part in all of them). Read from the applications, the two lists cost 340 ms a page for
        # Qingdao at provincial scale.
        districts = (Enterprise.objects.filter(city=city).exclude(district="").order_by("district")
                     .values_list("district", flat=True).distinct())
        self.filters["district"].extra["choices"] = [(d, d) for d in districts]
        self.filters["round"].queryset = Round.objects.order_by("-year", "-opens_at")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code=value.strip().upper()))


class FilingFilter(django_filters.FilterSet):
    """The filings lists: by city (the province's), status and "waiting more than a week", newest first
    unless sorted otherwise. A city official sees only the city's filings, so ``show_city=False`` drops
    the city."""

    city = django_filters.ModelChoiceFilter(label=_("City"), queryset=City.objects.all(), to_field_name="code",
                                            empty_label=_("All cities"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=FilingStatus.choices, empty_label=_("Any status"))
    waiting = django_filters.BooleanFilter(label=_("Waiting more than a week"), method="filter_waiting",
                                           widget=forms.CheckboxInput)
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("filed_at", "filed"), ("city__code", "city"), ("status", "status")),
        field_labels={"filed_at": _("filed"), "city__code": _("city"), "status": _("status")},
    )

    class Meta:
        model = Filing
        fields = ["city", "status"]

    def __init__(self, *args, show_city=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_city:
            self.filters.pop("city")

    def filter_waiting(self, queryset, name, value):
        return waiting_filings(queryset) if value else queryset
