from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (CityQuota, MeasuresExtension, QuotaPlan, RenameRequest, Round, Scenario, ScenarioGuide, Segment,
                     SegmentRequirement, Tier, Title)


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


@admin.register(Title)
class TitleAdmin(SimpleHistoryAdmin):
    list_display = ["enterprise_name", "tier", "year", "status", "recognized_on"]
    list_filter = ["tier", "status", "year"]
    search_fields = ["enterprise_name", "enterprise__credit_code"]
    # Revocation (Art. 15) and renames (Art. 16) change a title only through their services, with audit rows.
    readonly_fields = ["status", "superseded_by", "revoked_on", "revocation_ground", "revocation_note"]


@admin.register(RenameRequest)
class RenameRequestAdmin(admin.ModelAdmin):
    """Read-only: every step is taken on the portal's pages, through ``tiers.renames``."""

    list_display = ["pk", "old_name", "new_name", "kind", "route", "status", "requested_at"]
    list_filter = ["route", "status", "kind"]
    search_fields = ["old_name", "new_name", "old_credit_code", "new_credit_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
