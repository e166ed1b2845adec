"""The filters of the round list (who runs the round, its year, its tier) and of the quota lists (round,
tier), with django-filter."""
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


class QuotaFilter(django_filters.FilterSet):
    """The quota lists (the province's plans, a city's own quotas): by round and tier. ``prefix`` is the
    path from the listed model to the plan ("" for plans, "plan__" for a city's rows)."""

    round = django_filters.ModelChoiceFilter(label=_("Round"), queryset=Round.objects.order_by("-year", "-opens_at"),
                                             empty_label=_("All rounds"), method="filter_round")
    tier = django_filters.ChoiceFilter(label=_("Tier"), choices=TierCode.choices, empty_label=_("All tiers"),
                                       method="filter_tier")
    prefix = ""

    def filter_round(self, queryset, name, value):
        return queryset.filter(**{f"{self.prefix}round": value})

    def filter_tier(self, queryset, name, value):
        return queryset.filter(**{f"{self.prefix}tier__code": value})


class CityQuotaFilter(QuotaFilter):
    prefix = "plan__"
