"""Filters of the public register (django-filter); the same query drives the page and the exports."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import City
from tiers.constants import TierCode
from tiers.titles.constants import TitleStatus
from tiers.titles.models import Title


class RegisterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Enterprise name or credit code"), method="search")
    city = django_filters.ModelChoiceFilter(
        label=_("City"), field_name="enterprise__city", queryset=City.objects.all(), to_field_name="code",
        empty_label=_("All cities"),
    )
    tier = django_filters.ChoiceFilter(label=_("Tier"), field_name="tier__code", choices=TierCode.choices,
                                       empty_label=_("All tiers"))
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TitleStatus.choices,
                                         empty_label=_("Any status"))

    class Meta:
        model = Title
        fields = ["q", "city", "tier", "year", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(enterprise_name__icontains=value) | Q(enterprise__name__icontains=value)
            | Q(enterprise__credit_code=value.upper())
        )
