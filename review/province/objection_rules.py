"""When an objection to a public notice (公示) can still change the outcome.

An objection is part of the notice: it can be recorded only while the application is in notice (the
date it was received must also fall within the notice, ``review.province.services.record_objection``), and
an upheld one rejects the application before certification. Once certified, the notice is over: a
title obtained by false information or another violation is revoked on an Art. 15 ground
(``tiers.titles.revocation.revoke_title``), not undone by an objection.
"""
from django.utils.translation import gettext_lazy as _

from applications.constants import Status
from applications.models import Application
from portal.errors import ensure

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


def ensure_objection_can_be_recorded(application):
    """Refuse unless the application is in notice: after certification pointing to revocation (Art. 15);
    before the notice, or once it was rejected, because there is nothing left to object to."""
    ensure_not_certified(application)
    ensure(locked_status(application) == Status.IN_NOTICE,
           _("Objections are recorded only while the application is in public notice."))
