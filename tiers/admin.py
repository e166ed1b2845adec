"""The rule book in the Django admin.

Segments, tiers (with their segment requirements), the scenario guide and its scenarios are reference data
edited here, each change with a portal audit row. Rounds and the measures' extension have rules (Art. 19),
quota plans theirs (Art. 12), titles and renames theirs (Art. 15, 16): they are read-only here and changed
on the portal's pages, through ``tiers.services`` and ``tiers.titles``.
"""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_base import AuditedAdmin, RecordAdmin

from .models import (
    CityQuota,
    CityRoundCalendar,
    MeasuresExtension,
    QuotaPlan,
    Round,
    Scenario,
    ScenarioGuide,
    Segment,
    SegmentRequirement,
    Tier,
)


@admin.register(Segment)
class SegmentAdmin(AuditedAdmin):
    list_display = ["code", "name_zh", "name_en", "order"]


class SegmentRequirementInline(admin.StackedInline):
    model = SegmentRequirement
    extra = 0


@admin.register(Tier)
class TierAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["code", "name_zh", "name_en", "authority", "prerequisite", "min_maturity", "coverage_rule"]
    filter_horizontal = ["required_segments"]
    inlines = [SegmentRequirementInline]


@admin.register(SegmentRequirement)
class SegmentRequirementAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["tier", "segment"]
    list_filter = ["tier"]


@admin.register(ScenarioGuide)
class ScenarioGuideAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "edition", "document_number", "is_current", "source"]


@admin.register(Scenario)
class ScenarioAdmin(AuditedAdmin, SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "stage_zh", "segment", "guide", "order", "is_active", "verified"]
    list_filter = ["guide", "segment", "is_active", "verified"]
    search_fields = ["name_zh", "name_en"]


@admin.register(Round)
class RoundAdmin(RecordAdmin, SimpleHistoryAdmin):
    """Opened and changed on the portal (tiers.services.create_round / update_round), which holds the
    closing date to the measures' end (Art. 19)."""

    list_display = ["name", "organiser", "year", "opens_at", "closes_at"]
    list_filter = ["year", "organiser"]
    portal_page = "tiers:round_edit"
    portal_note = _("Rounds are opened and changed on the portal, which keeps a round's closing date within the "
                    "validity of the measures (Art. 19).")


@admin.register(CityRoundCalendar)
class CityRoundCalendarAdmin(RecordAdmin, SimpleHistoryAdmin):
    """Set on the portal (tiers.city_rounds.set_calendar) by the province: the window of the cities' own
    basic rounds (Art. 4, 11)."""

    list_display = ["year", "opens_on", "closes_on", "set_by", "set_at"]
    portal_page = "tiers:city_round_calendar"
    portal_note = _("The calendar of the cities' basic rounds is set on the portal by the provincial department "
                    "(Art. 4, 11).")


@admin.register(MeasuresExtension)
class MeasuresExtensionAdmin(RecordAdmin):
    """Recorded on the portal (tiers.services.record_extension), with its legal basis (Art. 19)."""

    list_display = ["valid_until", "recorded_by", "recorded_at"]
    portal_page = "tiers:extension"
    portal_note = _("An extension of the measures is recorded on the portal, with its legal basis (Art. 19).")


class CityQuotaInline(admin.TabularInline):
    model = CityQuota
    extra = 0
    can_delete = False
    readonly_fields = ["share", "computed"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QuotaPlan)
class QuotaPlanAdmin(RecordAdmin, SimpleHistoryAdmin):
    """Computed and overridden on the portal's quota pages (Art. 12)."""

    list_display = ["round", "tier", "total", "computed_at"]
    inlines = [CityQuotaInline]
    portal_page = "tiers:quota_plan"
    portal_note = _("Quotas are computed, recomputed and overridden on the portal, each with an audit row (Art. 12).")


@admin.register(CityQuota)
class CityQuotaAdmin(RecordAdmin, SimpleHistoryAdmin):
    list_display = ["plan", "city", "computed", "override", "final"]
    list_filter = ["plan__round", "plan__tier"]
    portal_page = "tiers:quota_override"
    portal_note = _("Quotas are computed, recomputed and overridden on the portal, each with an audit row (Art. 12).")
