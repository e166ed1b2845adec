from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CityQuota, MeasuresExtension, QuotaPlan, Round, Scenario, ScenarioGuide, Segment, SegmentRequirement,
    Tier,
)


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "order"]


class SegmentRequirementInline(admin.StackedInline):
    model = SegmentRequirement
    extra = 0


@admin.register(Tier)
class TierAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_zh", "name_en", "authority", "prerequisite", "min_maturity", "coverage_rule"]
    filter_horizontal = ["required_segments"]
    inlines = [SegmentRequirementInline]


@admin.register(SegmentRequirement)
class SegmentRequirementAdmin(SimpleHistoryAdmin):
    list_display = ["tier", "segment"]
    list_filter = ["tier"]


@admin.register(ScenarioGuide)
class ScenarioGuideAdmin(SimpleHistoryAdmin):
    list_display = ["title", "edition", "document_number", "is_current"]


@admin.register(Scenario)
class ScenarioAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "stage_zh", "segment", "guide", "order", "is_active"]
    list_filter = ["guide", "segment", "is_active"]
    search_fields = ["name_zh", "name_en"]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "opens_at", "closes_at"]
    filter_horizontal = ["tiers", "cities"]


@admin.register(MeasuresExtension)
class MeasuresExtensionAdmin(admin.ModelAdmin):
    list_display = ["valid_until", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_at"]


class CityQuotaInline(admin.TabularInline):
    model = CityQuota
    extra = 0
    readonly_fields = ["share", "computed"]


@admin.register(QuotaPlan)
class QuotaPlanAdmin(SimpleHistoryAdmin):
    list_display = ["round", "tier", "total", "computed_at"]
    inlines = [CityQuotaInline]


@admin.register(CityQuota)
class CityQuotaAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "city", "computed", "override", "final"]
    list_filter = ["plan__round", "plan__tier"]


