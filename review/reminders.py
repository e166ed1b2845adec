"""The review's notifications that a date brings (``portal.reminders``) and the objections the
department records (``portal.notifications``).

==================  ==========================  ===========================================================
finder / event      to                          when (key)
==================  ==========================  ===========================================================
scores due          the expert                  3 days and 1 day before ``ExpertAssignment.due_on``, for a
                                                sheet not submitted (``scores-due:<id>:<date>:<days>``)
scores overdue      the provincial officers     the day after a due date with sheets still missing: one
                                                digest per due date (``scores-overdue:<date>``)
notice ending       the provincial officers     the working day before a public notice ends, and its last
                                                day (``notice-ending:<id>:<days>``)
filings waiting     the provincial officers     a city's filing unanswered for more than 7 days: one digest
                                                per ISO week (``filings-waiting:<year>-W<week>``)
objection recorded  the other provincial        when it is recorded (``objection:<id>``)
                    officers and the city
                    bureau of the application
==================  ==========================  ===========================================================
"""
from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.i18n import in_active_language
from portal.notifications import city_officials, notify, provincial_officers, register_kind
from portal.reminders import Reminder, ahead, finder, subject

from .models import ExpertAssignment, Filing, FilingStatus, Objection, ObjectionStatus, PublicNotice

SCORES_DUE_DAYS = (3, 1)
NOTICE_ENDING_DAYS = (1, 0)
FILING_WAIT_DAYS = 7

SCORES_DUE = register_kind("review.scores_due", gettext_lazy("Reminder: my scores are due"), audience="expert")
SCORES_OVERDUE = register_kind("review.scores_overdue", gettext_lazy("Expert scores past their due date"),
                               audience="province")
NOTICE_ENDING = register_kind("review.notice_ending", gettext_lazy("A public notice ending"), audience="province")
FILINGS_WAITING = register_kind("review.filings_waiting", gettext_lazy("Filings waiting more than a week"),
                                audience="province")
OBJECTION_RECORDED = register_kind("review.objection_recorded",
                                   gettext_lazy("An objection to an application under public notice"),
                                   audience="official")


@finder("review.scores_due")
def scores_due(today: datetime.date) -> list[Reminder]:
    """The expert's reminders of score sheets due within ``max(SCORES_DUE_DAYS)`` days."""
    horizon = today + datetime.timedelta(days=max(SCORES_DUE_DAYS))
    due = (ExpertAssignment.objects.filter(withdrawn_at__isnull=True, submitted_at__isnull=True,
                                           due_on__range=(today, horizon))
           .select_related("expert", "application__enterprise", "application__tier"))
    found = []
    for assignment in due:
        days = ahead((assignment.due_on - today).days, SCORES_DUE_DAYS)
        if days is None:
            continue
        line = _("Your scores on the %(tier)s application of %(enterprise)s are due on %(date)s.") % {
            "tier": assignment.application.tier.name, "enterprise": assignment.application.enterprise.name,
            "date": assignment.due_on.isoformat()}
        found.append(Reminder(f"scores-due:{assignment.pk}:{assignment.due_on.isoformat()}:{days}",
                              [assignment.expert], SCORES_DUE.code, subject(_("Reminder: %(line)s") % {"line": line}),
                              line, reverse("review:expert_score", args=[assignment.pk])))
    return found


@finder("review.scores_overdue")
def scores_overdue(today: datetime.date) -> list[Reminder]:
    """One digest per past due date whose sheets are still missing (the last 30 days' dates)."""
    rows = (ExpertAssignment.objects.filter(withdrawn_at__isnull=True, submitted_at__isnull=True,
                                            due_on__lt=today, due_on__gte=today - datetime.timedelta(days=30))
            .values("due_on").annotate(missing=Count("pk"), experts=Count("expert", distinct=True))
            .order_by("due_on"))
    found = []
    for row in rows:
        line = _("%(missing)s score sheets of %(experts)s experts due on %(date)s are not submitted.") % {
            "missing": row["missing"], "experts": row["experts"], "date": row["due_on"].isoformat()}
        found.append(Reminder(f"scores-overdue:{row['due_on'].isoformat()}", provincial_officers(),
                              SCORES_OVERDUE.code, subject(line), line, reverse("review:dashboard")))
    return found


@finder("review.notice_ending")
def notices_ending(today: datetime.date) -> list[Reminder]:
    """The day before a notice's last day, and its last day: certification may follow once it ends."""
    found = []
    notices = (PublicNotice.objects.filter(ends_on__range=(today, today + datetime.timedelta(days=1)),
                                           starts_on__lte=today)
               .annotate(open_objections=Count("objections", filter=_open_objection()))
               .select_related("tier", "round"))
    for notice in notices:
        days = ahead((notice.ends_on - today).days, NOTICE_ENDING_DAYS)
        if days is None:
            continue
        line = _("The public notice “%(title)s” ends on %(date)s; %(objections)s objections are open. "
                 "Certification may follow from the next day.") % {
            "title": notice.title, "date": notice.ends_on.isoformat(), "objections": notice.open_objections}
        found.append(Reminder(f"notice-ending:{notice.pk}:{days}", provincial_officers(), NOTICE_ENDING.code,
                              subject(line), line, reverse("review:notice_detail", args=[notice.pk])))
    return found


def _open_objection() -> Q:
    return Q(objections__status=ObjectionStatus.OPEN)


@finder("review.filings_waiting")
def filings_waiting(today: datetime.date) -> list[Reminder]:
    """Once a week while filings wait more than ``FILING_WAIT_DAYS`` days for the province."""
    cutoff = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=FILING_WAIT_DAYS),
                                                           datetime.time.min))
    rows = list(Filing.objects.filter(status=FilingStatus.FILED, filed_at__lt=cutoff)
                .values("city__code", "city__name_zh", "city__name_en")
                .annotate(waiting=Count("pk"), oldest=Min("filed_at")).order_by("city__code"))
    if not rows:
        return []
    year, week, _day = today.isocalendar()
    total = sum(row["waiting"] for row in rows)
    oldest = min(row["oldest"] for row in rows)
    line = _("%(total)s filings of the cities have waited more than %(days)s days for the province "
             "(the oldest since %(date)s).") % {"total": total, "days": FILING_WAIT_DAYS,
                                                "date": timezone.localdate(oldest).isoformat()}
    body = "\n".join([line, ""] + [f"{in_active_language(row['city__name_zh'], row['city__name_en'])}: "
                                   f"{row['waiting']}" for row in rows])
    return [Reminder(f"filings-waiting:{year}-W{week:02d}", provincial_officers(), FILINGS_WAITING.code,
                     subject(line), body, reverse("review:filings") + "?status=filed&ordering=filed")]


def notify_objection_recorded(objection: Objection, *, actor: Any) -> None:
    """Inside the recording transaction: the other provincial officers and the application's city
    bureau are told (the objector is not named: the enterprise may come to read the notice)."""
    from django.conf import settings
    from django.utils import translation

    application = objection.application
    with translation.override(settings.LANGUAGE_CODE):
        line = _("An objection (%(kind)s) to %(enterprise)s, %(tier)s, under the notice “%(title)s”, received "
                 "on %(date)s.") % {"kind": objection.get_kind_display(), "enterprise": application.enterprise.name,
                                    "tier": application.tier.name, "title": objection.notice.title,
                                    "date": objection.received_on.isoformat()}
    key = f"objection:{objection.pk}"
    notify(provincial_officers().exclude(pk=actor.pk), kind=OBJECTION_RECORDED.code, key=key, subject=subject(line),
           body=line, url=reverse("review:province_application", args=[application.pk]))
    notify(city_officials(application.enterprise.city_id), kind=OBJECTION_RECORDED.code, key=key, subject=subject(line), body=line,
           url=reverse("applications:detail", args=[application.pk]))
