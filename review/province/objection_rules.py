"""When an objection to a public notice (公示) can still change the outcome.

An objection is part of the notice: it can be recorded only while the application is in notice (the
date it was received must also fall within the notice, ``review.province.services.record_objection``), and
an upheld one rejects the application before certification. Once certified, the notice is over: a
title obtained by false information or another violation is revoked on an Art. 15 ground
(``tiers.titles.revocation.revoke_title``), not undone by an objection.

``ensure_notice_cleared`` is the certification's check (``review.province.workflow``): the notice has
ended and no objection to the application is open or upheld. The same check shows the "certify" button
disabled with the reason (``portal.lifecycle.Lifecycle.refusal``).
"""
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from applications.constants import Status
from applications.models import Application
from portal.errors import ActionRefused, ensure
from review.models import NoticeEntry, ObjectionStatus

CERTIFIED_MESSAGE = _(
    "This application is certified: its public notice is over and an objection can no longer be recorded or "
    "upheld against it. If the title rests on false information or another violation, revoke the title on an "
    "Art. 15 ground instead."
)


def locked_status(application):
    """The application's status under a row lock, so that certification cannot slip in between
    (``perform`` locks the same row)."""
    return Application.objects.select_for_update(of=("self",)).values_list("status", flat=True).get(pk=application.pk)


def ensure_not_certified(application):
    """Refuse (Art. 15) when the application is certified. Changes nothing."""
    ensure(locked_status(application) != Status.CERTIFIED, CERTIFIED_MESSAGE, article="Art. 15")


def objection_refusal(notice, *, statuses, today=None):
    """Why no written objection to ``notice`` can be recorded today against applications in ``statuses``
    (the one objected to, or every application on the notice for the notice's button), or None.

    Refused before the notice's first day (a letter is recorded with the day it was received, within
    the notice and not in the future); and unless one of them is still in notice: after certification
    pointing to revocation (Art. 15), once rejected or withdrawn because nothing is left to object to.
    Plain data; reads nothing."""
    today = today or timezone.localdate()
    if today < notice.starts_on:
        return ActionRefused(
            _("The notice runs from %(start)s to %(end)s: objections received during it are recorded from its "
              "first day (Art. 12).") % {"start": date_format(notice.starts_on, "DATE_FORMAT"),
                                         "end": date_format(notice.ends_on, "DATE_FORMAT")}, article="Art. 12")
    if Status.IN_NOTICE in statuses:
        return None
    if Status.CERTIFIED in statuses:
        return ActionRefused(CERTIFIED_MESSAGE, article="Art. 15")
    return ActionRefused(_("Objections are recorded only while the application is in public notice."))


def ensure_objection_can_be_recorded(application, notice):
    """Refuse (``objection_refusal``) unless an objection to ``application`` on ``notice`` can be recorded
    today; its status is read under a row lock. Changes nothing."""
    refused = objection_refusal(notice, statuses=[locked_status(application)])
    if refused is not None:
        raise refused


def ensure_notice_cleared(application):
    """Refuse the certification (Art. 12) until the application's public notice has ended, while an
    objection to it is open, or when one was upheld. Reads only: the entry through the application (a
    list of a notice's entries has loaded it) and its objections (``.all()``: a list may prefetch them)."""
    try:
        entry = application.notice_entry
    except NoticeEntry.DoesNotExist:
        entry = None
    ensure(entry is not None, _("This application is on no notice."), article="Art. 12")
    notice = entry.notice
    ensure(notice.has_ended(timezone.localdate()),
           _("The notice runs until %(end)s; certify from the next day.")
           % {"end": date_format(notice.ends_on, "DATE_FORMAT")}, article="Art. 12")
    statuses = {o.status for o in application.objections.all() if o.notice_id == notice.pk}
    ensure(ObjectionStatus.OPEN not in statuses,
           _("An objection to this application is still open: resolve it first."), article="Art. 12")
    ensure(ObjectionStatus.UPHELD not in statuses, _("An objection to this application was upheld."),
           article="Art. 12")
