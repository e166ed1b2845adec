from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail is read-only: nobody edits or deletes history."""

    list_display = ["created_at", "actor", "verb", "object_repr"]
    list_filter = ["verb"]
    search_fields = ["object_repr", "actor__username", "verb"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
