"""Notifications of life after recognition (``portal.notifications``): the enterprise's users are told
of each step others take on its evaluations and revocation cases, and reminded before each deadline.

Each notification's key names its event, so a task that runs twice notifies once:

- ``step:<audit entry id>`` — a step taken by an official (an evaluation opened or concluded, a case
  opened or decided); scheduled in the outbox inside the step's transaction.
- ``due:<kind>:<id>:<date>:<days>`` — a deadline ``days`` (``REMINDER_DAYS``) ahead: the report and
  the rectification of an evaluation, the statement of a revocation case. ``send_due_reminders`` runs
  daily (Celery beat); a day it missed is made up the next, and only the nearest reminder is sent.
"""
import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import outbox
from portal.accounts.constants import Role
from portal.models import AuditEntry
from portal.notifications import notify, register_kind

from .constants import CaseStatus, EvaluationStatus
from .models import MonitoringEvaluation, RevocationCase
from .monitoring import EVALUATION
from .revocation import CASE

REMINDER_DAYS = (7, 1)

EVALUATION_STEP = register_kind("titles.evaluation_step", gettext_lazy("Operation monitoring evaluations: each step"),
                                audience="enterprise")
CASE_STEP = register_kind("titles.case_step", gettext_lazy("Revocation cases: each step"), audience="enterprise")
DEADLINE = register_kind("titles.deadline", gettext_lazy("Deadlines of reports, rectifications and statements"),
                         audience="enterprise")


@dataclass(frozen=True)
class Mail:
    key: str
    enterprise: Any
    subject: str
    lines: list[str]
    url: str
    kind: str = DEADLINE.code


def send_once(mail: Mail) -> list[Any]:
    """Notify the enterprise's users of ``mail`` (once per user and key); returns the notifications new now."""
    users = mail.enterprise.users.filter(role=Role.ENTERPRISE, is_active=True)
    body = render_to_string("titles/email/aftercare_body.txt", {"mail": mail, "enterprise": mail.enterprise})
    with transaction.atomic():
        return notify(users, kind=mail.kind, key=mail.key, subject=mail.subject, body=body, url=mail.url)


# --- the notice of a step ------------------------------------------------------------------------

def _subject(what: str) -> str:
    return _("[Shandong smart factories] %(what)s") % {"what": what}


def step_mail(entry: AuditEntry) -> Mail | None:
    """The e-mail telling the enterprise of one audited step on its evaluation or case."""
    from .actions import CASE_ACTIONS, EVALUATION_ACTIONS

    model = entry.content_type.model_class() if entry.content_type is not None else None
    if model is MonitoringEvaluation:
        evaluation = (MonitoringEvaluation.objects.select_related("title__tier", "title__enterprise")
                      .filter(pk=entry.object_id).first())
        if evaluation is None:
            return None
        what = (EVALUATION_ACTIONS.done_label_for_verb(entry.verb)
                or _("Operation monitoring evaluation opened"))
        lines = [_("Title: %(title)s") % {"title": evaluation.title}, str(what)]
        if evaluation.next_deadline:
            lines.append(_("Your deadline: %(date)s") % {"date": evaluation.next_deadline.isoformat()})
        if entry.message:
            lines.append(_("Reasons or requirements: %(text)s") % {"text": entry.message})
        return Mail(f"step:{entry.pk}", evaluation.title.enterprise, _subject(str(what)), lines,
                    reverse("titles:evaluation_detail", args=[evaluation.pk]), EVALUATION_STEP.code)
    if model is RevocationCase:
        case = RevocationCase.objects.select_related("enterprise").filter(pk=entry.object_id).first()
        if case is None:
            return None
        what = CASE_ACTIONS.done_label_for_verb(entry.verb) or _("A revocation case on your titles is opened")
        lines = [_("Ground: %(ground)s") % {"ground": case.get_ground_display()}, str(what)]
        if case.may_state and case.statement_due is not None:
            lines.append(_("You may state your case (陈述申辩) in writing until %(date)s.")
                         % {"date": case.statement_due.isoformat()})
        if entry.message:
            lines.append(_("Facts or reasons: %(text)s") % {"text": entry.message})
        return Mail(f"step:{entry.pk}", case.enterprise, _subject(str(what)), lines,
                    reverse("titles:case_detail", args=[case.pk]), CASE_STEP.code)
    return None


def _concerns_enterprise(enterprise_id: int, actor: Any) -> bool:
    return getattr(actor, "enterprise_id", None) != enterprise_id


@receiver(EVALUATION.transitioned, dispatch_uid="titles.notify_evaluation_step")
def _on_evaluation_step(sender: Any, instance: MonitoringEvaluation, actor: Any, audit_entry: Any = None,
                        **kwargs: Any) -> None:
    if audit_entry is not None and _concerns_enterprise(instance.title.enterprise_id, actor):
        from .tasks import notify_enterprise_of_step

        outbox.schedule(notify_enterprise_of_step, audit_entry.pk)


@receiver(CASE.transitioned, dispatch_uid="titles.notify_case_step")
def _on_case_step(sender: Any, instance: RevocationCase, actor: Any, audit_entry: Any = None, **kwargs: Any) -> None:
    if audit_entry is not None and _concerns_enterprise(instance.enterprise_id, actor):
        from .tasks import notify_enterprise_of_step

        outbox.schedule(notify_enterprise_of_step, audit_entry.pk)


# --- deadlines -----------------------------------------------------------------------------------

def _threshold(days_left: int) -> int | None:
    """The nearest reminder a deadline ``days_left`` away is due for (None: not yet)."""
    crossed = [d for d in REMINDER_DAYS if days_left <= d]
    return min(crossed) if crossed else None


def due_mails(today: datetime.date | None = None) -> list[Mail]:
    """The reminders due today for deadlines from today to ``max(REMINDER_DAYS)`` days ahead."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    mails = []
    evaluations = MonitoringEvaluation.objects.select_related("title__tier", "title__enterprise")
    for ev in evaluations.filter(status=EvaluationStatus.OPEN, report_due__range=(today, horizon)):
        mails.append(_due_mail("report", ev.pk, ev.report_due, today, ev.title.enterprise,
                               _("Your monitoring report on %(title)s is due on %(date)s."),
                               {"title": ev.title}, reverse("titles:evaluation_detail", args=[ev.pk])))
    for ev in evaluations.filter(status=EvaluationStatus.RECTIFYING, rectification_due__range=(today, horizon)):
        mails.append(_due_mail("rectification", ev.pk, ev.rectification_due, today, ev.title.enterprise,
                               _("Your rectification for %(title)s is due on %(date)s."),
                               {"title": ev.title}, reverse("titles:evaluation_detail", args=[ev.pk])))
    for case in RevocationCase.objects.select_related("enterprise").filter(
            status=CaseStatus.STATEMENT_PERIOD, statement_due__range=(today, horizon)):
        mails.append(_due_mail("statement", case.pk, case.statement_due, today, case.enterprise,
                               _("You may state your case on revocation case #%(case)s until %(date)s."),
                               {"case": case.pk}, reverse("titles:case_detail", args=[case.pk])))
    return [m for m in mails if m is not None]


def _due_mail(kind: str, pk: int, due: datetime.date | None, today: datetime.date, enterprise: Any, text: str,
              values: dict[str, Any], path: str) -> Mail | None:
    days = _threshold((due - today).days) if due is not None else None
    if days is None or due is None:
        return None
    line = text % {**values, "date": due.isoformat()}
    return Mail(f"due:{kind}:{pk}:{due.isoformat()}:{days}", enterprise, _subject(_("Reminder: %(line)s")
                                                                                  % {"line": line}),
                [line], path)


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send the reminders due today, each once; returns how many deadlines were reminded now."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for mail in due_mails(today):
            if send_once(mail):
                sent += 1
    return sent


def send_step_notice(audit_entry_id: int) -> str:
    entry = AuditEntry.objects.select_related("content_type").filter(pk=audit_entry_id).first()
    if entry is None:
        return "gone"
    with translation.override(settings.LANGUAGE_CODE):
        mail = step_mail(entry)
        if mail is None:
            return "nothing"
        send_once(mail)
    return "sent"


def send_batch_notices(batch: str) -> int:
    """Tell each enterprise of the evaluations opened together as ``batch`` (one e-mail each, once)."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(MonitoringEvaluation)
    ids = [str(pk) for pk in MonitoringEvaluation.objects.filter(batch=batch).values_list("pk", flat=True)]
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for entry in AuditEntry.objects.filter(content_type=content_type, object_id__in=ids,
                                               verb="titles.evaluation_opened").select_related("content_type"):
            mail = step_mail(entry)
            if mail is not None and send_once(mail):
                sent += 1
    return sent
