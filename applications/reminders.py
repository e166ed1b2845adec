"""The enterprise's reminder of a round closing (``portal.reminders``): three days and one day before
a round's ``closes_at``, for each application still a draft in it (``round-closing:<id>:<date>:<days>``).
"""
from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.notifications import register_kind
from portal.reminders import Reminder, ahead, finder, subject

from .constants import Status
from .models import Application
from .notifications import enterprise_users

ROUND_CLOSING_DAYS = (3, 1)

ROUND_CLOSING = register_kind("applications.round_closing",
                              gettext_lazy("Reminder: a round closes while my application is a draft"),
                              audience="enterprise")


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@finder("applications.round_closing")
def rounds_closing(today: datetime.date) -> list[Reminder]:
    """The drafts of rounds closing from today to ``max(ROUND_CLOSING_DAYS)`` days ahead."""
    until = _day_start(today + datetime.timedelta(days=max(ROUND_CLOSING_DAYS) + 1))
    drafts = (Application.objects.filter(status=Status.DRAFT, round__closes_at__gte=timezone.now(),
                                         round__closes_at__lt=until)
              .select_related("round", "tier", "enterprise"))
    found = []
    for application in drafts:
        closes = timezone.localtime(application.round.closes_at)
        days = ahead((closes.date() - today).days, ROUND_CLOSING_DAYS)
        if days is None:
            continue
        line = _("%(round)s closes on %(date)s at %(time)s; your %(tier)s application is still a draft. "
                 "Submit it before then.") % {"round": application.round.name, "date": closes.date().isoformat(),
                                              "time": closes.strftime("%H:%M"), "tier": application.tier.name}
        found.append(Reminder(f"round-closing:{application.pk}:{closes.date().isoformat()}:{days}",
                              enterprise_users(application), ROUND_CLOSING.code,
                              subject(_("Reminder: %(line)s") % {"line": line}), line,
                              reverse("applications:detail", args=[application.pk])))
    return found
