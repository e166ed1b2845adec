"""The titles' endpoints of the API (/api/v1/, assembled in ``review/api_urls.py``).

Public, no token: the register (``RegisterList``: exactly what the register page and its open-data
export show) and a certificate's verification (``CertificateVerification``: what its verification page
shows). With a token: the titles with their ids and history (scope ``read_register``) and the Art. 17
support list (``read_support_list``), both narrowed to the token's city when it has one. Every support
list request is recorded like an export (``support.record_export``'s audit row).
"""
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import AllowAny

from portal.api.fields import ChoiceField, IndustryField, NamedField, in_chinese
from portal.api.pagination import Cursor, cursor_by
from portal.api.permissions import reader_of, scoped
from portal.api.scopes import Scope
from portal.audit_sentences import lazy_label
from tiers.api import ScenarioSerializer
from tiers.constants import Authority

from .constants import RevocationGround, TitleStatus, Validity
from .filters import RegisterFilter
from .models import Certificate, Title
from .selectors import (
    certificate_by_number,
    current_certificate_number,
    register_titles,
    scope_to_reader,
    title_history,
)
from .support import SupportListFilter, record_export
from .title_filters import TitleFilter

# --- shapes -------------------------------------------------------------------------------------------


class RegisterEntrySerializer(serializers.Serializer):
    """One title on the public register: the register page's columns, the open-data export's fields."""

    enterprise_name = serializers.CharField(help_text="The enterprise's name as recognized on the title.")
    credit_code = serializers.CharField(source="enterprise.credit_code", help_text="Unified social credit code.")
    city = NamedField(source="enterprise.city", help_text="The city: division code and Chinese name.")
    tier = NamedField()
    year = serializers.IntegerField()
    status = ChoiceField(choices=TitleStatus.choices)
    recognized_on = serializers.DateField()
    revoked_on = serializers.DateField(allow_null=True)
    certificate_number = serializers.CharField(allow_null=True, help_text="The current certificate's number.")
    authority = ChoiceField(source="tier.authority", choices=Authority.choices,
                            help_text="Who recognized the title: the city, the province or MIIT (Art. 11-13).")
    revocation_ground = ChoiceField(choices=RevocationGround.choices, allow_null=True,
                                    help_text="The Art. 15 ground of a revoked title; else null.")
    scenarios = ScenarioSerializer(many=True, help_text="An excellent-scenario award's scenarios; else empty.")


class SupersededSerializer(serializers.Serializer):
    on = serializers.DateField(source="validity_changed_on", allow_null=True)
    by = serializers.CharField(source="superseded_by.number", help_text="The certificate that replaced it.")


class RevocationSerializer(serializers.Serializer):
    on = serializers.DateField(source="title.revoked_on", allow_null=True)
    ground = ChoiceField(source="title.revocation_ground", choices=RevocationGround.choices, allow_null=True,
                         help_text="The Art. 15 ground.")


class VerificationSerializer(serializers.Serializer):
    """What a certificate's verification page shows."""

    number = serializers.CharField()
    validity = ChoiceField(choices=Validity.choices)
    enterprise_name = serializers.CharField()
    credit_code = serializers.CharField()
    city = NamedField(source="title.enterprise.city")
    tier = NamedField()
    year = serializers.IntegerField(source="title.year")
    scenario_names = serializers.CharField(help_text="An award's scenarios as the certificate names them.")
    issuing_authority = serializers.CharField()
    miit_document = serializers.CharField()
    issued_on = serializers.DateField()
    sha256 = serializers.CharField(allow_null=True, help_text="SHA-256 of the certificate's PDF, once made.")
    superseded = serializers.SerializerMethodField(help_text="Set when the certificate is superseded.")
    revocation = serializers.SerializerMethodField(help_text="Set when the title is revoked.")

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        data["sha256"] = data["sha256"] or None
        return data

    @extend_schema_field(SupersededSerializer(allow_null=True))
    def get_superseded(self, certificate: Certificate) -> Any:
        if certificate.validity != Validity.SUPERSEDED or certificate.superseded_by is None:
            return None
        return SupersededSerializer(certificate).data

    @extend_schema_field(RevocationSerializer(allow_null=True))
    def get_revocation(self, certificate: Certificate) -> Any:
        if certificate.validity != Validity.REVOKED:
            return None
        return RevocationSerializer(certificate).data


class EnterpriseSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The enterprise's name now.")
    credit_code = serializers.CharField()
    city = NamedField()
    industry = IndustryField(allow_null=True)


class TitleSerializer(serializers.Serializer):
    """A title, for integrations: the register's data with ids, the industry and what superseded it."""

    id = serializers.IntegerField()
    enterprise = EnterpriseSerializer()
    enterprise_name = serializers.CharField(help_text="The enterprise's name as recognized on the title.")
    tier = NamedField()
    year = serializers.IntegerField()
    status = ChoiceField(choices=TitleStatus.choices)
    recognized_on = serializers.DateField()
    revoked_on = serializers.DateField(allow_null=True)
    revocation_ground = ChoiceField(choices=RevocationGround.choices, allow_null=True)
    superseded_by = serializers.IntegerField(source="superseded_by_id", allow_null=True,
                                             help_text="The id of the title that replaced it (Art. 16).")
    certificate_number = serializers.CharField(allow_null=True)
    scenarios = ScenarioSerializer(many=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One event in a title's history: the title's own, its certificates', its monitoring evaluations'
    and its revocation cases'. Who acted is not part of it."""

    at = serializers.DateTimeField(source="created_at")
    event = serializers.CharField(source="verb", help_text="Stable event code, e.g. `titles.title_granted`.")
    name_zh = serializers.SerializerMethodField()
    record = serializers.SerializerMethodField(help_text="What the event is about: `title`, `certificate`, "
                                                         "`monitoringevaluation` or `revocationcase`.")

    def get_name_zh(self, entry: Any) -> str:
        return in_chinese(lazy_label(entry.verb))

    def get_record(self, entry: Any) -> str:
        return ContentType.objects.get_for_id(entry.content_type_id).model if entry.content_type_id else ""


class SupportEnterpriseSerializer(EnterpriseSerializer):
    district = serializers.CharField()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()


class SupportEntrySerializer(serializers.Serializer):
    """One active title on the support list (Art. 17), with the enterprise's contact."""

    id = serializers.IntegerField()
    tier = NamedField()
    scenarios = ScenarioSerializer(many=True)
    year = serializers.IntegerField()
    enterprise = SupportEnterpriseSerializer()
    recognized_on = serializers.DateField()
    certificate_number = serializers.CharField(allow_null=True)


# --- endpoints ----------------------------------------------------------------------------------------


def _titles() -> Any:
    return (Title.objects.select_related("enterprise__city", "tier")
            .annotate(certificate_number=current_certificate_number())
            .prefetch_related("scenarios__segment"))


class PublicMixin:
    permission_classes = [AllowAny]


@extend_schema(tags=["public"], summary="The public register of titles")
class RegisterList(PublicMixin, generics.ListAPIView):
    """Every title recognized under the Measures, revoked and superseded ones included: the data of the
    public register page and its open-data export (`/public/register/?format=json`), with codes and
    Chinese names. Filter by `city` (division code), `tier`, `year`, `status`; `q` searches the
    enterprise's name or credit code. Newest first, by cursor."""

    serializer_class = RegisterEntrySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RegisterFilter
    pagination_class = Cursor

    def get_queryset(self) -> Any:
        return register_titles().prefetch_related("scenarios__segment")


@extend_schema(tags=["public"], summary="Verify a certificate", parameters=[OpenApiParameter(
    "number", str, OpenApiParameter.PATH, description="The certificate's number, e.g. `SDZN-XJ-2026-0001` "
    "(letters in either case).", examples=[OpenApiExample("A certificate", value="SDZN-XJ-2026-0001")])])
class CertificateVerification(PublicMixin, generics.RetrieveAPIView):
    """What a certificate's QR code opens: valid, superseded (by which certificate, since when) or
    revoked (when, on which Art. 15 ground). An unknown number is a 404."""

    serializer_class = VerificationSerializer

    def get_object(self) -> Any:
        certificate = certificate_by_number(self.kwargs["number"])
        if certificate is None:
            raise exceptions.NotFound("No certificate has this number.")
        return certificate


@extend_schema(tags=["titles"], summary="Titles (scope read_register)")
class TitleList(generics.ListAPIView):
    """Every title with its id, the enterprise's industry and what superseded it; a token restricted
    to a city reads its city's. Filters as the register's."""

    serializer_class = TitleSerializer
    permission_classes = [scoped(Scope.READ_REGISTER)]
    filter_backends = [DjangoFilterBackend]
    filterset_class = TitleFilter
    pagination_class = Cursor

    def get_queryset(self) -> Any:
        return scope_to_reader(_titles(), reader_of(self.request))


@extend_schema(tags=["titles"], summary="One title's history (scope read_register)")
class TitleHistory(generics.ListAPIView):
    """The events of a title, oldest first: its grant, certificates, monitoring evaluations, revocation
    and restoration."""

    serializer_class = HistoryEntrySerializer
    permission_classes = [scoped(Scope.READ_REGISTER)]
    pagination_class = cursor_by("created_at", "id")
    queryset = Title.objects.none()  # for the schema; get_queryset reads the title's history

    def get_queryset(self) -> Any:
        titles = scope_to_reader(Title.objects.all(), reader_of(self.request))
        title = titles.filter(pk=self.kwargs["pk"]).first()
        if title is None:
            raise exceptions.NotFound("No title has this id.")
        return title_history(title)


@extend_schema(tags=["support list"], summary="The Art. 17 support list (scope read_support_list)")
class SupportList(generics.ListAPIView):
    """The active titles other departments draw on for support (Art. 17), with each enterprise's
    contact; a token restricted to a city reads its city's. Every request is recorded in the audit log
    like an export of the list."""

    serializer_class = SupportEntrySerializer
    permission_classes = [scoped(Scope.READ_SUPPORT_LIST)]
    filter_backends = [DjangoFilterBackend]
    filterset_class = SupportListFilter
    pagination_class = cursor_by("id")

    def get_queryset(self) -> Any:
        qs = _titles().filter(status=TitleStatus.ACTIVE)
        return scope_to_reader(qs, reader_of(self.request))

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        token = self.request.auth
        filters = {k: v for k, v in self.request.query_params.items() if k != "cursor"}
        record_export(actor=None, purpose=f"api:{token.prefix}", recipient=token.client, filters=filters,
                      count=len(page or []))
        return page
