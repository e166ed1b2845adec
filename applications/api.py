"""The applications' endpoints of the API (/api/v1/applications/, assembled in ``review/api_urls.py``),
for integrations holding a city's applications scope (that city's) or the province's (every city's).

Submitted applications only (a draft is the enterprise's own), with their status, tier, round and,
once the province has decided, their scores: the panel's size and aggregate, never a single expert's
sheet or name. The scores belong to the review, a layer above: it registers ``scores_of`` here in its
``AppConfig.ready`` (``register_scores``), as it does the quotas' counter.
"""
from collections.abc import Callable, Iterable
from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers

from portal.api.fields import ChoiceField, NamedField, in_chinese
from portal.api.pagination import Cursor
from portal.api.permissions import reader_of, scoped
from portal.api.scopes import APPLICATION_SCOPES
from tiers.api import RoundSerializer

from .constants import Kind, Status
from .filters import ApplicationFilter
from .models import Application
from .selectors import applications_visible_to
from .timeline import timeline_for

# After the province's decision: the scores that decided it may be read.
DECIDED_STATUSES = frozenset({Status.APPROVED, Status.REJECTED, Status.IN_NOTICE, Status.CERTIFIED,
                              Status.RECOMMENDED_TO_MIIT, Status.MIIT_APPROVED, Status.MIIT_REJECTED})

_scores_of: Callable[[list[Application]], dict[int, dict[str, Any]]] | None = None


def register_scores(provider: Callable[[list[Application]], dict[int, dict[str, Any]]]) -> None:
    """``provider(applications) -> {id: {"experts", "mean", "trimmed_mean", "final"}}``, in a constant
    number of queries for a page; the review app registers it."""
    global _scores_of
    _scores_of = provider


def scores_of(applications: Iterable[Application]) -> dict[int, dict[str, Any]]:
    decided = [a for a in applications if a.status in DECIDED_STATUSES]
    if not decided or _scores_of is None:
        return {}
    return _scores_of(decided)


class ScoresSerializer(serializers.Serializer):
    """The panel's aggregate (out of 100). No expert's name and no single sheet."""

    experts = serializers.IntegerField(help_text="Submitted score sheets counted.")
    mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    trimmed_mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                            help_text="Without the highest and lowest, from five sheets on.")
    final = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                     help_text="What ranked the application.")


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField()
    credit_code = serializers.CharField()


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    enterprise = ApplicantSerializer()
    city = NamedField(help_text="The city whose bureau screens it.")
    round = RoundSerializer()
    tier = NamedField()
    kind = ChoiceField(choices=Kind.choices)
    status = ChoiceField(choices=Status.choices)
    submitted_at = serializers.DateTimeField(allow_null=True, help_text="The latest submission.")
    updated_at = serializers.DateTimeField()
    scores = serializers.SerializerMethodField(help_text="Once the province has decided; else null.")

    @extend_schema_field(ScoresSerializer(allow_null=True))
    def get_scores(self, application: Application) -> Any:
        scores = self.context.get("scores", {}).get(application.pk)
        return ScoresSerializer(scores).data if scores and scores["experts"] else None


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    event = serializers.CharField(help_text="Stable event code, e.g. `applications.submitted`.")
    name_zh = serializers.CharField()
    detail = serializers.CharField(help_text="A version number or the note recorded with the step.")


class ApplicationDetailSerializer(ApplicationSerializer):
    timeline = serializers.SerializerMethodField(help_text="What happened, oldest first; who acted is not "
                                                           "part of it.")

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, application: Application) -> Any:
        return [{"at": e.at, "event": e.verb, "name_zh": in_chinese(e.label), "detail": in_chinese(e.detail)}
                for e in timeline_for(application)]


def _applications(request: Any) -> Any:
    """What the token's reader sees on the pages (``applications_visible_to``): submitted applications,
    of its city when restricted to one."""
    return applications_visible_to(reader_of(request)).select_related("city")


class _Scoped:
    permission_classes = [scoped(*sorted(APPLICATION_SCOPES))]

    def get_queryset(self) -> Any:
        return _applications(self.request)  # type: ignore[attr-defined]


@extend_schema(tags=["applications"], summary="Applications (application scopes)")
class ApplicationList(_Scoped, generics.ListAPIView):
    """Submitted applications, newest first; a city's token reads its city's. Filter by `round` (id),
    `tier`, `status`, `stage` (reached: `submitted`, `city_passed`, `recommended`, `accepted`, `titled`),
    `city`."""

    serializer_class = ApplicationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApplicationFilter
    pagination_class = Cursor

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        self.scores = scores_of(page or [])
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "scores": getattr(self, "scores", {})}


@extend_schema(tags=["applications"], summary="One application with its timeline (application scopes)")
class ApplicationDetail(_Scoped, generics.RetrieveAPIView):
    """One application, its timeline and, once decided, its scores. Another city's is a 404."""

    serializer_class = ApplicationDetailSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if "pk" in self.kwargs and hasattr(self, "_object"):
            context["scores"] = scores_of([self._object])
        return context

    def get_object(self) -> Any:
        self._object = super().get_object()
        return self._object
