"""What an application says, read three ways: for the eligibility rules, as a frozen snapshot, and as
the list of issues that block its submission."""
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.registers.selectors import above_size_check, dishonest_listing
from tiers.constants import FINANCIAL_FIGURES, Indicator, SegmentCode
from tiers.eligibility import ApplicationContent, UnmetRule

from .checks import held_titles
from .constants import ASSESSMENT_REPORT, OPEN_STATUSES, Declaration, Kind
from .figures import change_percent, decimal_text, financial_warnings, improved, years_for


def financial_values(application):
    """{year: {figure: Decimal or None}} for the three years before the round's year, oldest first."""
    stored = {row.year: row for row in application.financial_years.all()}
    return {year: {name: getattr(stored.get(year), name, None) for name in FINANCIAL_FIGURES}
            for year in years_for(application.round)}


def indicator_values(application):
    """{indicator value: {"before", "after", "unit"}} for the five indicators, in their order."""
    stored = {row.indicator: row for row in application.indicators.all()}
    return {i.value: {"before": getattr(stored.get(i.value), "before", None),
                      "after": getattr(stored.get(i.value), "after", None),
                      "unit": getattr(stored.get(i.value), "unit", "")} for i in Indicator}


def figures(application):
    """What reviewers read of the figures: a row per year, a row per indicator with its change, and the
    warnings (R&D above income) that do not block submission."""
    years = financial_values(application)
    indicators = []
    for key, values in indicator_values(application).items():
        change = change_percent(values["before"], values["after"])
        indicators.append({"key": key, "label": Indicator(key).label, **values, "change_percent": change,
                           "improved": improved(key, change), "before_text": decimal_text(values["before"]),
                           "after_text": decimal_text(values["after"])})
    return {
        "years": [{"year": year, **values} for year, values in years.items()],
        "indicators": indicators,
        "warnings": financial_warnings(years),
        "given": any(v is not None for values in years.values() for v in values.values())
        or any(row["before"] is not None or row["after"] is not None for row in indicators),
    }


def list_facts(application):
    """What the reference lists (``portal.registers``) say of the application's enterprise, as the plain data
    ``ApplicationContent`` takes: the latest dishonest-entity list, and the city's above-size list for the
    round's year. With no list imported, nothing (no rule can then be unmet)."""
    enterprise = application.enterprise
    listing = dishonest_listing(enterprise.credit_code)
    check = above_size_check(enterprise, application.round.year)
    return {
        "dishonest_listing": (listing.listed_on, listing.authority) if listing else None,
        "above_size_list": (check.version.city.name_zh, check.version.city.name_en, check.version.year,
                            check.version.number) if check else None,
        "above_size_listed": check.listed if check else True,
        "above_size_explanation": application.above_size_explanation or "",
    }


def application_content(application):
    """The ``tiers.eligibility.ApplicationContent`` of an application as it stands now."""
    sections = set(application.active_attachments().values_list("section", flat=True))
    return ApplicationContent(
        **list_facts(application),
        declarations={str(key): value for key, value in application.declarations().items()},
        maturity_level=application.maturity_level,
        has_assessment_report=ASSESSMENT_REPORT in sections,
        assessment_source=application.assessment_source,
        assessment_report_number=application.assessment_report_number.strip(),
        assessment_date=application.assessment_date,
        assessment_score=application.assessment_score,
        assessment_not_before=application.round.earliest_assessment_date,
        assessment_max_age_months=application.round.max_assessment_age_months,
        today=timezone.localdate(),
        covered_segments=frozenset(
            s.segment.code for s in application.segments.select_related("segment") if s.is_covered
        ),
        missing_segment_justifications={
            code: text.strip() for code, text in (application.missing_segment_justifications or {}).items()
            if isinstance(text, str) and text.strip()
        },
        held_titles=held_titles(application.enterprise),
        financial_years_required=years_for(application.round),
        financial_years=financial_values(application),
        indicators=indicator_values(application),
    )


def _rule(code, article, message):
    """An UnmetRule of this app, with the message in both languages."""
    with translation.override("zh-hans"):
        zh = str(message)
    with translation.override("en"):
        en = str(message)
    return UnmetRule(code=code, article=article, message_zh=zh, message_en=en)


def completeness_issues(application):
    """What the form itself requires beyond the eligibility rules: evidence, outcomes, pledge, scenarios."""
    issues = []
    sections = set(application.active_attachments().values_list("section", flat=True))
    for key, declared in application.declarations().items():
        if declared and f"declaration_{key}" not in sections:
            issues.append(_rule(
                f"evidence_{key}", "Art. 5",
                _("Attach evidence for the declaration: %(declaration)s") % {"declaration": Declaration(key).label},
            ))
    if not application.outcomes.strip():
        issues.append(_rule("outcomes_missing", application.tier.article,
                            _("Describe the outcomes (建设成效) of the smart factory.")))
    if application.kind == Kind.SCENARIO:
        chosen = set(application.scenarios.values_list("pk", flat=True))
        if not chosen:
            issues.append(_rule("scenario_missing", "Art. 10", _("Choose at least one typical scenario.")))
        clash = (
            application.__class__.objects.filter(
                enterprise=application.enterprise, round=application.round, kind=Kind.SCENARIO,
                status__in=OPEN_STATUSES, scenarios__in=chosen,
            ).exclude(pk=application.pk).exists()
        )
        if clash:
            issues.append(_rule("scenario_duplicate", "Art. 10", _(
                "Another open application of your enterprise in this round already covers one of these scenarios."
            )))
    if not application.pledge_accepted_at:
        issues.append(_rule("pledge_missing", "", _(
            "Accept the pledge (承诺书) that the content is true and holds no state or commercial secret."
        )))
    return issues


def blocking_issues(application):
    """Every unmet eligibility rule (tiers.eligibility) and every missing part of the form."""
    from tiers.eligibility import unmet_rules

    rules = list(unmet_rules(enterprise=application.enterprise, tier=application.tier,
                             content=application_content(application)))
    return rules + completeness_issues(application)


def snapshot(application):
    """Every field of the application and its attachments' metadata, as JSON-ready data."""
    segments = {}
    for entry in application.segments.select_related("segment").prefetch_related("scenarios"):
        segments[entry.segment.code] = {
            "narrative": entry.narrative,
            "scenarios": sorted(s.name_zh for s in entry.scenarios.all()),
            "missing_justification": (application.missing_segment_justifications or {}).get(entry.segment.code, ""),
        }
    return {
        "round": {"id": application.round_id, "name": application.round.name},
        "tier": {"code": application.tier.code, "name_zh": application.tier.name_zh, "name_en": application.tier.name_en},
        "kind": application.kind,
        "scenarios": sorted(s.name_zh for s in application.scenarios.all()),
        "maturity_level": application.maturity_level,
        "maturity_assessment": {
            "source": application.assessment_source,
            "report_number": application.assessment_report_number,
            "date": application.assessment_date.isoformat() if application.assessment_date else None,
            "score": str(application.assessment_score) if application.assessment_score is not None else None,
            "explanation": application.assessment_explanation,
        },
        "declarations": {
            "operations_sound": {"declared": application.declares_operations_sound,
                                 "text": application.operations_sound_text},
            "secure_controllable": {"declared": application.declares_secure_controllable,
                                    "text": application.secure_controllable_text},
            "organisation_and_team": {"declared": application.declares_organisation_and_team,
                                      "text": application.organisation_and_team_text},
        },
        "segments": {code: segments.get(code, {"narrative": "", "scenarios": [], "missing_justification": ""})
                     for code in SegmentCode.values},
        "financials": {str(year): {name: decimal_text(value) for name, value in values.items()}
                       for year, values in financial_values(application).items()},
        "outcomes": application.outcomes,
        "above_size_explanation": application.above_size_explanation,
        "indicators": {key: {"before": decimal_text(values["before"]), "after": decimal_text(values["after"]),
                             "unit": values["unit"],
                             "change_percent": decimal_text(change_percent(values["before"], values["after"]))}
                       for key, values in indicator_values(application).items()},
        "pledge": {
            "by": application.pledge_accepted_by.username if application.pledge_accepted_by else None,
            "at": application.pledge_accepted_at.isoformat() if application.pledge_accepted_at else None,
        },
        "attachments": [
            {"id": a.pk, "section": a.section, "original_name": a.original_name, "content_type": a.content_type,
             "size": a.size, "sha256": a.sha256}
            for a in application.active_attachments()
        ],
    }
