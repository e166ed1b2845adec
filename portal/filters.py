import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    verb = django_filters.CharFilter(label=_("Action"), lookup_expr="startswith")
    since = django_filters.DateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        label=_("Until"), field_name="created_at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "created_at"), ("verb", "verb")),
        field_labels={"created_at": _("time"), "verb": _("action")},
    )

    class Meta:
        model = AuditEntry
        fields = ["verb"]

    def search(self, queryset, name, value):
        # The actor as a subquery of user ids, not a join: with a join in the OR, PostgreSQL must read
        # all 400,000 audit rows (1.4 s at provincial scale); without one it combines the two trigram
        # indexes and the actor index in one bitmap scan.
        actors = get_user_model().objects.filter(username__icontains=value).values("pk")
        return queryset.filter(Q(object_repr__icontains=value) | Q(actor__in=actors) | Q(message__icontains=value))
