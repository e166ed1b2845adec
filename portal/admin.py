"""The audit trail in the admin, and the third-party apps' admins put under the portal's two bases."""
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from .admin_base import AuditedAdmin, EstimatedCountPaginator, RecordAdmin, reregister
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(RecordAdmin):
    """The audit trail is read-only: nobody edits or deletes history."""

    list_display = ["created_at", "actor", "verb", "object_repr"]
    list_select_related = ["actor"]  # one query for the page, not one per row
    # No filter list: SELECT DISTINCT verb reads the whole table on every page (the portal's audit log
    # filters by action).
    search_fields = ["object_repr", "actor__username", "verb"]
    # Hundreds of thousands of rows: no second COUNT of the whole table for "show all", and no date
    # drill-down (it scans every row's date); the portal's own audit log pages by keyset.
    show_full_result_count = False
    paginator = EstimatedCountPaginator


# Registered by django.contrib.auth, axes and django_celery_beat, which come before portal in INSTALLED_APPS.
# Log-in logs are records; deleting an access attempt unlocks a user name, which is audited like a change.
for model in (AccessLog, AccessFailureLog):
    reregister(admin.site, model, RecordAdmin)
for model in (Group, AccessAttempt, PeriodicTask, ClockedSchedule, CrontabSchedule, IntervalSchedule, SolarSchedule):
    reregister(admin.site, model, AuditedAdmin)
