"""Writes of the enterprise side: drafts, steps, evidence, the pledge, and the transitions' entry points.

Status changes go through ``applications.workflow.perform``; the functions here that change a
status (submit, resubmit, withdraw, return_for_revision) are thin, named entry points to it.
"""
from typing import Any

import rules
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.constants import Role
from portal.audit import audit
from portal.errors import ActionRefused, ensure
from portal.uploads import check_upload
from tiers.constants import FINANCIAL_FIGURES, Indicator
from tiers.models import Segment

from . import workflow
from .assessment import ASSESSMENT_CHECK, VERDICTS
from .checks import ensure_tier_not_held
from .constants import (
    ASSESSMENT_FIELDS,
    ASSESSMENT_REPORT,
    ATTACHMENT_SECTIONS,
    OPEN_STATUSES,
    AssessmentCheckStatus,
    Kind,
)
from .figures import years_for
from .models import (
    Application,
    ApplicationSegment,
    AssessmentCheck,
    Attachment,
    FinancialYear,
    OutcomeIndicator,
)


@transaction.atomic
def create_draft(*, enterprise: Any, round: Any, tier: Any, actor: Any, scenarios: Any = ()) -> Any:
    """Start an application for ``enterprise`` in ``round`` for ``tier`` (Art. 4-13).

    Before: ``actor`` works for the enterprise; the round is open to this tier and the enterprise's
    city; the enterprise holds no active title of the tier (Art. 11-13, ``rules.ensure_tier_not_held``);
    no other open application of the enterprise for this tier and round (excellent scenarios
    excepted: several may be open, and an award held does not stop a new one, Art. 10). After: a draft with one empty entry per segment and one audit row.
    """
    from tiers.rounds import ensure_open_for_submission

    ensure(getattr(actor, "role", None) == Role.ENTERPRISE and actor.enterprise_id == enterprise.pk,
           _("Only the enterprise's own users may apply for it."))
    ensure_open_for_submission(round, tier=tier, city=enterprise.city)
    ensure_tier_not_held(enterprise, tier)
    kind = Kind.SCENARIO if tier.is_scenario else Kind.TIER
    if kind == Kind.TIER:
        ensure(
            not Application.objects.filter(enterprise=enterprise, tier=tier, round=round, kind=kind,
                                           status__in=OPEN_STATUSES).exists(),
            _("Your enterprise already has an open application for this tier in this round."),
            article="Art. 4",
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                enterprise=enterprise, round=round, tier=tier, kind=kind, created_by=actor
            )
    except IntegrityError as exc:  # a concurrent request won the race; the constraint decided
        raise ActionRefused(_("Your enterprise already has an open application for this tier in this round.")) from exc
    ApplicationSegment.objects.bulk_create(
        ApplicationSegment(application=application, segment=segment) for segment in Segment.objects.all()
    )
    if scenarios:
        application.scenarios.set(scenarios)
    audit(actor, "applications.draft_created", application,
          after={"round": round.pk, "tier": tier.code, "kind": kind})
    return application


def _locked_editable(application: Application, actor: Any) -> Any:
    app = Application.objects.select_for_update().get(pk=application.pk)
    ensure(rules.has_perm("applications.edit_application", actor, app),
           _("This application is not open for editing: once submitted it is frozen until returned."))
    return app


@transaction.atomic
def save_fields(application: Application, *, actor: Any, fields: Any, scenarios: Any = None) -> Any:
    """Save some of the application's own fields (one step of the form) on a draft or returned application.

    ``fields`` maps model field names to values; ``scenarios`` (for excellent scenarios) replaces the choice.
    Writes an audit row naming the fields that changed, none when nothing did.
    """
    allowed = {
        *ASSESSMENT_FIELDS, "assessment_explanation", "declares_operations_sound", "operations_sound_text", "declares_secure_controllable",
        "secure_controllable_text", "declares_organisation_and_team", "organisation_and_team_text", "outcomes",
        "above_size_explanation",
    }
    ensure(set(fields) <= allowed, _("These fields cannot be edited here."))
    app = _locked_editable(application, actor)
    changed = {name: value for name, value in fields.items() if getattr(app, name) != value}
    for name, value in changed.items():
        setattr(app, name, value)
    if changed:
        app.save(update_fields=[*changed, "updated_at"])
    if scenarios is not None and app.kind == Kind.SCENARIO:
        before = set(app.scenarios.values_list("pk", flat=True))
        after = {s.pk for s in scenarios}
        if before != after:
            app.scenarios.set(scenarios)
            changed["scenarios"] = sorted(after)
    if changed:
        audit(actor, "applications.draft_saved", app, after={"fields": sorted(changed)})
    if set(changed) & set(ASSESSMENT_FIELDS):
        _reopen_assessment_check(app, actor)
    return app


def _draft_saved(app: Application, actor: Any, fields: list[str]) -> None:
    """A part of the draft kept in its own rows changed: the application is touched (its lists sort by
    the last change) and one ``applications.draft_saved`` row names what changed."""
    Application.objects.filter(pk=app.pk).update(updated_at=timezone.now())
    audit(actor, "applications.draft_saved", app, after={"fields": fields})


def _reopen_assessment_check(app: Application, actor: Any) -> None:
    """A "verified" was given for the assessment as it stood: changed, it is unchecked again (Art. 5 (5))."""
    check = AssessmentCheck.objects.filter(application=app, status=AssessmentCheckStatus.VERIFIED).first()
    if check is not None:
        ASSESSMENT_CHECK.perform(check, "reopen", actor=actor)


@transaction.atomic
def check_assessment(application: Application, *, verdict: str, actor: Any, note: str = "") -> Any:
    """An official marks the application's maturity assessment report verified, or queried with ``note``
    saying what does not agree with the report (Art. 5 (5)).

    Before: ``actor`` may check it now (``applications.check_assessment``: its city's official while the
    application is at the city, the province while it is at the province); a query has a note. After: the
    application's AssessmentCheck (made at the first mark) in the new state, one audit row of the check
    with the figures the mark was given for.
    """
    ensure(verdict in VERDICTS, _("This action does not exist."))
    check, _created = AssessmentCheck.objects.get_or_create(application=application)
    return ASSESSMENT_CHECK.perform(check, verdict, actor=actor, data={"note": note})


@transaction.atomic
def save_segment(application: Application, *, actor: Any, segment: Any, narrative: Any, scenarios: Any, missing_justification: Any = None) -> Any:
    """Save what the application says about one segment: its narrative and typical scenarios, and
    (excellence, Art. 8) why it is not covered when ``missing_justification`` is given (None: unchanged)."""
    app = _locked_editable(application, actor)
    if missing_justification is not None:
        justifications = dict(app.missing_segment_justifications or {})
        text = missing_justification.strip()
        if text != justifications.get(segment.code, ""):
            if text:
                justifications[segment.code] = text
            else:
                justifications.pop(segment.code, None)
            app.missing_segment_justifications = justifications
            app.save(update_fields=["missing_segment_justifications", "updated_at"])
            audit(actor, "applications.draft_saved", app, after={"fields": [f"missing_justification_{segment.code}"]})
    entry, _created = ApplicationSegment.objects.get_or_create(application=app, segment=segment)
    before = (entry.narrative, set(entry.scenarios.values_list("pk", flat=True)))
    after = (narrative, {s.pk for s in scenarios})
    if before != after:
        entry.narrative = narrative
        entry.save(update_fields=["narrative"])
        entry.scenarios.set(scenarios)
        _draft_saved(app, actor, [f"segment_{segment.code}"])
    return entry


@transaction.atomic
def save_financials(application: Application, *, actor: Any, years: dict[int, dict[str, Any]]) -> Application:
    """Save the operating income, total profit and R&D spending (万元) of the three years before the round's
    year (Art. 5 (2)) on a draft or returned application.

    ``years``: {year: {figure: Decimal or None}} for some of those years. Before: income and R&D spending are
    not negative (profit may be). After: one row per year given, one audit row naming the years changed, none
    when nothing did. R&D above income is allowed here and shown as a warning (``figures.financial_warnings``).
    """
    app = _locked_editable(application, actor)
    allowed = set(years_for(app.round))
    ensure(set(years) <= allowed, _("Give the figures of the three years before the round's year only."),
           article="Art. 5 (2)")
    for values in years.values():
        ensure(set(values) <= set(FINANCIAL_FIGURES), _("These fields cannot be edited here."))
        for name in ("operating_income", "rd_spending"):
            ensure(values.get(name) is None or values[name] >= 0,
                   _("Operating income and R&D spending cannot be negative."), article="Art. 5 (2)")
    stored = {row.year: row for row in app.financial_years.select_for_update()}
    changed = []
    for year, values in sorted(years.items()):
        row = stored.get(year) or FinancialYear(application=app, year=year)
        if row.pk and all(getattr(row, name) == values.get(name) for name in FINANCIAL_FIGURES):
            continue
        if not row.pk and all(values.get(name) is None for name in FINANCIAL_FIGURES):
            continue
        for name in FINANCIAL_FIGURES:
            setattr(row, name, values.get(name))
        row.save()
        changed.append(year)
    if changed:
        _draft_saved(app, actor, [f"financials_{y}" for y in changed])
    return app


@transaction.atomic
def save_indicators(application: Application, *, actor: Any, indicators: dict[str, dict[str, Any]]) -> Application:
    """Save outcome indicators (建设成效): the value before and after building the factory and the unit.

    ``indicators``: {Indicator value: {"before", "after", "unit"}}. Before: the application is editable by
    ``actor``; values are not negative. After: one row per indicator given, one audit row naming the
    indicators changed, none when nothing did.
    """
    app = _locked_editable(application, actor)
    ensure(set(indicators) <= set(Indicator.values), _("Unknown indicator."))
    stored = {row.indicator: row for row in app.indicators.select_for_update()}
    changed = []
    for key in Indicator.values:
        if key not in indicators:
            continue
        values = indicators[key]
        before, after, unit = values.get("before"), values.get("after"), (values.get("unit") or "").strip()
        ensure((before is None or before >= 0) and (after is None or after >= 0),
               _("An indicator's values cannot be negative."))
        ensure(len(unit) <= 30, _("The unit is at most 30 characters."))
        row = stored.get(key) or OutcomeIndicator(application=app, indicator=key)
        if (row.before, row.after, row.unit) == (before, after, unit) or (
                not row.pk and before is None and after is None and not unit):
            continue
        row.before, row.after, row.unit = before, after, unit
        row.save()
        changed.append(key)
    if changed:
        _draft_saved(app, actor, [f"indicator_{key}" for key in changed])
    return app


@transaction.atomic
def add_attachment(application: Application, *, actor: Any, section: Any, uploaded: Any) -> Any:
    """Store one piece of evidence after checking what it really is (uploads.check_upload).

    Before: the application is editable by ``actor``; the file is a real PDF, PNG or JPEG within the
    size limit. After: the file is stored privately under a random name, one audit row.
    """
    ensure(section in ATTACHMENT_SECTIONS, _("Unknown section."))
    app = _locked_editable(application, actor)
    checked = check_upload(uploaded)
    attachment = Attachment(
        application=app, section=section, original_name=uploaded.name[:255], content_type=checked.content_type,
        size=checked.size, sha256=checked.sha256, uploaded_by=actor,
    )
    attachment.file.save("upload", uploaded, save=False)  # the name is replaced by attachment_path
    attachment.save()
    audit(actor, "applications.attachment_added", app,
          after={"attachment": attachment.pk, "section": section, "name": attachment.original_name,
                 "sha256": checked.sha256})
    if section == ASSESSMENT_REPORT:
        _reopen_assessment_check(app, actor)
    return attachment


@transaction.atomic
def remove_attachment(attachment: Any, *, actor: Any) -> None:
    """Take a piece of evidence out of the application. The file is kept: earlier versions may cite it."""
    app = _locked_editable(attachment.application, actor)
    ensure(attachment.application_id == app.pk and attachment.removed_at is None, _("This file is already removed."))
    attachment.removed_at = timezone.now()
    attachment.save(update_fields=["removed_at"])
    audit(actor, "applications.attachment_removed", app, after={"attachment": attachment.pk,
                                                                 "name": attachment.original_name})
    if attachment.section == ASSESSMENT_REPORT:
        _reopen_assessment_check(app, actor)


@transaction.atomic
def accept_pledge(application: Application, *, actor: Any) -> Any:
    """Record that ``actor`` signed the pledge (承诺书): the content is true and holds no state or commercial secret."""
    app = _locked_editable(application, actor)
    app.pledge_accepted_by = actor
    app.pledge_accepted_at = timezone.now()
    app.save(update_fields=["pledge_accepted_by", "pledge_accepted_at", "updated_at"])
    audit(actor, "applications.pledge_accepted", app, after={"by": actor.username,
                                                             "at": app.pledge_accepted_at.isoformat()})
    return app


def submit(application: Application, *, actor: Any) -> Any:
    """Submit a draft (Art. 11-13): unmet rules block it; otherwise frozen as version 1."""
    return workflow.perform(application, "submit", actor=actor)


def resubmit(application: Application, *, actor: Any) -> Any:
    """Resubmit a returned application as the next version."""
    return workflow.perform(application, "resubmit", actor=actor)


def withdraw(application: Application, *, actor: Any, reason: str) -> Any:
    """The enterprise withdraws its application before a decision, giving a reason."""
    return workflow.perform(application, "withdraw", actor=actor, data={"reason": reason})


def return_for_revision(application: Application, *, actor: Any, comments: Any) -> Any:
    """A reviewer returns the application for revision with comments keyed by section."""
    return workflow.perform(application, "return_for_revision", actor=actor, data={"comments": comments})
