"""The audit trail every state change writes (one row per change)."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, when, with the state before and after."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=64, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.object_repr}"

    # Append-only: a row is written once and never changed or removed (the database refuses it too,
    # migration 0005, for writes that go round the model).
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Audit entries are append-only: a written row is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only: a written row is never removed.")

    # In words for readers (``portal.audit_sentences``): the verb's sentence, and what changed.
    @property
    def label(self):
        from .audit_sentences import said

        return said(self.verb)

    @property
    def changes(self):
        from .audit_sentences import changes

        return changes(self)


class OutboxMessage(models.Model):
    """A side effect to perform once the transaction that recorded it commits (``portal.outbox``).

    Written in the same transaction as the change that causes it, so the work is never lost when the
    broker is down or a worker dies: a Celery task performs it, and the periodic sweep dispatches again
    what is not done after a few minutes. ``done_at`` is set once the handler succeeded or gave up.
    """

    handler = models.CharField(_("handler"), max_length=100)
    args = models.JSONField(_("arguments"), default=list)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The sweep sends the message again once this has passed and it is neither done nor claimed.
    dispatch_after = models.DateTimeField(_("dispatch again after"))
    dispatches = models.PositiveIntegerField(_("dispatches"), default=0)
    # A delivery holds the message until this time (its task's hard time limit and a margin), so a
    # duplicate delivery (a redelivered or re-dispatched task) does not run the handler beside it.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    gave_up = models.BooleanField(_("gave up"), default=False)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweep's scan: only messages not done, by when they are due.
            models.Index(fields=["dispatch_after"], condition=models.Q(done_at__isnull=True),
                         name="outbox_pending_idx"),
        ]

    def __str__(self):
        return f"{self.handler}{tuple(self.args)}"


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran the periodic heartbeat task: ``/readyz/`` reports the workers from
    it (a recent beat proves the scheduler, the broker and a worker all work)."""

    hostname = models.CharField(_("worker"), max_length=200, primary_key=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class Notification(models.Model):
    """Something a user must act on or should know, in the portal's notification centre (and by e-mail
    unless the user chose otherwise for its kind). ``key`` names the event: one notification per user
    and event, whatever the retries (``portal.notifications.notify``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("event"), max_length=160)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_user_and_event")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return f"{self.user} · {self.subject}"


class NotificationPreference(models.Model):
    """A user's choice not to receive one kind of notification by e-mail (the centre always shows it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(_("kind"), max_length=60)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")]

    def __str__(self):
        return f"{self.user} · {self.kind} · {self.email}"


# The API's tokens and request log live with the API's machinery (portal/api/models.py).
from .api.models import ApiRequest, ApiToken  # noqa: E402

# The working-day calendar every period is counted on (portal/calendar/).
from .calendar.models import CalendarDay, CalendarDayKind, CalendarSource, CalendarYear  # noqa: E402

__all__ = ["ApiRequest", "ApiToken", "AuditEntry", "CalendarDay", "CalendarDayKind", "CalendarSource", "CalendarYear",
           "Notification", "NotificationPreference", "OutboxMessage", "WorkerHeartbeat"]
