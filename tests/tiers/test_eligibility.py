"""tiers.eligibility.unmet_rules: each rule failing alone, and all passing."""
import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from portal.accounts.constants import LegalForm
from portal.accounts.models import CreditCodeException
from tests.factories import EnterpriseFactory, make_credit_code
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import Indicator, TierCode
from tiers.eligibility import ApplicationContent, unmet_rules
from tiers.titles.constants import TitleStatus
from tiers.titles.selectors import held_titles

ALL_DECLARED = {"operations_sound": True, "secure_controllable": True, "organisation_and_team": True}
ALL_SEGMENTS = frozenset({"factory_construction", "rd_design", "production_operations", "production_management",
                          "operations_management"})


COMPLETE_INDICATORS = {key: {"before": Decimal("10"), "after": Decimal("8"), "unit": "天"} for key in Indicator.values}


# An identified maturity assessment (Art. 5 (5)), recent enough for its round.
PROVENANCE = {"assessment_source": "national_platform", "assessment_report_number": "SD-2026-000123",
              "assessment_date": datetime.date(2026, 2, 1), "assessment_score": Decimal("4.05"),
              "assessment_not_before": datetime.date(2025, 3, 1), "assessment_max_age_months": 12,
              "today": datetime.date(2026, 3, 15)}


def good_content(**changes):
    values = {"declarations": ALL_DECLARED, "maturity_level": 4, "has_assessment_report": True,
              "covered_segments": ALL_SEGMENTS, "indicators": COMPLETE_INDICATORS, **PROVENANCE}
    values.update(changes)
    return ApplicationContent(**values)


@pytest.fixture
def eligible(db):
    """An enterprise holding an active basic and an active advanced title."""
    enterprise = EnterpriseFactory()
    TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC))
    TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED))
    return enterprise


def with_prerequisite(tier_code, content):
    """``content`` of an applicant that holds the prerequisite title of the tier (as ``eligible`` does): the
    rule book reads held titles as plain data, never from the database."""
    prerequisite = tier(tier_code).prerequisite
    held = {prerequisite.code: 2024} if prerequisite else {}
    return replace(content, held_titles={**held, **content.held_titles})


def rules_of(enterprise, tier_code, content):
    return unmet_rules(enterprise=enterprise, tier=tier(tier_code), content=with_prerequisite(tier_code, content))


def codes(enterprise, tier_code, content):
    return [r.code for r in rules_of(enterprise, tier_code, content)]


@pytest.mark.parametrize("tier_code", list(TierCode.values))
def test_everything_met_gives_no_unmet_rule(eligible, tier_code):
    assert codes(eligible, tier_code, good_content()) == []


def test_invalid_check_character_fails_alone(eligible):
    code = make_credit_code("370102", 4242)
    eligible.credit_code = code[:17] + ("0" if code[17] != "0" else "1")
    rules = rules_of(eligible, TierCode.BASIC, good_content())
    assert [(r.code, r.article) for r in rules] == [("credit_code_invalid", "Art. 5 (1)")]
    assert "GB 32100-2015" in rules[0].message_zh and "GB 32100-2015" in rules[0].message_en


def test_recorded_exception_excuses_the_check_character(eligible, admin_user):
    code = make_credit_code("370102", 4243)
    eligible.credit_code = code[:17] + ("0" if code[17] != "0" else "1")
    CreditCodeException.objects.create(credit_code=eligible.credit_code, reason="核实营业执照", recorded_by=admin_user)
    assert codes(eligible, TierCode.BASIC, good_content()) == []


def test_code_registered_outside_shandong_fails_alone(eligible):
    eligible.credit_code = make_credit_code("110105", 77)  # Beijing, valid check character
    assert codes(eligible, TierCode.BASIC, good_content()) == ["not_shandong"]


def test_branch_outside_allowed_industries_fails_alone(eligible):
    eligible.legal_form, eligible.parent_credit_code = LegalForm.BRANCH, make_credit_code("370102", 5)
    eligible.industry = "17"  # 纺织业
    assert codes(eligible, TierCode.ADVANCED, good_content()) == ["branch_not_allowed"]


def test_branch_in_an_allowed_industry_passes(eligible):
    eligible.legal_form, eligible.parent_credit_code = LegalForm.BRANCH, make_credit_code("370102", 5)
    eligible.industry = "36"  # 汽车制造业
    assert codes(eligible, TierCode.ADVANCED, good_content()) == []


def test_below_designated_size_fails_alone(eligible):
    eligible.above_designated_size = False
    assert codes(eligible, TierCode.BASIC, good_content()) == ["not_above_size"]


@pytest.mark.parametrize("key, article", [
    ("operations_sound", "Art. 5 (2)"), ("secure_controllable", "Art. 5 (3)"), ("organisation_and_team", "Art. 5 (4)"),
])
def test_each_missing_declaration_fails_alone(eligible, key, article):
    rules = rules_of(eligible, TierCode.BASIC, good_content(declarations={**ALL_DECLARED, key: False}))
    assert [(r.code, r.article) for r in rules] == [(f"declaration_{key}", article)]


@pytest.mark.parametrize("tier_code, too_low", [
    (TierCode.BASIC, 1), (TierCode.ADVANCED, 1), (TierCode.EXCELLENCE, 2), (TierCode.LEADING, 3),
])
def test_maturity_below_the_tiers_minimum_fails_alone(eligible, tier_code, too_low):
    rules = rules_of(eligible, tier_code, good_content(maturity_level=too_low))
    assert [(r.code, r.article) for r in rules] == [("maturity_below_minimum", "Art. 5 (5)")]
    assert codes(eligible, tier_code, good_content(maturity_level=too_low + 1)) == []


def test_missing_maturity_level_fails_alone(eligible):
    assert codes(eligible, TierCode.BASIC, good_content(maturity_level=None)) == ["maturity_missing"]


def test_missing_assessment_report_fails_alone(eligible):
    assert codes(eligible, TierCode.BASIC, good_content(has_assessment_report=False)) == ["assessment_report_missing"]


def test_scenario_award_has_no_maturity_rule(eligible):
    assert codes(eligible, TierCode.SCENARIO, good_content(maturity_level=None, has_assessment_report=False)) == []


@pytest.mark.parametrize("tier_code, prerequisite, article", [
    (TierCode.ADVANCED, TierCode.BASIC, "Art. 12"),
    (TierCode.EXCELLENCE, TierCode.ADVANCED, "Art. 13"),
    (TierCode.LEADING, TierCode.ADVANCED, "Art. 13"),
])
@pytest.mark.parametrize("status", [None, TitleStatus.REVOKED, TitleStatus.SUPERSEDED])
def test_prerequisite_title_missing_revoked_or_superseded_fails_alone(db, tier_code, prerequisite, article, status):
    enterprise = EnterpriseFactory()
    for code in (TierCode.BASIC, TierCode.ADVANCED):
        if code == prerequisite:
            if status:
                TitleFactory(enterprise=enterprise, tier=tier(code), status=status)
        elif code != tier_code:
            TitleFactory(enterprise=enterprise, tier=tier(code))
    content = good_content(held_titles=held_titles(enterprise))
    rules = unmet_rules(enterprise=enterprise, tier=tier(tier_code), content=content)
    assert [(r.code, r.article) for r in rules] == [("prerequisite_title_missing", article)]


def test_basic_without_production_operations_fails_alone(eligible):
    rules = rules_of(eligible, TierCode.BASIC, good_content(covered_segments=ALL_SEGMENTS - {"production_operations"}))
    assert [(r.code, r.article) for r in rules] == [("segments_missing", "Art. 6 (1)")]
    assert "生产作业" in rules[0].message_zh and "Production operations" in rules[0].message_en


def test_basic_needs_only_production_operations(eligible):
    assert codes(eligible, TierCode.BASIC, good_content(covered_segments=frozenset({"production_operations"}))) == []


def test_advanced_without_operations_management_fails_alone(eligible):
    content = good_content(covered_segments=frozenset({"production_operations", "production_management"}))
    assert codes(eligible, TierCode.ADVANCED, content) == ["segments_missing"]


def test_excellence_missing_a_segment_needs_its_own_justification(eligible):
    partial = ALL_SEGMENTS - {"rd_design"}
    rules = rules_of(eligible, TierCode.EXCELLENCE, good_content(covered_segments=partial))
    assert [(r.code, r.article) for r in rules] == [("segment_justification_missing", "Art. 8 (1)")]
    assert "研发设计" in rules[0].message_zh
    justified = good_content(covered_segments=partial,
                             missing_segment_justifications={"rd_design": "产品为来图加工，无自主研发设计环节。"})
    assert codes(eligible, TierCode.EXCELLENCE, justified) == []


def test_excellence_one_justification_does_not_cover_two_missing_segments(eligible):
    partial = ALL_SEGMENTS - {"rd_design", "factory_construction"}
    content = good_content(covered_segments=partial, missing_segment_justifications={"rd_design": "来图加工。"})
    rules = rules_of(eligible, TierCode.EXCELLENCE, content)
    assert [(r.code, r.article) for r in rules] == [("segment_justification_missing", "Art. 8 (1)")]
    assert "工厂建设" in rules[0].message_zh and "研发设计" not in rules[0].message_zh


@pytest.mark.parametrize("core", ["production_operations", "production_management", "operations_management"])
def test_excellence_missing_a_core_segment_is_refused_even_with_a_justification(eligible, core):
    content = good_content(covered_segments=ALL_SEGMENTS - {core}, missing_segment_justifications={core: "理由"})
    rules = rules_of(eligible, TierCode.EXCELLENCE, content)
    assert [(r.code, r.article) for r in rules] == [("core_segment_missing", "Art. 8 (1)")]


def test_leading_missing_a_segment_is_refused_even_with_a_justification(eligible):
    content = good_content(covered_segments=ALL_SEGMENTS - {"rd_design"}, missing_segment_justifications={"rd_design": "理由"})
    rules = rules_of(eligible, TierCode.LEADING, content)
    assert [(r.code, r.article) for r in rules] == [("segments_missing", "Art. 9 (1)")]


def test_scenario_with_no_segment_fails_alone(eligible):
    rules = rules_of(eligible, TierCode.SCENARIO, good_content(covered_segments=frozenset()))
    assert [(r.code, r.article) for r in rules] == [("no_segment_covered", "Art. 10")]
    assert codes(eligible, TierCode.SCENARIO, good_content(covered_segments=frozenset({"rd_design"}))) == []


def test_every_unmet_rule_is_returned_at_once(db):
    enterprise = EnterpriseFactory(above_designated_size=False)
    rules = unmet_rules(enterprise=enterprise, tier=tier(TierCode.ADVANCED), content=ApplicationContent())
    assert {r.code for r in rules} == {
        "not_above_size", "declaration_operations_sound", "declaration_secure_controllable",
        "declaration_organisation_and_team", "maturity_missing", "assessment_report_missing",
        "assessment_provenance_missing", "prerequisite_title_missing", "segments_missing", "indicators_missing",
    }


def test_message_follows_the_active_language(eligible):
    from django.utils import translation

    rule = rules_of(eligible, TierCode.BASIC, good_content(maturity_level=1))[0]
    with translation.override("en"):
        assert rule.message == rule.message_en
    with translation.override("zh-hans"):
        assert rule.message == rule.message_zh


@pytest.mark.parametrize("tier_code, article", [(TierCode.BASIC, "Art. 11"), (TierCode.ADVANCED, "Art. 12"),
                                                (TierCode.EXCELLENCE, "Art. 13"), (TierCode.LEADING, "Art. 13")])
def test_a_title_of_the_tier_already_held_fails_alone(eligible, tier_code, article):
    rules = rules_of(eligible, tier_code, good_content(held_titles={tier_code: 2024}))
    assert [(r.code, r.article) for r in rules] == [("title_already_held", article)]
    assert "2024年度" in rules[0].message_zh and tier(tier_code).name_zh in rules[0].message_zh
    assert "of 2024" in rules[0].message_en


def test_a_scenario_award_held_does_not_stop_another_award(eligible):
    assert codes(eligible, TierCode.SCENARIO, good_content(held_titles={TierCode.SCENARIO: 2025})) == []
