"""The notification centre: what a person must act on or should know, in the portal (an unread count
in the navigation) and by e-mail through the outbox, as each user chooses per kind.

Apps register the kinds they send (``register_kind``) and call ``notify`` inside the transaction of
the event: the rows commit with it, and each e-mail is an outbox message delivered after the commit,
once (``emailed_at``), whatever the retries. ``key`` names the event, so a second ``notify`` for the
same event and user adds nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from . import outbox
from .models import Notification, NotificationPreference


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any
    audience: str  # who receives it: "enterprise", "expert", "city", "province", or "official" (both)


KINDS: dict[str, Kind] = {}


def register_kind(code: str, label: Any, *, audience: str) -> Kind:
    kind = KINDS.setdefault(code, Kind(code, label, audience))
    return kind


AUDIENCES = {"enterprise": {"enterprise"}, "expert": {"expert"}, "city_official": {"city", "official"}}


def provincial_officers() -> Any:
    """The active provincial officers: who hears of what waits for the province."""
    from .accounts.constants import Role
    from .accounts.models import User

    return User.objects.filter(role=Role.PROVINCIAL_OFFICER, is_active=True)


def city_officials(city_id: Any) -> Any:
    """The active officials of one city bureau."""
    from .accounts.constants import Role
    from .accounts.models import User

    return User.objects.filter(role=Role.CITY_OFFICIAL, is_active=True, city_id=city_id)


def kinds_for(user: Any) -> list[Kind]:
    """The kinds a user of this role may receive (for the preferences page): the province's staff
    (officers and admins) the province's and the officials' kinds, a city bureau the city's and theirs."""
    audiences = AUDIENCES.get(getattr(user, "role", ""), {"province", "official"})
    return [k for k in KINDS.values() if k.audience in audiences]


def wants_email(user: Any, kind: str) -> bool:
    if not getattr(user, "email", ""):
        return False
    preference = NotificationPreference.objects.filter(user=user, kind=kind).values_list("email", flat=True).first()
    return True if preference is None else preference


def notify(users: Iterable[Any], *, kind: str, key: str, subject: str, body: str = "", url: str = "") -> list[Notification]:
    """One notification per user for the event ``key`` (none if it exists); each e-mailed after the
    commit when its user wants e-mail for ``kind``. Returns the notifications created now."""
    assert kind in KINDS, f"register the notification kind {kind!r} first"
    created = []
    for user in users:
        notification, new = Notification.objects.get_or_create(
            user=user, key=key[:160],
            defaults={"kind": kind, "subject": str(subject)[:200], "body": str(body), "url": url[:300]})
        if new:
            created.append(notification)
            if wants_email(user, kind):
                outbox.schedule(email_notification, notification.pk)
    return created


@outbox.handler("portal.email_notification", max_attempts=8)
def email_notification(notification_id: int) -> str:
    """Send one notification's e-mail, once: the row is locked and marked in the sending transaction."""
    with transaction.atomic():
        notification = (Notification.objects.select_for_update().select_related("user")
                        .filter(pk=notification_id).first())
        if notification is None:
            return "gone"
        if notification.emailed_at is not None:
            return "sent before"
        link = settings.SITE_URL.rstrip("/") + notification.url if notification.url.startswith("/") else ""
        text = "\n\n".join(part for part in (notification.body, link) if part)
        send_mail(notification.subject, text, settings.DEFAULT_FROM_EMAIL, [notification.user.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return "sent"


UNREAD_SHOWN = 99


def unread_count(user: Any) -> int:
    """How many unread notifications the user has, up to ``UNREAD_SHOWN`` (the badge then says "99+"):
    at most that many keys from the (user, read_at) index, never a COUNT over a long history."""
    return len(Notification.objects.filter(user=user, read_at__isnull=True).values_list("pk", flat=True)
               [:UNREAD_SHOWN + 1])


def mark_read(user: Any, notification: Notification | None = None) -> int:
    """Mark one of the user's notifications, or all of them, read; returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())
