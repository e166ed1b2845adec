"""Filters of the officials' titles list (django-filter); the same query drives the page and the export."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import City
from tiers.constants import TierCode

from .constants import TitleStatus
from .models import Title


class TitleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Enterprise name or credit code"), method="search")
    city = django_filters.ModelChoiceFilter(
        label=_("City"), field_name="enterprise__city", queryset=City.objects.order_by("code"), to_field_name="code",
        empty_label=_("All cities"),
    )
    tier = django_filters.ChoiceFilter(label=_("Tier"), field_name="tier__code", choices=TierCode.choices,
                                       empty_label=_("All tiers"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TitleStatus.choices, empty_label=_("Any status"))

    class Meta:
        model = Title
        fields = ["q", "city", "tier", "year", "status"]

    def __init__(self, *args, show_city=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_city:
            # A city official sees only the city's titles; a city filter would only mislead.
            self.filters.pop("city")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(enterprise_name__icontains=value) | Q(enterprise__name__icontains=value)
            | Q(enterprise__credit_code=value.upper())
        )
