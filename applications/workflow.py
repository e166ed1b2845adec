"""The application lifecycle as one declared table of transitions, and the one function that runs them.

Why a table and not django-fsm-2's ``@transition`` methods: the transitions of later stages belong to
the review app, which must add them without editing this app's model, and the same data must drive
the checks, the action buttons and the timeline labels. A transition here is plain data:

    register(Transition(name="recommend", sources={Status.CITY_PASSED}, target=Status.RECOMMENDED,
                        permission=can_recommend, label=_("Recommend to the province"),
                        done_label=_("Recommended by the city"), verb="review.recommended",
                        effect=check_quota))

``perform(application, name, actor=..., data=...)`` then, in one transaction: locks the row, checks
the status is a source, checks the permission on the object, runs the effect (which may refuse with
ActionRefused), writes the status, writes one audit row, and sends ``application_transitioned``
once the transaction commits. Nothing else assigns ``Application.status`` (``Application.save``
refuses it).
"""
from collections.abc import Callable
from dataclasses import dataclass, field

import django.dispatch
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit import audit
from portal.errors import ActionRefused, ensure

from . import permissions as perms
from .constants import PRE_DECISION_STATUSES, SECTION_LABELS, Status
from .models import Application, ApplicationVersion, ReturnComment

# Sent after commit with sender=Application, application, transition, actor, audit_entry.
application_transitioned = django.dispatch.Signal()


class SubmissionBlocked(ActionRefused):
    """Submission refused because rules are unmet; ``issues`` lists them (each with ``article``, ``message``)."""

    def __init__(self, issues):
        super().__init__(_("The application cannot be submitted yet: %(count)s requirement(s) are not met.")
                         % {"count": len(issues)})
        self.issues = issues


@dataclass(frozen=True)
class Transition:
    """One allowed move of the state machine.

    ``permission(user, application) -> bool`` is checked on the object. ``effect(application, actor,
    data) -> (changed_fields, audit_after)`` runs inside the transaction before the status changes
    and may raise ActionRefused. ``form_class(application=..., data=...)`` is what its confirm page
    asks; its cleaned_data is passed as ``data``. ``confirm_url(application)`` overrides the generic
    confirm page (e.g. submission is confirmed on the form's summary step).
    """

    name: str
    sources: frozenset
    target: str
    permission: Callable
    label: str
    done_label: str
    verb: str
    effect: Callable | None = None
    form_class: type | None = None
    confirm_url: Callable | None = None
    style: str = "primary"
    order: int = 100
    help_text: str = field(default="")

    def url(self, application):
        if self.confirm_url:
            return self.confirm_url(application)
        return reverse("applications:transition", args=[application.pk, self.name])


TRANSITIONS: dict[str, Transition] = {}


def register(*transitions):
    """Add transitions to the table (from this module, or from another app's ``ready``)."""
    for t in transitions:
        if t.name in TRANSITIONS:
            raise ValueError(f"Transition {t.name!r} is already declared.")
        unknown = ({*t.sources, t.target}) - set(Status.values)
        if unknown:
            raise ValueError(f"Transition {t.name!r} names unknown statuses {unknown}.")
        TRANSITIONS[t.name] = t


def transitions_from(status):
    return sorted((t for t in TRANSITIONS.values() if status in t.sources), key=lambda t: (t.order, t.name))


def available_transitions(application, user):
    """What ``user`` may do to ``application`` now: the action buttons."""
    return [t for t in transitions_from(application.status) if t.permission(user, application)]


def actions_for(application, user):
    """The action buttons: each available transition with the URL of its confirm page."""
    return [{"transition": t, "url": t.url(application)} for t in available_transitions(application, user)]


def done_label_for_verb(verb):
    for t in TRANSITIONS.values():
        if t.verb == verb:
            return t.done_label
    return None


def perform(application, name, *, actor, data=None):
    """Run transition ``name`` on ``application`` for ``actor``; return the updated application.

    Before: the status is one of the transition's sources and ``actor`` passes its permission.
    After: the new status, the effect's changes and one audit row, all in one transaction.
    """
    transition = TRANSITIONS.get(name)
    ensure(transition is not None, _("This action does not exist."))
    data = data or {}
    with transaction.atomic():
        # Lock only the application's row: the joined enterprise, city, tier and round rows are read,
        # not locked, or every transition in a round would queue behind every other.
        app = (Application.objects.select_for_update(of=("self",))
               .select_related("enterprise__city", "tier", "round").get(pk=application.pk))
        ensure(
            app.status in transition.sources,
            _("“%(action)s” is not possible while the application is “%(status)s”.")
            % {"action": transition.label, "status": app.get_status_display()},
        )
        ensure(transition.permission(actor, app), _("You may not do “%(action)s” on this application.")
               % {"action": transition.label})
        before = app.status
        changed, extra = transition.effect(app, actor, data) if transition.effect else ([], {})
        app.status = transition.target
        app._workflow_writing = True
        try:
            app.save(update_fields=["status", "updated_at", *changed])
        finally:
            app._workflow_writing = False
        entry = audit(actor, transition.verb, app, before={"status": before},
                      after={"status": app.status, **(extra or {})}, message=data.get("reason", ""))
        transaction.on_commit(lambda: application_transitioned.send(
            sender=Application, application=app, transition=transition, actor=actor, audit_entry=entry))
    if application is not app:
        application.refresh_from_db()
    return app


# --- effects --------------------------------------------------------------------------------------

def _freeze_version(app, actor):
    """Block on unmet rules; otherwise freeze the content as the next numbered version."""
    from .content import blocking_issues, snapshot

    issues = blocking_issues(app)
    if issues:
        raise SubmissionBlocked(issues)
    number = app.current_version + 1
    ApplicationVersion.objects.create(application=app, number=number, snapshot=snapshot(app), submitted_by=actor,
                                      submitted_at=timezone.now())
    app.current_version = number
    return ["current_version"], {"version": number}


def _submit(app, actor, data):
    """First submission: the round must be open for this tier and city (Art. 4, 11-13)."""
    from tiers.rounds import ensure_open_for_submission

    ensure_open_for_submission(app.round, tier=app.tier, city=app.enterprise.city)
    return _freeze_version(app, actor)


def _resubmit(app, actor, data):
    # A returned application may be resubmitted after the round has closed: the return reopened it.
    return _freeze_version(app, actor)


def _withdraw(app, actor, data):
    reason = (data.get("reason") or "").strip()
    ensure(reason, _("Give a reason for withdrawing."))
    app.withdrawal_reason = reason
    return ["withdrawal_reason"], {}


def _return_for_revision(app, actor, data):
    """Store the reviewer's comments per section on the returned version; the pledge must be given again."""
    comments = {section: text.strip() for section, text in (data.get("comments") or {}).items() if text and text.strip()}
    ensure(comments, _("Write at least one comment saying what must be revised."))
    unknown = set(comments) - set(SECTION_LABELS)
    ensure(not unknown, _("Unknown section."))
    version = app.versions.get(number=app.current_version)
    ReturnComment.objects.bulk_create(
        ReturnComment(application=app, version=version, section=section, text=text, author=actor)
        for section, text in comments.items()
    )
    # The pledge covers the content as submitted; revised content needs a fresh one.
    app.pledge_accepted_by = None
    app.pledge_accepted_at = None
    return ["pledge_accepted_by", "pledge_accepted_at"], {"version": version.number, "sections": sorted(comments)}


def _review_step(app):
    return reverse("applications:step", args=[app.pk, "review"])


def _declare():
    from .forms import ReturnForRevisionForm, WithdrawForm

    register(
        Transition(
            name="submit", sources=frozenset({Status.DRAFT}), target=Status.SUBMITTED,
            permission=perms.can_submit, label=_("Submit the application"), done_label=_("Submitted"),
            verb="applications.submitted", effect=_submit, confirm_url=_review_step, order=10,
        ),
        Transition(
            name="resubmit", sources=frozenset({Status.RETURNED}), target=Status.SUBMITTED,
            permission=perms.can_submit, label=_("Resubmit the revised application"), done_label=_("Resubmitted"),
            verb="applications.resubmitted", effect=_resubmit, confirm_url=_review_step, order=10,
        ),
        Transition(
            name="return_for_revision",
            sources=frozenset({Status.SUBMITTED, Status.CITY_PASSED, Status.RECOMMENDED, Status.ACCEPTED}),
            target=Status.RETURNED, permission=perms.can_return_for_revision, label=_("Return for revision"),
            done_label=_("Returned for revision"), verb="applications.returned", effect=_return_for_revision,
            form_class=ReturnForRevisionForm, style="warning", order=50,
        ),
        Transition(
            name="withdraw", sources=PRE_DECISION_STATUSES, target=Status.WITHDRAWN,
            permission=perms.can_withdraw, label=_("Withdraw the application"), done_label=_("Withdrawn"),
            verb="applications.withdrawn", effect=_withdraw, form_class=WithdrawForm, style="outline-danger",
            order=90,
        ),
    )


_declare()
