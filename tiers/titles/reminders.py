"""Notifications of life after recognition (``portal.notifications``): the enterprise's users are told
of each step others take on its evaluations and revocation cases, and reminded before each deadline.

Each notification's key names its event, so a task that runs twice notifies once:

- ``step:<audit entry id>`` — a step taken by an official (an evaluation opened or concluded, a case
  opened or decided); scheduled in the outbox inside the step's transaction.
- ``due:<kind>:<id>:<date>:<days>`` — a deadline ``days`` (``REMINDER_DAYS``) ahead: the report and
  the rectification of an evaluation, the statement of a revocation case; a finder of the daily
  ``portal.reminders`` run (a day it missed is made up the next, and only the nearest reminder is sent).
"""
import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import outbox
from portal.accounts.constants import Role
from portal.models import AuditEntry
from portal.notifications import city_officials, notify, provincial_officers, register_kind
from portal.reminders import Reminder, ahead, finder, send_reminders, subject

from .constants import CaseStatus, EvaluationStatus
from .models import MonitoringEvaluation, RenameRequest, RevocationCase
from .monitoring import EVALUATION
from .renames import RENAME
from .revocation import CASE

REMINDER_DAYS = (7, 1)

EVALUATION_STEP = register_kind("titles.evaluation_step", gettext_lazy("Operation monitoring evaluations: each step"),
                                audience="enterprise")
CASE_STEP = register_kind("titles.case_step", gettext_lazy("Revocation cases: each step"), audience="enterprise")
RENAME_STEP = register_kind("titles.rename_step", gettext_lazy("My rename requests: each decision"),
                            audience="enterprise")
AFTERCARE_TO_HANDLE = register_kind("titles.aftercare_to_handle",
                                    gettext_lazy("A monitoring report, rectification or statement to handle"),
                                    audience="official")
RENAME_TO_HANDLE = register_kind("titles.rename_to_handle", gettext_lazy("A rename request to decide"),
                                 audience="official")
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


def enterprise_users(enterprise: Any) -> Any:
    return enterprise.users.filter(role=Role.ENTERPRISE, is_active=True)


def _body(mail: Mail) -> str:
    return render_to_string("titles/email/aftercare_body.txt", {"mail": mail, "enterprise": mail.enterprise})


def send_once(mail: Mail) -> list[Any]:
    """Notify the enterprise's users of ``mail`` (once per user and key); returns the notifications new now."""
    with transaction.atomic():
        return notify(enterprise_users(mail.enterprise), kind=mail.kind, key=mail.key, subject=mail.subject,
                      body=_body(mail), url=mail.url)


# --- the notice of a step ------------------------------------------------------------------------

_subject = subject


def step_mail(entry: AuditEntry) -> Mail | None:
    """The e-mail telling the enterprise of one audited step on its evaluation or case."""
    from .actions import CASE_ACTIONS, EVALUATION_ACTIONS, RENAME_ACTIONS

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
    if model is RenameRequest:
        request = RenameRequest.objects.select_related("enterprise").filter(pk=entry.object_id).first()
        if request is None:
            return None
        what = RENAME_ACTIONS.done_label_for_verb(entry.verb) or request.get_status_display()
        lines = [_("Rename: %(old)s → %(new)s") % {"old": request.old_name, "new": request.new_name}, str(what),
                 _("Status: %(status)s") % {"status": request.get_status_display()}]
        if entry.message:
            lines.append(_("Reasons or notes: %(text)s") % {"text": entry.message})
        return Mail(f"step:{entry.pk}", request.enterprise, _subject(str(what)), lines,
                    reverse("titles:rename_detail", args=[request.pk]), RENAME_STEP.code)
    return None


def _concerns_enterprise(enterprise_id: int, actor: Any) -> bool:
    return getattr(actor, "enterprise_id", None) != enterprise_id


@receiver(EVALUATION.transitioned, dispatch_uid="titles.notify_evaluation_step")
def _on_evaluation_step(sender: Any, instance: MonitoringEvaluation, actor: Any, audit_entry: Any = None,
                        **kwargs: Any) -> None:
    if audit_entry is None:
        return
    if _concerns_enterprise(instance.title.enterprise_id, actor):
        from .tasks import notify_enterprise_of_step

        outbox.schedule(notify_enterprise_of_step, audit_entry.pk)
    else:
        from .actions import EVALUATION_ACTIONS

        tell_authority(instance, instance.title.enterprise, audit_entry,
                       EVALUATION_ACTIONS.done_label_for_verb(audit_entry.verb) or instance.get_status_display(),
                       reverse("titles:evaluation_detail", args=[instance.pk]))


@receiver(CASE.transitioned, dispatch_uid="titles.notify_case_step")
def _on_case_step(sender: Any, instance: RevocationCase, actor: Any, audit_entry: Any = None, **kwargs: Any) -> None:
    if audit_entry is None:
        return
    if _concerns_enterprise(instance.enterprise_id, actor):
        from .tasks import notify_enterprise_of_step

        outbox.schedule(notify_enterprise_of_step, audit_entry.pk)
    else:
        from .actions import CASE_ACTIONS

        # One statement answers every case of the group (``revocation.perform``): each official hears of
        # it once, with the first of the group's cases that is theirs, not once per case.
        statement = audit_entry.verb == "titles.case_statement_submitted"
        tell_authority(instance, instance.enterprise, audit_entry,
                       CASE_ACTIONS.done_label_for_verb(audit_entry.verb) or instance.get_status_display(),
                       reverse("titles:case_detail", args=[instance.pk]),
                       key=f"statement:{instance.group}" if statement else "")


@receiver(RENAME.transitioned, dispatch_uid="titles.notify_rename_step")
def _on_rename_step(sender: Any, instance: RenameRequest, transition: Any, actor: Any, audit_entry: Any = None,
                    **kwargs: Any) -> None:
    if audit_entry is not None and _concerns_enterprise(instance.enterprise_id, actor):
        from .tasks import notify_enterprise_of_step

        outbox.schedule(notify_enterprise_of_step, audit_entry.pk)
    if audit_entry is not None and getattr(transition, "name", "") == "city_forward":
        tell_rename_deciders(instance, audit_entry)


def tell_rename_deciders(request: RenameRequest, entry: AuditEntry) -> None:
    """Inside the step: a submitted request goes to the enterprise's city bureau, a forwarded one to
    the provincial officers."""
    from .constants import RenameStatus

    if request.status == RenameStatus.SUBMITTED:
        users, url = city_officials(request.enterprise.city_id), reverse("titles:rename_queue")
    else:
        users, url = provincial_officers(), reverse("titles:rename_province")
    with translation.override(settings.LANGUAGE_CODE):
        line = _("Rename request: %(old)s → %(new)s (%(route)s)") % {
            "old": request.old_name, "new": request.new_name, "route": request.get_route_display()}
        notify(users, kind=RENAME_TO_HANDLE.code, key=f"step:{entry.pk}", subject=_subject(line), body=line, url=url)


# --- the authority: what an enterprise's step leaves to it ------------------------------------------

def authority_officials(authority: str, enterprise: Any) -> Any:
    """The officials who decide for ``authority``: the city bureau of the enterprise's current city
    for a city's title, the provincial officers for the others (``monitoring.decided_by``)."""
    from .constants import Authority

    if authority == Authority.CITY:
        return city_officials(enterprise.city_id)
    return provincial_officers()


def tell_authority(instance: Any, enterprise: Any, entry: AuditEntry, what: Any, url: str, *,
                   key: str = "") -> None:
    """Inside the enterprise's step: the deciding officials learn what now waits for them, once per
    ``key`` (by default the step's own audit row)."""
    with translation.override(settings.LANGUAGE_CODE):
        line = _("%(enterprise)s: %(what)s") % {"enterprise": enterprise.name, "what": what}
        notify(authority_officials(instance.authority, enterprise), kind=AFTERCARE_TO_HANDLE.code,
               key=key or f"step:{entry.pk}", subject=_subject(line), body=line, url=url)


# --- deadlines (``portal.reminders``) ------------------------------------------------------------

@finder("titles.deadlines")
def due_reminders(today: datetime.date) -> list[Reminder]:
    """The reminders due ``today`` for deadlines from today to ``max(REMINDER_DAYS)`` days ahead: the
    report and the rectification of an evaluation, the statement of a revocation case."""
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    found = []
    evaluations = MonitoringEvaluation.objects.select_related("title__tier", "title__enterprise")
    for ev in evaluations.filter(status=EvaluationStatus.OPEN, report_due__range=(today, horizon)):
        found.append(_due("report", ev.pk, ev.report_due, today, ev.title.enterprise,
                          _("Your monitoring report on %(title)s is due on %(date)s."),
                          {"title": ev.title}, reverse("titles:evaluation_detail", args=[ev.pk])))
    for ev in evaluations.filter(status=EvaluationStatus.RECTIFYING, rectification_due__range=(today, horizon)):
        found.append(_due("rectification", ev.pk, ev.rectification_due, today, ev.title.enterprise,
                          _("Your rectification for %(title)s is due on %(date)s."),
                          {"title": ev.title}, reverse("titles:evaluation_detail", args=[ev.pk])))
    for case in RevocationCase.objects.select_related("enterprise").filter(
            status=CaseStatus.STATEMENT_PERIOD, statement_due__range=(today, horizon)):
        found.append(_due("statement", case.pk, case.statement_due, today, case.enterprise,
                          _("You may state your case on revocation case #%(case)s until %(date)s."),
                          {"case": case.pk}, reverse("titles:case_detail", args=[case.pk])))
    return [r for r in found if r is not None]


def _due(kind: str, pk: int, due: datetime.date | None, today: datetime.date, enterprise: Any, text: str,
         values: dict[str, Any], path: str) -> Reminder | None:
    days = ahead((due - today).days, REMINDER_DAYS) if due is not None else None
    if days is None or due is None:
        return None
    line = text % {**values, "date": due.isoformat()}
    mail = Mail(f"due:{kind}:{pk}:{due.isoformat()}:{days}", enterprise,
                _subject(_("Reminder: %(line)s") % {"line": line}), [line], path)
    return Reminder(mail.key, enterprise_users(enterprise), mail.kind, mail.subject, _body(mail), mail.url)


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send the deadline reminders due today, each once; returns how many were reminded now."""
    return sum(send_reminders(today, only=["titles.deadlines"]).values())


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
