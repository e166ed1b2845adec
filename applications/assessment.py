"""Officials' check of the maturity assessment report (Art. 5 (5)), as a lifecycle.

    unchecked ─verify─▶ verified ─query─▶ queried ─verify─▶ verified
        └──────query──────────────────────▶ queried ─query (again, a new note)─▶ queried
    verified ─reopen (the enterprise changes the assessment on a returned application)─▶ unchecked

The city bureau checks the report while the application is at the city (submitted, passed), the province
while it is at the province (recommended, accepted, under review): ``applications.check_assessment``.
A query says what does not agree with the report; the enterprise reads it on its application and,
once the application is returned, replaces the report or explains in its notes; the official marks
again. A "verified" is for the figures as they stood: when the enterprise changes the source, number,
date, score, level or the report itself, the service takes it back (``reopen``), so a verified mark
always describes what the application now says (``selectors.self_assessment_count`` counts on it).
"""
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import ensure
from portal.lifecycle import Lifecycle, Transition, register

from . import permissions  # noqa: F401 - registers the permissions the table asks for
from .constants import AssessmentCheckStatus
from .models import AssessmentCheck

ASSESSMENT_CHECK = register(Lifecycle(
    "assessment_check", AssessmentCheck, states=AssessmentCheckStatus, noun=_("assessment check"),
    select_related=("application",), snapshot=lambda check: {"note": check.note},
))

# The verdicts an official gives; ``reopen`` is the service's, never offered on a page.
VERDICTS = ("verify", "query")


def _verify(check: Any, actor: Any, data: Any) -> Any:
    check.note = (data.get("note") or "").strip()
    check.checked_by, check.checked_at = actor, timezone.now()
    return ["note", "checked_by", "checked_at"], _facts(check)


def _query(check: Any, actor: Any, data: Any) -> Any:
    note = (data.get("note") or "").strip()
    ensure(note, _("Say what does not agree with the report, so that the enterprise can answer."),
           article="Art. 5 (5)")
    check.note = note
    check.checked_by, check.checked_at = actor, timezone.now()
    return ["note", "checked_by", "checked_at"], _facts(check)


def _reopen(check: Any, actor: Any, data: Any) -> Any:
    check.note, check.checked_by, check.checked_at = "", None, None
    return ["note", "checked_by", "checked_at"], _facts(check)


def _facts(check: Any) -> dict:
    """What the audit row keeps of the figures the mark was given for."""
    app = check.application
    return {"application": app.pk, "version": app.current_version, "source": app.assessment_source,
            "report_number": app.assessment_report_number,
            "date": app.assessment_date.isoformat() if app.assessment_date else None,
            "score": str(app.assessment_score) if app.assessment_score is not None else None,
            "level": app.maturity_level}


ASSESSMENT_CHECK.declare(
    Transition(name="verify", sources=frozenset({AssessmentCheckStatus.UNCHECKED, AssessmentCheckStatus.QUERIED}),
               target=AssessmentCheckStatus.VERIFIED, permission="applications.check_assessment",
               verb="applications.assessment_verified", effect=_verify, article="Art. 5 (5)"),
    Transition(name="query", sources=frozenset(AssessmentCheckStatus.values), target=AssessmentCheckStatus.QUERIED,
               permission="applications.check_assessment", verb="applications.assessment_queried", effect=_query,
               article="Art. 5 (5)"),
    Transition(name="reopen", sources=frozenset({AssessmentCheckStatus.VERIFIED}),
               target=AssessmentCheckStatus.UNCHECKED, permission="applications.reopen_assessment_check",
               verb="applications.assessment_check_reopened", effect=_reopen, article="Art. 5 (5)"),
)
