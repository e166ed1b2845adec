"""Who may apply for what (Art. 5-10, 12-13): one function returning every unmet rule.

``unmet_rules(enterprise=..., tier=..., content=...)`` is called at submission (unmet rules block
it) and on the form's final step, before submission. Every rule is checked, so the applicant sees
all that is missing at once. Rule codes are stable (other apps and tests key on them):

=====================================  ============  ==============================================
code                                   article       unmet when
=====================================  ============  ==============================================
not_shandong                           Art. 5 (1)    division code (credit code chars 3-8) not 37xxxx
credit_code_invalid                    Art. 5 (1)    malformed, or check character wrong without a
                                                     recorded CreditCodeException
branch_not_allowed                     Art. 5 (1)    a branch outside the industries open to branches
                                                     (``portal.accounts.models.BranchIndustry``)
not_above_size                         Art. 5 (1)    not above designated size
above_size_unlisted                    Art. 5 (1)    the city has an above-size list for the round's
                                                     year and the code is not on its latest version,
                                                     and no explanation is given (with one, the
                                                     application goes on and the city reads it)
on_dishonest_list                      Art. 5 (2)    the code is on the latest list of seriously
                                                     dishonest entities (严重失信主体名单)
declaration_operations_sound           Art. 5 (2)    declaration missing
declaration_secure_controllable        Art. 5 (3)    declaration missing
declaration_organisation_and_team      Art. 5 (4)    declaration missing
maturity_missing                       Art. 5 (5)    no maturity level given
maturity_below_minimum                 Art. 5 (5)    level below the tier's minimum
assessment_report_missing              Art. 5 (5)    no assessment report
assessment_provenance_missing          Art. 5 (5)    the assessment's source, report number, date or
                                                     score not given
assessment_date_in_future              Art. 5 (5)    the assessment is dated after today
assessment_expired                     Art. 5 (5)    the assessment is dated before the round's
                                                     earliest accepted date (``Round.max_assessment_age_months``
                                                     before it opened)
prerequisite_title_missing             Art. 12/13    no active (not revoked, not superseded) title
                                                     of the prerequisite tier
title_already_held                     Art. 11/12/13 an active title of the tier applied for is held
                                                     (not for scenario awards, Art. 10: see below)
segments_missing                       Art. 6-9 (1)  a required segment not covered (basic, advanced,
                                                     leading)
core_segment_missing                   Art. 8 (1)    excellence: 生产作业, 生产管理 or 运营管理 missing
                                                     (CORE_SEGMENTS; no justification excuses it)
segment_justification_missing          Art. 8 (1)    excellence: another segment missing without its
                                                     own written justification
no_segment_covered                     Art. 10       scenario award: no segment at all
financials_missing                     Art. 5 (2)    a figure (operating income, total profit, R&D
                                                     spending) of one of the three years before the
                                                     round's year not given
indicators_missing                     the tier's    an outcome indicator (before, after, unit)
                                       article       incomplete: a factory tier needs all five, a
                                                     scenario award at least one, and none started
                                                     may be left half-given
=====================================  ============  ==============================================

Financial figures and outcome indicators (建设成效) are structured because the calls ask for them
(three years of operating income, profit and R&D spending; before and after figures of production
efficiency, operating cost, development cycle, defect rate and energy per unit of output). The
"sound operation and finances" of Art. 5 (2) stays the enterprise's declaration: the figures are what
the reviewers judge it by, and a loss is a figure to give, not a rule to fail. The factory tiers ask
for all five indicators because each tier's article has the outcomes as an item every factory shows;
an excellent scenario (Art. 10) is one or a few segments' worth, so one indicator it improves is enough.

The excellent-scenario award (Art. 10): Art. 5 (1)-(4) apply to it as to every applicant of the
"梯度培育对象"; Art. 5 (5) names maturity levels only for the four factory tiers, so the award has no
maturity minimum (``Tier.min_maturity`` is empty) and no maturity rule is checked. Should an admin set
a minimum on the award's tier, the maturity rules apply to it like to any other tier.

The maturity level must come from an assessment (Art. 5 (5)): the self-assessment on the national
smart-manufacturing capability maturity assessment platform or a third party's assessment or
certification, as real calls ask, with its report number, date and score, which officials check against
the report (``applications.assessment``). The score is GB/T 39117-2020's, 0 to 5 with two decimals. Its
agreement with the level is not checked here: the score bands of each level in GB/T 39117-2020 were not at
hand to confirm when this rule was written, and a wrong band would refuse a valid application; the
officials who check the report see both.

A title is a rung of the ladder (Art. 1, 11-13): an enterprise holding an active title of a tier climbs
to the next one and does not apply for the same one again (``title_already_held``, the tier's article
of procedure). The excellent-scenario award is not a rung: the province selects scenarios every year
(Art. 10, "每年优选一批"), so an enterprise awarded in one year may apply again in another; only the
same scenario in two open applications of one round is refused (``applications.content``).
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation

from portal.i18n import in_active_language

from .constants import FINANCIAL_FIGURES, CoverageRule, Indicator, SegmentCode, TierCode


@dataclass(frozen=True)
class ApplicationContent:
    """What the eligibility rules read from an application, independent of how it is stored.

    ``declarations``: the Art. 5 (2)-(4) declarations, keyed "operations_sound" (2),
    "secure_controllable" (3), "organisation_and_team" (4): True when declared.
    ``maturity_level``: 1-5 (GB/T 39116-2020), None when not given; ``has_assessment_report``.
    ``covered_segments``: SegmentCode values the application describes.
    ``missing_segment_justifications``: for excellence, SegmentCode value -> why that segment is not covered.
    ``assessment_source``, ``assessment_report_number``, ``assessment_date``, ``assessment_score``: where the
    level comes from (Art. 5 (5)), "" or None when not given. ``assessment_not_before``: the oldest assessment
    date the round accepts, ``assessment_max_age_months`` the round's setting it comes from (None: no limit);
    ``today``: the day the rules are read (None: no check of a date in the future).
    ``held_titles``: the enterprise's active titles (neither revoked nor superseded), TierCode value -> year
    of the latest (``tiers.titles.selectors.held_titles`` reads them; the rule book does not query titles).
    ``dishonest_listing``: (listed on, listing authority) when the code is on the latest dishonest-entity
    list, else None. ``above_size_list``: the city's above-size list checked, as (city name in Chinese, in
    English, year, version number), None when the city has none; ``above_size_listed``: whether the code is on it;
    ``above_size_explanation``: why the enterprise applies although it is not.
    """

    declarations: dict = field(default_factory=dict)
    maturity_level: int | None = None
    has_assessment_report: bool = False
    assessment_source: str = ""
    assessment_report_number: str = ""
    assessment_date: datetime.date | None = None
    assessment_score: Decimal | None = None
    assessment_not_before: datetime.date | None = None
    assessment_max_age_months: int | None = None
    today: datetime.date | None = None
    covered_segments: frozenset = frozenset()
    missing_segment_justifications: dict = field(default_factory=dict)
    held_titles: dict = field(default_factory=dict)
    dishonest_listing: tuple | None = None
    above_size_list: tuple | None = None
    above_size_listed: bool = True
    above_size_explanation: str = ""
    # The three years before the round's year, and year -> {figure of FINANCIAL_FIGURES: Decimal or None}.
    financial_years_required: tuple = ()
    financial_years: dict = field(default_factory=dict)
    # Indicator value -> {"before": Decimal or None, "after": Decimal or None, "unit": str}.
    indicators: dict = field(default_factory=dict)


@dataclass(frozen=True)
class UnmetRule:
    """A rule the application does not meet: a stable code, the article, and the message in both languages."""

    code: str
    article: str
    message_zh: str
    message_en: str

    @property
    def message(self):

        return in_active_language(self.message_zh, self.message_en)



# Which article sets the prerequisite title and the coverage rule of each tier.
# Excellence "should in principle cover all five segments" (Art. 8 (1)), but not without these: every
# advanced factory covers them (Art. 7 (1)) and excellence requires an advanced title (Art. 13).
CORE_SEGMENTS = (SegmentCode.PRODUCTION_OPERATIONS, SegmentCode.PRODUCTION_MANAGEMENT,
                 SegmentCode.OPERATIONS_MANAGEMENT)

# The article of procedure of each tier, which the rung-by-rung climb rests on (title_already_held).
PROCEDURE_ARTICLE = {TierCode.BASIC: "Art. 11", TierCode.ADVANCED: "Art. 12", TierCode.EXCELLENCE: "Art. 13",
                     TierCode.LEADING: "Art. 13"}
PREREQUISITE_ARTICLE = {TierCode.ADVANCED: "Art. 12", TierCode.EXCELLENCE: "Art. 13", TierCode.LEADING: "Art. 13"}

DECLARATIONS = [
    # key, article, zh, en
    ("operations_sound", "Art. 5 (2)",
     "未声明企业近三年经营和财务状况良好、未发生重大（含）以上安全、环保、质量等事故、未被列入严重失信主体名单。",
     "The enterprise has not declared sound operations and finances for the last three years, no major (or worse) "
     "safety, environmental or quality accident, and that it is not on the list of seriously dishonest entities."),
    ("secure_controllable", "Art. 5 (3)",
     "未声明工厂使用的关键技术装备、工业软件、工业操作系统、系统解决方案等安全可控，网络安全和数据安全风险可控。",
     "The enterprise has not declared that its key equipment, industrial software, industrial operating systems "
     "and solutions are secure and controllable and that network and data security risks are under control."),
    ("organisation_and_team", "Art. 5 (4)",
     "未声明企业已建立智能工厂统筹规划、建设和运营的组织机制并拥有一批智能制造专业人才。",
     "The enterprise has not declared an organisation for planning, building and running the smart factory and a "
     "team of smart-manufacturing professionals."),
]


def unmet_rules(*, enterprise, tier, content):
    """Every rule of Art. 5-10, 12-13 that ``enterprise`` applying for ``tier`` with ``content`` does not meet.

    An empty list means the application may be submitted (as far as eligibility goes; the round's
    window is ``tiers.rounds.ensure_open_for_submission``). Reads only; changes nothing.
    """
    return [
        *_registration_rules(enterprise),
        *_list_rules(enterprise, content),
        *_declaration_rules(content),
        *_maturity_rules(tier, content),
        *_prerequisite_rules(tier, content),
        *filter(None, [held_title_rule(tier, content.held_titles)]),
        *_coverage_rules(tier, content),
        *_financial_rules(content),
        *_indicator_rules(tier, content),
    ]


def _financial_rules(content):
    years = [year for year in content.financial_years_required
             if any((content.financial_years.get(year) or {}).get(name) is None for name in FINANCIAL_FIGURES)]
    if not years:
        return []
    listed = "、".join(str(y) for y in years)
    return [UnmetRule(
        "financials_missing", "Art. 5 (2)",
        f"须填写近三年的营业收入、利润总额和研发投入（万元），缺少：{listed}年。",
        f"Give the operating income, total profit and R&D spending (10,000 yuan) of the last three years; missing: "
        f"{', '.join(str(y) for y in years)}.",
    )]


def indicator_is_complete(values):
    return bool(values) and values.get("before") is not None and values.get("after") is not None \
        and bool((values.get("unit") or "").strip())


def _indicator_rules(tier, content):
    started = {key for key, values in content.indicators.items()
               if values and (values.get("before") is not None or values.get("after") is not None
                              or (values.get("unit") or "").strip())}
    complete = {key for key in started if indicator_is_complete(content.indicators[key])}
    if tier.code == TierCode.SCENARIO:
        wanted = [i for i in Indicator if i in started - complete] or ([] if complete else list(Indicator))
        least_one = not complete
    else:
        wanted, least_one = [i for i in Indicator if i not in complete], False
    if not wanted:
        return []

    def names(language):
        with translation.override(language):
            return ("、" if language == "zh-hans" else ", ").join(str(i.label) for i in wanted)

    if least_one:
        zh = f"须至少填写一项建设成效指标的建设前数值、建设后数值和单位（{names('zh-hans')}）。"
        en = f"Give at least one outcome indicator with its value before, its value after and its unit ({names('en')})."
    else:
        zh = f"须填写建设成效指标的建设前数值、建设后数值和单位：{names('zh-hans')}。"
        en = f"Give the outcome indicators with the value before, the value after and the unit: {names('en')}."
    return [UnmetRule("indicators_missing", tier.article or "", zh, en)]


def _registration_rules(enterprise):
    from portal.accounts import credit_code as cc
    from portal.accounts.models import CreditCodeException, branch_may_apply

    rules = []
    code = cc.normalize(enterprise.credit_code)
    well_formed = bool(cc.SHAPE.match(code)) and bool(cc.DIVISION.match(cc.division_code(code)))
    if well_formed and not cc.division_code(code).startswith("37"):
        rules.append(UnmetRule(
            "not_shandong", "Art. 5 (1)",
            "企业须在山东省境内注册（统一社会信用代码第3至8位行政区划码须以37开头）。",
            "The enterprise must be registered in Shandong (the division code, characters 3 to 8 of the credit "
            "code, must start with 37).",
        ))
    checks = well_formed and (
        cc.has_valid_check_character(code) or CreditCodeException.objects.filter(credit_code=code).exists()
    )
    if not checks:
        rules.append(UnmetRule(
            "credit_code_invalid", "Art. 5 (1)",
            "统一社会信用代码不符合GB 32100-2015（格式或校验码错误），且无经核实的例外登记。",
            "The unified social credit code does not conform to GB 32100-2015 (wrong form or check character) "
            "and no verified exception is recorded.",
        ))
    if enterprise.is_branch and not branch_may_apply(enterprise.industry):
        rules.append(UnmetRule(
            "branch_not_allowed", "Art. 5 (1)",
            "申报主体须具有独立法人资格；仅石油石化、有色金属、烟草、汽车等行业（及省厅增列的行业）允许法人的分支机构申报。",
            "The applicant must be an independent legal person; only in petroleum and petrochemicals, nonferrous "
            "metals, tobacco, automotive and the industries the province has added may a branch of a legal person "
            "apply.",
        ))
    if not enterprise.above_designated_size:
        rules.append(UnmetRule(
            "not_above_size", "Art. 5 (1)",
            "申报主体须为规模以上工业企业。",
            "The applicant must be an above-designated-size industrial enterprise.",
        ))
    return rules


def _list_rules(enterprise, content):
    """Art. 5 (1), (2) against the lists officials hold: the dishonest-entity list refuses; the city's
    above-size list asks for an explanation, which the city reads when it pre-screens."""
    rules = []
    if content.dishonest_listing is not None:
        listed_on, authority = content.dishonest_listing
        rules.append(UnmetRule(
            "on_dishonest_list", "Art. 5 (2)",
            f"企业（统一社会信用代码{enterprise.credit_code}）已于{listed_on:%Y-%m-%d}被{authority}列入严重失信主体名单，"
            f"不得申报。",
            f"The enterprise (credit code {enterprise.credit_code}) was put on the list of seriously dishonest "
            f"entities on {listed_on:%Y-%m-%d} by {authority}; it may not apply.",
        ))
    if content.above_size_list and not content.above_size_listed and not content.above_size_explanation.strip():
        city_zh, city_en, year, number = content.above_size_list
        rules.append(UnmetRule(
            "above_size_unlisted", "Art. 5 (1)",
            f"企业不在{city_zh}{year}年规模以上工业企业名录（第{number}版）中：请在“基本条件声明”步骤说明理由（例如新近入规），"
            f"市工业和信息化主管部门初审时将看到该说明。",
            f"The enterprise is not on {city_en}'s above-size industrial enterprise list of {year} (version "
            f"{number}): explain "
            f"why in the declarations step (e.g. it became above-size recently); the city bureau reads the "
            f"explanation when it pre-screens.",
        ))
    return rules


def _declaration_rules(content):
    return [
        UnmetRule(f"declaration_{key}", article, zh, en)
        for key, article, zh, en in DECLARATIONS
        if not content.declarations.get(key)
    ]


def _maturity_rules(tier, content):
    if tier.min_maturity is None:
        return []
    rules = []
    if content.maturity_level is None:
        rules.append(UnmetRule(
            "maturity_missing", "Art. 5 (5)",
            f"须填写智能制造能力成熟度等级（GB/T 39116-2020），{tier.name_zh}须达到{tier.min_maturity}级及以上。",
            f"Give the smart-manufacturing capability maturity level (GB/T 39116-2020); {tier.name_en} requires "
            f"level {tier.min_maturity} or higher.",
        ))
    elif content.maturity_level < tier.min_maturity:
        rules.append(UnmetRule(
            "maturity_below_minimum", "Art. 5 (5)",
            f"成熟度等级为{content.maturity_level}级，{tier.name_zh}须达到{tier.min_maturity}级及以上。",
            f"The maturity level is {content.maturity_level}; {tier.name_en} requires level "
            f"{tier.min_maturity} or higher.",
        ))
    if not content.has_assessment_report:
        rules.append(UnmetRule(
            "assessment_report_missing", "Art. 5 (5)",
            "须提供智能制造能力成熟度评估报告。",
            "Attach the smart-manufacturing capability maturity assessment report.",
        ))
    return rules + _assessment_rules(content)


# What the provenance of the assessment consists of: the content's attribute, its name in each language.
ASSESSMENT_PARTS = [
    ("assessment_source", "评估来源（国家平台自评估或第三方评估）", "source (national platform self-assessment or third party)"),
    ("assessment_report_number", "报告编号", "report number"),
    ("assessment_date", "评估日期", "assessment date"),
    ("assessment_score", "评估得分", "score"),
]


def _assessment_rules(content):
    """Art. 5 (5): the level comes from an identified assessment, recent enough for the round."""
    rules = []
    missing = [(zh, en) for name, zh, en in ASSESSMENT_PARTS if getattr(content, name) in (None, "")]
    if missing:
        rules.append(UnmetRule(
            "assessment_provenance_missing", "Art. 5 (5)",
            f"须填写智能制造能力成熟度评估的{'、'.join(zh for zh, _en in missing)}。",
            f"Give the maturity assessment's {', '.join(en for _zh, en in missing)}.",
        ))
    date = content.assessment_date
    if date is None:
        return rules
    if content.today is not None and date > content.today:
        rules.append(UnmetRule(
            "assessment_date_in_future", "Art. 5 (5)",
            f"成熟度评估日期{date.isoformat()}晚于今天，请按评估报告核对。",
            f"The maturity assessment is dated {date.isoformat()}, after today; check it against the report.",
        ))
    if content.assessment_not_before is not None and date < content.assessment_not_before:
        months = content.assessment_max_age_months
        rules.append(UnmetRule(
            "assessment_expired", "Art. 5 (5)",
            f"成熟度评估日期为{date.isoformat()}，本批次只接受{content.assessment_not_before.isoformat()}及以后的评估"
            f"（批次开始前{months}个月内）。",
            f"The maturity assessment is dated {date.isoformat()}; this round accepts only assessments dated "
            f"{content.assessment_not_before.isoformat()} or later (at most {months} months before it opened).",
        ))
    return rules


def _prerequisite_rules(tier, content):
    prerequisite = tier.prerequisite
    if prerequisite is None:
        return []
    # content.held_titles holds the active titles only: neither revoked nor superseded (a superseded title's
    # successor, a rename, is active itself).
    if prerequisite.code in content.held_titles:
        return []
    article = PREREQUISITE_ARTICLE.get(tier.code, "Art. 12")
    return [UnmetRule(
        "prerequisite_title_missing", article,
        f"申报{tier.name_zh}须先被认定为{prerequisite.name_zh}，且该称号有效（未被撤销或替代）。",
        f"Applying for {tier.name_en} requires an active {prerequisite.name_en} title (not revoked, not "
        f"superseded).",
    )]


def _in_principle_rules(tier, article, missing, content):
    """Excellence (Art. 8 (1)): no core segment may be missing; each other missing one needs its own reason."""
    rules = []
    core = [s for s in missing if s.code in CORE_SEGMENTS]
    if core:
        rules.append(UnmetRule(
            "core_segment_missing", article,
            f"{tier.name_zh}须覆盖生产作业、生产管理、运营管理环节（先进级已须覆盖，第七条），缺少的不能以说明理由代替："
            f"{'、'.join(s.name_zh for s in core)}。",
            f"{tier.name_en} must cover production operations, production management and operations management "
            f"(already required of the advanced tier, Art. 7); a justification cannot replace: "
            f"{', '.join(s.name_en for s in core)}.",
        ))
    justifications = content.missing_segment_justifications
    unjustified = [s for s in missing if s.code not in CORE_SEGMENTS
                   and not (justifications.get(s.code) or "").strip()]
    if unjustified:
        rules.append(UnmetRule(
            "segment_justification_missing", article,
            f"{tier.name_zh}原则上应覆盖全部五个环节；每个未覆盖的环节须分别书面说明理由：{'、'.join(s.name_zh for s in unjustified)}。",
            f"{tier.name_en} should in principle cover all five segments; give a written justification for each "
            f"missing one: {', '.join(s.name_en for s in unjustified)}.",
        ))
    return rules


def offer_rules(tier, held_titles):
    """The rules that keep ``tier`` from being offered to an enterprise at all: its prerequisite title
    is not held (Art. 12, 13), or a title of it already is (Art. 11-13). ``held_titles`` as in
    ``ApplicationContent``."""
    content = ApplicationContent(held_titles=held_titles)
    return [rule for rule in (*_prerequisite_rules(tier, content), held_title_rule(tier, held_titles)) if rule]


def held_title_rule(tier, held_titles):
    """The ``title_already_held`` rule if an active title of ``tier`` is among ``held_titles``
    (TierCode -> year), else None. Scenario awards (Art. 10) are never refused by it."""
    if tier.code not in PROCEDURE_ARTICLE or tier.code not in held_titles:
        return None
    year = held_titles[tier.code]
    return UnmetRule(
        "title_already_held", PROCEDURE_ARTICLE[tier.code],
        f"企业已持有有效的{year}年度{tier.name_zh}称号，不能再次申报{tier.name_zh}。",
        f"The enterprise already holds an active {tier.name_en} title of {year}; it cannot apply for "
        f"{tier.name_en} again.",
    )


def _coverage_rules(tier, content):
    covered = set(content.covered_segments)
    article = f"{tier.article} (1)" if tier.code != TierCode.SCENARIO else tier.article
    if tier.coverage_rule == CoverageRule.AT_LEAST_ONE:
        if covered:
            return []
        return [UnmetRule(
            "no_segment_covered", article,
            "优秀场景须面向制造全过程的至少一个环节。",
            "An excellent scenario must cover at least one segment of the manufacturing process.",
        )]
    missing = [s for s in tier.required_segments.all() if s.code not in covered]
    if not missing:
        return []
    names_zh = "、".join(s.name_zh for s in missing)
    names_en = ", ".join(s.name_en for s in missing)
    if tier.coverage_rule == CoverageRule.ALL_IN_PRINCIPLE:
        return _in_principle_rules(tier, article, missing, content)
    return [UnmetRule(
        "segments_missing", article,
        f"{tier.name_zh}须覆盖以下环节：{names_zh}。",
        f"{tier.name_en} must cover these segments: {names_en}.",
    )]
