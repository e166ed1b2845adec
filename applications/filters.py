"""The applications list's filters: round, tier, status, city and a set of statuses by name (the
funnel stages a dashboard links to). The list is scoped by who asks (``selectors.applications_visible_to``)
before it is filtered; a bad value is a 400, not an empty page."""
import django_filters
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import City
from tiers.constants import TierCode
from tiers.models import Round

from .constants import STAGES, Status


class ApplicationFilter(django_filters.FilterSet):
    round = django_filters.ModelChoiceFilter(label=_("Round"), queryset=Round.objects.order_by("-year", "-opens_at"),
                                             empty_label=_("All rounds"))
    tier = django_filters.ChoiceFilter(label=_("Tier"), field_name="tier__code", choices=TierCode.choices,
                                       empty_label=_("All tiers"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("Any status"))
    stage = django_filters.ChoiceFilter(label=_("Reached"), choices=[(k, label) for k, (label, _s) in STAGES.items()],
                                        method="filter_stage", empty_label=_("Any stage"))
    city = django_filters.ModelChoiceFilter(label=_("City"), field_name="city", queryset=City.objects.order_by("code"),
                                            to_field_name="code", empty_label=_("All cities"))

    def __init__(self, *args, show_city=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_city:
            self.filters.pop("city")

    def filter_stage(self, queryset, name, value):
        return queryset.filter(status__in=STAGES[value][1])
