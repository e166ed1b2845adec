"""Filters of the province's inbox (django-filter): the same query drives the page and the Excel export."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.constants import Status
from applications.models import Application
from portal.accounts.models import City
from tiers.models import Round, Tier

from .selectors import PROVINCE_STATUSES


class InboxFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Enterprise name or credit code"), method="search")
    city = django_filters.ModelChoiceFilter(label=_("City"), field_name="city", queryset=City.objects.all(),
                                            empty_label=_("All cities"))
    tier = django_filters.ModelChoiceFilter(label=_("Tier"), queryset=Tier.objects.exclude(code="basic"),
                                            empty_label=_("All tiers"))
    round = django_filters.ModelChoiceFilter(label=_("Round"), queryset=Round.objects.all(), empty_label=_("All rounds"))
    status = django_filters.ChoiceFilter(label=_("Status"), empty_label=_("Any status"),
                                         choices=[(s, Status(s).label) for s in PROVINCE_STATUSES])
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("updated_at", "updated"), ("city__code", "city"), ("tier__order", "tier"),
                ("round__opens_at", "round"), ("status", "status"), ("enterprise__name", "enterprise")),
        field_labels={"updated": _("last change"), "city": _("city"), "tier": _("tier"), "round": _("round"),
                      "status": _("status"), "enterprise": _("enterprise")},
    )

    class Meta:
        model = Application
        fields = ["q", "city", "tier", "round", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code=value.strip().upper()))
