"""Filters of the titles lists (django-filter): the officials' titles list (the same query drives the page
and the export), the annual reports, and an enterprise's rename requests."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import City
from tiers.constants import TierCode

from .constants import NOT_SUPERSEDED, RenameKind, RenameStatus, TitleStatus
from .models import AnnualReport, RenameRequest, Title


class CityYearFilter(django_filters.FilterSet):
    """The city and the year: the filters every list of titles, and of what titled enterprises file, has.
    A city official sees only the city's rows, so ``show_city=False`` drops the city (it would only mislead)."""

    city = django_filters.ModelChoiceFilter(
        label=_("City"), field_name="enterprise__city", queryset=City.objects.order_by("code"), to_field_name="code",
        empty_label=_("All cities"),
    )
    year = django_filters.NumberFilter(label=_("Year"))

    def __init__(self, *args, show_city=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_city:
            self.filters.pop("city")


class TitleFilter(CityYearFilter):
    q = django_filters.CharFilter(label=_("Enterprise name or credit code"), method="search")
    tier = django_filters.ChoiceFilter(label=_("Tier"), field_name="tier__code", choices=TierCode.choices,
                                       empty_label=_("All tiers"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("Any status"), method="filter_status",
        choices=[*TitleStatus.choices, (NOT_SUPERSEDED, _("Active or revoked (not superseded by a rename)"))])

    class Meta:
        model = Title
        fields = ["q", "city", "tier", "year", "status"]

    # The names ``q`` looks in (besides the exact credit code): the name recorded on the title and the
    # enterprise's name now.
    name_lookups = ("enterprise_name__icontains", "enterprise__name__icontains")

    def filter_status(self, queryset, name, value):
        if value == NOT_SUPERSEDED:
            return queryset.exclude(status=TitleStatus.SUPERSEDED)
        return queryset.filter(status=value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matches = Q(enterprise__credit_code=value.upper())
        for lookup in self.name_lookups:
            matches |= Q(**{lookup: value})
        return queryset.filter(matches)


class AnnualReportFilter(CityYearFilter):
    """The annual reports list (Art. 14): by year, and by city for the province."""

    class Meta:
        model = AnnualReport
        fields = ["year", "city"]


class RenameFilter(django_filters.FilterSet):
    """An enterprise's rename requests (Art. 16): by status and kind."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=RenameStatus.choices, empty_label=_("Any status"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RenameKind.choices, empty_label=_("Any kind"))

    class Meta:
        model = RenameRequest
        fields = ["status", "kind"]
