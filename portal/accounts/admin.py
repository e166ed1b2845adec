"""Accounts in the Django admin. Users and cities are edited here, each change with a portal audit row;
enterprises (registered and kept by themselves, renamed only under Art. 16) and credit-code exceptions
(recorded on the portal's page) are read-only records."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import router, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_base import AuditedAdmin, RecordAdmin

from .models import BranchIndustry, City, CreditCodeException, Enterprise, User


@admin.register(User)
class PortalUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ["username", "get_full_name", "role", "city", "enterprise", "is_active"]
    list_filter = ["role", "city", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email", "enterprise__name"]
    fieldsets = UserAdmin.fieldsets + (
        (_("Portal"), {"fields": ["role", "enterprise", "city", "phone", "organisation"]}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Portal"), {"fields": ["role", "enterprise", "city"]}),)
    autocomplete_fields = ["enterprise"]

    def user_change_password(self, request, id, form_url=""):
        # Django saves the password form outside a transaction; the change and its audit row go together.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().user_change_password(request, id, form_url)


@admin.register(City)
class CityAdmin(AuditedAdmin):
    list_display = ["code", "name_zh", "name_en", "bureau_name"]


@admin.register(Enterprise)
class EnterpriseAdmin(RecordAdmin, SimpleHistoryAdmin):
    list_display = ["name", "credit_code", "city", "industry", "legal_form", "above_designated_size"]
    list_filter = ["city", "legal_form", "above_designated_size", "industry"]
    search_fields = ["name", "credit_code"]
    portal_note = _("An enterprise keeps its own profile on the portal; its name and credit code change only "
                    "through a rename request (Art. 16).")


@admin.register(CreditCodeException)
class CreditCodeExceptionAdmin(RecordAdmin, SimpleHistoryAdmin):
    """Recorded on the portal's page (portal.accounts.services.record_credit_code_exception, Art. 5 (1))."""

    list_display = ["credit_code", "recorded_by", "recorded_at"]
    search_fields = ["credit_code"]
    portal_page = "accounts:credit_code_exceptions"
    portal_note = _("A verified exception for a credit code is recorded on the portal, with its reason (Art. 5).")


@admin.register(BranchIndustry)
class BranchIndustryAdmin(RecordAdmin):
    """Added on the portal's page (portal.accounts.services.add_branch_industry, Art. 5 (1) "等")."""

    list_display = ["industry", "group", "added_by", "added_at"]
    portal_page = "accounts:branch_industries"
    portal_note = _("The province opens an industry to branches on the portal, with its reason (Art. 5 (1)).")
