"""The filters of the round list (django-filter): who runs the round, its year, its tier."""
import django_filters
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import City

from .constants import TierCode
from .models import Round

PROVINCE = "province"


def organiser_choices():
    return [(PROVINCE, _("The provincial department"))] + [
        (c.code, c.name) for c in City.objects.order_by("code")]


class RoundFilter(django_filters.FilterSet):
    organiser = django_filters.ChoiceFilter(label=_("Run by"), choices=organiser_choices, method="run_by",
                                            empty_label=_("Anyone"))
    year = django_filters.NumberFilter(label=_("Year"))
    tier = django_filters.ChoiceFilter(label=_("Tier"), field_name="tiers__code", choices=TierCode.choices,
                                       empty_label=_("All tiers"), distinct=True)

    class Meta:
        model = Round
        fields = ["organiser", "year", "tier"]

    def run_by(self, queryset, name, value):
        if value == PROVINCE:
            return queryset.filter(organiser__isnull=True)
        return queryset.filter(organiser__code=value)
