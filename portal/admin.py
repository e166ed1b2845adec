"""The audit trail in the admin, and the third-party apps' admins put under the portal's two bases."""
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import outbox
from .accounts import lockout
from .admin_base import AuditedAdmin, EstimatedCountPaginator, RecordAdmin, reregister
from .models import AuditEntry, Notification, NotificationPreference, OutboxMessage, WorkerHeartbeat


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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(RecordAdmin):
    """Background work the portal owes: what is pending, what gave up and why. Read-only, but for
    sending messages again (given-up ones with a fresh set of attempts)."""

    list_display = ["created_at", "handler", "args", "attempts", "dispatches", "done_at", "gave_up", "last_error"]
    list_filter = ["gave_up", ("done_at", admin.EmptyFieldListFilter), "handler"]
    search_fields = ["handler", "request_id", "last_error"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    actions = ["send_again"]

    @admin.action(description=_("Send the selected messages again"), permissions=["view"])
    def send_again(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, _("Only an administrator can send messages again."), messages.ERROR)
            return
        count = outbox.send_again(queryset.values_list("pk", flat=True), actor=request.user)
        self.message_user(request, ngettext("%(count)d message will be sent again.",
                                            "%(count)d messages will be sent again.", count) % {"count": count})


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(RecordAdmin):
    list_display = ["hostname", "seen_at"]


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    list_display = ["created_at", "user", "kind", "subject", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "subject", "key"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(RecordAdmin):
    list_display = ["user", "kind", "email"]


# Registered by django.contrib.auth, axes, django_celery_beat and django_otp, which come before portal in
# INSTALLED_APPS. Log-in logs are records; deleting an access attempt unlocks a user name, which is
# audited like a change. Two-factor devices are records too: an admin resets them on the accounts page
# (portal.accounts.two_factor), which writes the security log; here they are only seen.
for model in (AccessLog, AccessFailureLog, TOTPDevice, StaticDevice):
    reregister(admin.site, model, RecordAdmin)
for model in (Group, AccessAttempt, PeriodicTask, ClockedSchedule, CrontabSchedule, IntervalSchedule, SolarSchedule):
    reregister(admin.site, model, AuditedAdmin)



class LoginLockAdmin(type(admin.site.get_model_admin(AccessAttempt))):  # type: ignore[misc]
    """The sign-in attempts axes counts, with whether each locks its user name at its address now; an
    admin lifts a lock (``portal.accounts.lockout.lift_lock``: one security-log row each)."""

    list_display = ["username", "ip_address", "failures_since_start", "attempt_time", "locks_now"]
    actions = ["lift_locks"]

    @admin.display(boolean=True, description=_("Locked now"))
    def locks_now(self, obj):
        return lockout.current_locks().filter(pk=obj.pk).exists()

    @admin.action(description=_("Lift the selected sign-in locks"), permissions=["delete"])
    def lift_locks(self, request, queryset):
        lifted = 0
        for attempt in list(queryset):
            lifted += bool(lockout.lift_lock(attempt, request=request))
        self.message_user(request, ngettext("%(count)d sign-in lock lifted.", "%(count)d sign-in locks lifted.",
                                            lifted) % {"count": lifted})


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LoginLockAdmin)

from .api import admin as api_admin  # noqa: E402,F401 - the API's tokens and request log
from .calendar import admin as calendar_admin  # noqa: E402,F401 - the working-day calendar
