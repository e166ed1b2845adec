from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import City, CreditCodeException, Enterprise, User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "get_full_name", "role", "city", "enterprise", "is_active"]
    list_filter = ["role", "city", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email", "enterprise__name"]
    fieldsets = UserAdmin.fieldsets + (
        (_("Portal"), {"fields": ["role", "enterprise", "city", "phone", "organisation"]}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Portal"), {"fields": ["role", "enterprise", "city"]}),)
    autocomplete_fields = ["enterprise"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "bureau_name"]


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "city", "industry", "legal_form", "above_designated_size"]
    list_filter = ["city", "industry", "legal_form", "above_designated_size"]
    search_fields = ["name", "credit_code"]


@admin.register(CreditCodeException)
class CreditCodeExceptionAdmin(SimpleHistoryAdmin):
    list_display = ["credit_code", "recorded_by", "recorded_at"]
    search_fields = ["credit_code"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
