"""Reminders: the notifications a date brings rather than a step (a round closing, scores due, a
notice ending, filings waiting, the deadlines of evaluations and statements).

Apps register a *finder* per reminder (``@finder("name")``): a function of the day that returns the
reminders due that day. Celery beat runs ``send_reminders`` once a day; each reminder is a
notification (``portal.notifications.notify``) whose key names its event and its step ahead
(``ahead``), so a second run the same day, a retried task or the run of the next day adds nothing
for what was sent. A day the beat missed is made up the next: finders look at what is due *up to*
each step ahead, and only the nearest step is sent.
"""
from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .notifications import notify

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    key: str
    users: Iterable[Any]
    kind: str
    subject: str
    body: str = ""
    url: str = ""


Finder = Callable[[datetime.date], Iterable[Reminder]]
FINDERS: dict[str, Finder] = {}


def finder(name: str) -> Callable[[Finder], Finder]:
    """Register ``fn(today) -> reminders`` under ``name`` (the daily run calls every finder)."""
    def register(fn: Finder) -> Finder:
        FINDERS[name] = fn
        return fn
    return register


def ahead(days_left: int, steps: tuple[int, ...]) -> int | None:
    """The nearest step of ``steps`` (days before a date) that ``days_left`` has reached, or None.

    ``ahead(5, (7, 1)) == 7``; ``ahead(1, (7, 1)) == 1``; ``ahead(9, (7, 1)) is None``. A date already
    past (negative) has no step ahead left.
    """
    if days_left < 0:
        return None
    reached = [step for step in steps if days_left <= step]
    return min(reached) if reached else None


def subject(line: Any) -> str:
    return _("[Shandong smart factories] %(what)s") % {"what": line}


def send(reminder: Reminder) -> int:
    """Notify once per user and key; returns how many users were notified now."""
    with transaction.atomic():
        return len(notify(reminder.users, kind=reminder.kind, key=reminder.key, subject=reminder.subject,
                          body=reminder.body, url=reminder.url))


def send_reminders(today: datetime.date | None = None, *, only: Iterable[str] | None = None) -> dict[str, int]:
    """Send what is due ``today`` (by default the local date), in the portal's default language.

    Returns, per finder, how many reminders notified someone now (0 on a second run). A finder that
    fails does not keep the others from running; the first failure is raised after them (the task
    fails visibly, and the next day's run makes up what it missed).
    """
    today = today or timezone.localdate()
    names = list(only) if only is not None else list(FINDERS)
    sent: dict[str, int] = {}
    failure: Exception | None = None
    with translation.override(settings.LANGUAGE_CODE):
        for name in names:
            try:
                sent[name] = sum(1 for reminder in FINDERS[name](today) if send(reminder))
            except Exception as exc:
                logger.exception("The reminders %s failed for %s.", name, today)
                failure = failure or exc
    if failure is not None:
        raise failure
    return sent
