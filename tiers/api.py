"""The quotas' endpoint of the API (/api/v1/quotas/, assembled in ``review/api_urls.py``): each city's
quota of recommendations per round and tier (Art. 12) and how many it has used. Readable with a city's
applications scope (that city's quotas) or the province's (every city's)."""
from typing import Any

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from portal.accounts.models import City
from portal.api.fields import NamedField
from portal.api.pagination import cursor_by
from portal.api.permissions import reader_of, scoped
from portal.api.scopes import APPLICATION_SCOPES

from .constants import TierCode
from .models import CityQuota
from .quotas import annotate_used
from .selectors import city_quotas_visible_to


class RoundSerializer(serializers.Serializer):
    """An application round (批次)."""

    id = serializers.IntegerField()
    name = serializers.CharField(help_text="The round's name (Chinese).")
    name_en = serializers.CharField(help_text="Its English name; empty when none is given.")
    year = serializers.IntegerField()


class ScenarioSerializer(serializers.Serializer):
    """A typical scenario of the guide (an excellent-scenario award's, Art. 10) and its segment."""

    name_zh = serializers.CharField()
    segment = NamedField()


class QuotaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = RoundSerializer(source="plan.round")
    tier = NamedField(source="plan.tier")
    city = NamedField()
    quota = serializers.IntegerField(source="final", help_text="The quota in force: the override if any, "
                                                               "else the computed one.")
    computed = serializers.IntegerField(help_text="The quota computed from the Art. 12 factors.")
    overridden = serializers.SerializerMethodField()
    used = serializers.IntegerField(help_text="Recommendations counted against the quota.")
    remaining = serializers.IntegerField()

    def get_overridden(self, quota: CityQuota) -> bool:
        return quota.override is not None


class QuotaFilter(django_filters.FilterSet):
    round = django_filters.NumberFilter(field_name="plan__round_id", min_value=1, max_value=2**31 - 1)
    year = django_filters.NumberFilter(field_name="plan__round__year", min_value=1, max_value=32767)
    tier = django_filters.ChoiceFilter(field_name="plan__tier__code", choices=TierCode.choices)
    city = django_filters.ModelChoiceFilter(field_name="city", queryset=City.objects.all(), to_field_name="code")

    class Meta:
        model = CityQuota
        fields = ["round", "year", "tier", "city"]


@extend_schema(tags=["quotas"], summary="City quotas and their use (application scopes)")
class QuotaList(generics.ListAPIView):
    """Each city's quota of recommendations per round and tier (Art. 12), with how many it has used and
    how many remain. A city's token reads its own city's. Filter by `round` (id), `year`, `tier`, `city`."""

    serializer_class = QuotaSerializer
    permission_classes = [scoped(*sorted(APPLICATION_SCOPES))]
    filter_backends = [DjangoFilterBackend]
    filterset_class = QuotaFilter
    pagination_class = cursor_by("-id")

    def get_queryset(self) -> Any:
        return city_quotas_visible_to(reader_of(self.request))

    def paginate_queryset(self, queryset: Any) -> Any:
        return annotate_used(super().paginate_queryset(queryset) or [])
