"""The province's endpoints of the API (assembled in ``review/api_urls.py``): the public notices (公示)
with their entries, public like the notices page and showing what it shows (never scores, experts or
objections); and ``scores_of``, the panels' aggregates the applications' endpoints show once decided."""
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from applications.models import Application
from portal.api.fields import NamedField
from portal.api.pagination import cursor_by
from tiers.api import ScenarioSerializer

from .selectors import panel_scores, public_notice_entries, public_notices


class NoticeEntrySerializer(serializers.Serializer):
    enterprise_name = serializers.CharField(source="application.enterprise.name")
    city = NamedField(source="application.enterprise.city")
    tier = NamedField(source="application.tier")
    scenarios = ScenarioSerializer(source="application.scenarios.all", many=True,
                                   help_text="An excellent-scenario application's scenarios; else empty.")


class NoticeRoundSerializer(serializers.Serializer):
    name = serializers.CharField()


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    tier = NamedField()
    round = NoticeRoundSerializer()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    running = serializers.SerializerMethodField(help_text="Whether the notice is running today.")
    objection_contact = serializers.CharField(help_text="Where written objections go (empty: not stated).")
    objection_address = serializers.CharField()
    entries = serializers.SerializerMethodField()

    def get_running(self, notice: Any) -> bool:
        return bool(notice.is_running(timezone.localdate()))

    @extend_schema_field(NoticeEntrySerializer(many=True))
    def get_entries(self, notice: Any) -> Any:
        return self.context["entries"][notice.pk]


@extend_schema(tags=["public"], summary="Public notices (公示)")
class NoticeList(generics.ListAPIView):
    """The notices that have started, newest first, each with the enterprises on it: the public notices
    page's data. During a notice anyone may object in writing, under their real name."""

    serializer_class = NoticeSerializer
    permission_classes = [AllowAny]
    # A notice lists every enterprise on it (hundreds at provincial scale): two notices a page keep a page
    # near 100 KB (50 were 400 KB and 265 ms at the scale benchmark's size).
    pagination_class = cursor_by("-starts_on", "-id", page_size=2, max_page_size=10)

    def get_queryset(self) -> Any:
        return public_notices(timezone.localdate(), with_entries=False)

    def paginate_queryset(self, queryset: Any) -> Any:
        """The page's notices, and their entries read for the page at once (``public_notice_entries``)."""
        page = super().paginate_queryset(queryset) or []
        self.entries = public_notice_entries([notice.pk for notice in page])
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "entries": getattr(self, "entries", {})}


def scores_of(applications: list[Application]) -> dict[int, dict[str, Any]]:
    """{application id: the panel's aggregate} for the API, in one query (``panel_scores``)."""
    return {pk: {"experts": aggregate.count, "mean": aggregate.mean, "trimmed_mean": aggregate.trimmed_mean,
                 "final": aggregate.final}
            for pk, (_panel, aggregate) in panel_scores(applications).items()}
