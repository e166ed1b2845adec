"""Filters of the province's lists (django-filter): the inbox, the missing score sheets, the notices and the
conflicts of interest; the same query drives each page and its Excel export."""
import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.constants import Status
from applications.models import Application
from portal.accounts.constants import Role
from portal.accounts.models import City, User
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
        # Keyed by the model field (the first of each pair), as django-filter reads them: keyed by the
        # parameter, they were ignored and the page showed the English parameter names.
        field_labels={"updated_at": _("last change"), "city__code": _("city"), "tier__order": _("tier"),
                      "round__opens_at": _("round"), "status": _("status"), "enterprise__name": _("enterprise")},
    )

    class Meta:
        model = Application
        fields = ["q", "city", "tier", "round", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code=value.strip().upper()))


class MissingScoreFilter(django_filters.FilterSet):
    """The missing score sheets: by expert and city (the province's), round and tier; the longest
    waiting first unless sorted otherwise. A city official's list drops the expert and the city."""

    # Every expert, active or not: a sheet assigned before an expert's account was closed still counts.
    expert = django_filters.ModelChoiceFilter(
        label=_("Expert"), empty_label=_("All experts"),
        queryset=User.objects.filter(role=Role.EXPERT).order_by("last_name", "first_name", "username"))
    city = django_filters.ModelChoiceFilter(label=_("City"), field_name="application__city", to_field_name="code",
                                            queryset=City.objects.order_by("code"), empty_label=_("All cities"))
    round = django_filters.ModelChoiceFilter(label=_("Round"), field_name="application__round",
                                             queryset=Round.objects.order_by("-year", "-opens_at"),
                                             empty_label=_("All rounds"))
    tier = django_filters.ModelChoiceFilter(label=_("Tier"), field_name="application__tier",
                                            queryset=Tier.objects.exclude(code="basic"), empty_label=_("All tiers"))
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("assigned_at", "assigned"), ("due_on", "due"), ("application__enterprise__name", "enterprise")),
        field_labels={"assigned_at": _("assigned"), "due_on": _("due"),
                      "application__enterprise__name": _("enterprise")},
    )

    def __init__(self, *args, for_province=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_province:
            self.filters.pop("expert")
            self.filters.pop("city")


class NoticeFilter(django_filters.FilterSet):
    """The province's public notices: by round, tier and whether each runs now, is scheduled or has ended."""

    RUNNING, SCHEDULED, ENDED = "running", "scheduled", "ended"
    round = django_filters.ModelChoiceFilter(label=_("Round"), queryset=Round.objects.order_by("-year", "-opens_at"),
                                             empty_label=_("All rounds"))
    tier = django_filters.ModelChoiceFilter(label=_("Tier"), queryset=Tier.objects.exclude(code="basic"),
                                            empty_label=_("All tiers"))
    state = django_filters.ChoiceFilter(label=_("State"), method="filter_state", empty_label=_("Any state"),
                                        choices=[(RUNNING, _("running")), (SCHEDULED, _("scheduled")),
                                                 (ENDED, _("ended"))])

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == self.RUNNING:
            return queryset.filter(starts_on__lte=today, ends_on__gte=today)
        if value == self.SCHEDULED:
            return queryset.filter(starts_on__gt=today)
        return queryset.filter(ends_on__lt=today)


class ConflictFilter(django_filters.FilterSet):
    """The conflicts of interest: by expert (not on an expert's own list), the enterprise's city, and the
    enterprise's name or credit code."""

    expert = django_filters.ModelChoiceFilter(
        label=_("Expert"), empty_label=_("All experts"),
        queryset=User.objects.filter(role=Role.EXPERT).order_by("last_name", "first_name", "username"))
    city = django_filters.ModelChoiceFilter(label=_("City"), field_name="enterprise__city", to_field_name="code",
                                            queryset=City.objects.order_by("code"), empty_label=_("All cities"))
    q = django_filters.CharFilter(label=_("Enterprise name or credit code"), method="search")

    def __init__(self, *args, own=False, **kwargs):
        super().__init__(*args, **kwargs)
        if own:
            self.filters.pop("expert")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code=value.upper()))
