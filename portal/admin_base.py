"""Admin base classes shared by the apps."""
from django.contrib import admin


class RecordAdmin(admin.ModelAdmin):
    """A record written only by the services (and audited there): viewable in the admin, never added,
    changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
