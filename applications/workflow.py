"""The application lifecycle: its declared transitions and their effects (``portal.lifecycle``).

The table starts with the enterprise's own moves (submit, resubmit, withdraw) and the return for
revision; the review stages declare theirs from ``review`` (``review.city.workflow``,
``review.province.workflow``), without editing this app. How each transition is offered on a page is
``applications.actions``. ``perform(application, name, actor=..., data=...)`` is
``APPLICATION.perform``; nothing else assigns ``Application.status``.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import ActionRefused, ensure
from portal.lifecycle import Lifecycle, Transition, register

from . import permissions  # noqa: F401 - registers the permissions the table asks for
from .constants import PRE_DECISION_STATUSES, SECTION_LABELS, Status
from .models import Application, ApplicationVersion, ReturnComment

APPLICATION = register(
    Lifecycle(
        "application",
        Application,
        states=Status,
        noun=_("application"),
        select_related=("enterprise__city", "tier", "round"),
    )
)

# Sent after commit with sender=Application, instance, transition, actor, audit_entry, data.
application_transitioned = APPLICATION.transitioned


class SubmissionBlocked(ActionRefused):
    """Submission refused because rules are unmet; ``issues`` lists them (each with ``article``, ``message``)."""

    def __init__(self, issues: Any) -> None:
        super().__init__(
            _("The application cannot be submitted yet: %(count)s requirement(s) are not met.")
            % {"count": len(issues)}
        )
        self.issues = issues


def perform(application: Application, name: Any, *, actor: Any, data: Any = None) -> Any:
    """Run transition ``name`` of the application lifecycle (``portal.lifecycle.Lifecycle.perform``)."""
    return APPLICATION.perform(application, name, actor=actor, data=data)


# --- effects --------------------------------------------------------------------------------------


def _freeze_version(app: Application, actor: Any) -> Any:
    """Block on unmet rules; otherwise freeze the content as the next numbered version."""
    from .content import blocking_issues, snapshot
    from .documents import request_documents

    issues = blocking_issues(app)
    if issues:
        raise SubmissionBlocked(issues)
    number = app.current_version + 1
    now = timezone.now()
    version = ApplicationVersion.objects.create(
        application=app,
        number=number,
        snapshot=snapshot(app),
        submitted_by=actor,
        submitted_at=now,
    )
    # The 申报书 and 承诺书 of this version, printed from what was frozen, by a task after the commit.
    version.refresh_from_db(fields=["snapshot"])  # the content as stored is what the QR code's digest covers
    request_documents(version)
    app.current_version, app.submitted_at = number, now
    return ["current_version", "submitted_at"], {"version": number}


def ensure_submission_window(app: Application) -> None:
    """A check of the first submission: the round is open now for this tier and city (Art. 4, 11-13,
    19; ``tiers.rounds.ensure_open_for_submission``, which names the opening or closing date). Reads only."""
    from tiers.rounds import ensure_open_for_submission

    ensure_open_for_submission(app.round, tier=app.tier, city=app.enterprise.city)


def _submit(app: Application, actor: Any, data: Any) -> Any:
    """First submission, in the round's window (``ensure_submission_window`` is its check)."""
    return _freeze_version(app, actor)


def _resubmit(app: Application, actor: Any, data: Any) -> Any:
    # A returned application may be resubmitted after the round has closed: the return reopened it.
    return _freeze_version(app, actor)


def _withdraw(app: Application, actor: Any, data: Any) -> Any:
    reason = (data.get("reason") or "").strip()
    ensure(reason, _("Give a reason for withdrawing."))
    app.withdrawal_reason = reason
    return ["withdrawal_reason"], {}


def _return_for_revision(app: Application, actor: Any, data: Any) -> Any:
    """Store the reviewer's comments per section on the returned version; the pledge must be given again."""
    comments = {
        section: text.strip()
        for section, text in (data.get("comments") or {}).items()
        if text and text.strip()
    }
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
    return ["pledge_accepted_by", "pledge_accepted_at"], {
        "version": version.number,
        "sections": sorted(comments),
    }


def _declare() -> None:
    APPLICATION.declare(
        Transition(
            name="submit",
            sources=frozenset({Status.DRAFT}),
            target=Status.SUBMITTED,
            permission="applications.submit",
            verb="applications.submitted",
            effect=_submit,
            checks=(ensure_submission_window,),
            article="Art. 5",
        ),
        Transition(
            name="resubmit",
            sources=frozenset({Status.RETURNED}),
            target=Status.SUBMITTED,
            permission="applications.submit",
            verb="applications.resubmitted",
            effect=_resubmit,
            article="Art. 5",
        ),
        Transition(
            name="return_for_revision",
            sources=frozenset({Status.SUBMITTED, Status.CITY_PASSED, Status.RECOMMENDED, Status.ACCEPTED}),
            target=Status.RETURNED,
            permission="applications.return_for_revision",
            verb="applications.returned",
            effect=_return_for_revision,
        ),
        Transition(
            name="withdraw",
            sources=PRE_DECISION_STATUSES,
            target=Status.WITHDRAWN,
            permission="applications.withdraw",
            verb="applications.withdrawn",
            effect=_withdraw,
        ),
    )


_declare()
