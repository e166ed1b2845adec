"""Who applies for what in which round, and how far each application gets.

The enterprises climb the ladder round by round: an enterprise applies for the next tier it does not
hold (basic, then advanced, then excellence or leading; Art. 11-13), so a recommendation always finds
the prerequisite title (Art. 12) and no enterprise applies for a tier it holds. Scenario awards
(Art. 10) need no prerequisite and may be several. Some titles come from paper records before the
portal (``round`` empty, as ``grant_title`` records them), so the first round already has advanced
and MIIT applicants. An enterprise has at most one open application per tier and round: a second
application of the same tier in a round follows a closed one (withdrawn or rejected by the city).

Which applications end with a title is drawn per round so that the titles asked for are reached.
"""
from applications.constants import Status
from tiers.constants import TierCode

S = Status
TITLE_STATUS = {TierCode.BASIC: S.CITY_RECOGNIZED, TierCode.ADVANCED: S.CERTIFIED, TierCode.SCENARIO: S.CERTIFIED,
                TierCode.EXCELLENCE: S.MIIT_APPROVED, TierCode.LEADING: S.MIIT_APPROVED}
ROUTE = {TierCode.BASIC: "city", TierCode.ADVANCED: "province", TierCode.SCENARIO: "province",
         TierCode.EXCELLENCE: "miit", TierCode.LEADING: "miit"}

# How the applications that end without a title are spread, by the round's stage and the tier's route.
OUTCOMES = {
    ("closed", "city"): {S.DRAFT: 15, S.WITHDRAWN: 15, S.CITY_REJECTED: 35},
    ("closed", "province"): {S.DRAFT: 12, S.WITHDRAWN: 10, S.CITY_REJECTED: 22, S.CITY_PASSED: 8, S.REJECTED: 25},
    ("closed", "miit"): {S.DRAFT: 10, S.WITHDRAWN: 8, S.CITY_REJECTED: 18, S.CITY_PASSED: 8, S.REJECTED: 12,
                         S.MIIT_REJECTED: 25},
    ("deciding", "city"): {S.DRAFT: 8, S.SUBMITTED: 5, S.RETURNED: 6, S.WITHDRAWN: 8, S.CITY_REJECTED: 25,
                           S.CITY_PASSED: 12},
    ("deciding", "province"): {S.DRAFT: 8, S.SUBMITTED: 4, S.RETURNED: 5, S.WITHDRAWN: 6, S.CITY_REJECTED: 18,
                               S.CITY_PASSED: 8, S.RECOMMENDED: 8, S.ACCEPTED: 6, S.UNDER_REVIEW: 12,
                               S.APPROVED: 5, S.REJECTED: 12, S.IN_NOTICE: 6, S.STOPPED: 1},
    ("deciding", "miit"): {S.DRAFT: 8, S.SUBMITTED: 4, S.RETURNED: 4, S.WITHDRAWN: 6, S.CITY_REJECTED: 16,
                           S.CITY_PASSED: 8, S.RECOMMENDED: 8, S.ACCEPTED: 6, S.UNDER_REVIEW: 10, S.REJECTED: 8,
                           S.RECOMMENDED_TO_MIIT: 12, S.MIIT_REJECTED: 4},
    ("open", "city"): {S.DRAFT: 40, S.SUBMITTED: 25, S.RETURNED: 8, S.WITHDRAWN: 7, S.CITY_REJECTED: 10,
                       S.CITY_PASSED: 10},
    ("open", "province"): {S.DRAFT: 40, S.SUBMITTED: 25, S.RETURNED: 8, S.WITHDRAWN: 7, S.CITY_REJECTED: 8,
                           S.CITY_PASSED: 8, S.RECOMMENDED: 4},
    ("open", "miit"): {S.DRAFT: 40, S.SUBMITTED: 25, S.RETURNED: 8, S.WITHDRAWN: 7, S.CITY_REJECTED: 8,
                       S.CITY_PASSED: 8, S.RECOMMENDED: 4},
}
# Share of all applications in each round, oldest first.
ROUND_SHARES = (0.20, 0.25, 0.30, 0.25)
# How likely a title is for an application of each tier, relative to a basic one.
# Few enterprises get as far as applying for MIIT's tiers; those that do succeed more often than not.
TITLE_WEIGHT = {TierCode.BASIC: 1.0, TierCode.ADVANCED: 1.5, TierCode.SCENARIO: 0.8, TierCode.EXCELLENCE: 4.0,
                TierCode.LEADING: 3.0}
SCENARIO_SHARE = 0.18
LEGACY_SHARE = 0.3  # of the titles: recorded from paper records, before the first round


class Plan:
    """One application to generate: whose, which round and tier, where it ends, and its way there."""

    __slots__ = ("id", "firm", "round", "tier_code", "status", "path", "times", "versions", "title",
                 "objection", "panel", "assignments", "notice", "ranked")

    def __init__(self, firm, round, tier_code):
        self.firm, self.round, self.tier_code = firm, round, tier_code
        self.status = None
        self.title = None
        self.objection = None  # "open", "dismissed" or "upheld"
        self.notice = None
        self.ranked = False


class LegacyTitle:
    __slots__ = ("firm", "tier_code", "year")

    def __init__(self, firm, tier_code, year):
        self.firm, self.tier_code, self.year = firm, tier_code, year


def _next_tier(held, rng):
    if TierCode.BASIC not in held:
        return TierCode.BASIC
    if TierCode.ADVANCED not in held:
        return TierCode.ADVANCED
    open_ = [t for t in (TierCode.EXCELLENCE, TierCode.LEADING) if t not in held]
    if not open_:
        return TierCode.SCENARIO
    return open_[0] if len(open_) == 1 or rng.random() < 0.75 else open_[1]


def _weighted(rng, table):
    keys = list(table)
    return rng.choices(keys, [table[k] for k in keys])[0]


def plan_careers(ctx, firms, *, applications, titles):
    """Decide every application (``Plan``) and the titles from paper records; returns (plans, legacy)."""
    rng = ctx.rng
    held = {f.id: set() for f in firms}
    legacy = []
    budget = titles - round(titles * (1 - LEGACY_SHARE))
    first_year = ctx.rounds[0].year
    order = list(firms)
    rng.shuffle(order)
    for firm in order:
        if budget <= 0:
            break
        year = first_year - rng.choice((1, 2))
        if budget >= 2 and rng.random() < 0.45:
            legacy += [LegacyTitle(firm, TierCode.BASIC, year - 1), LegacyTitle(firm, TierCode.ADVANCED, year)]
            held[firm.id] |= {TierCode.BASIC, TierCode.ADVANCED}
            budget -= 2
        else:
            legacy.append(LegacyTitle(firm, TierCode.BASIC, year))
            held[firm.id].add(TierCode.BASIC)
            budget -= 1
    title_target = titles - len(legacy)

    counts = [int(applications * share) for share in ROUND_SHARES]
    counts[-1] += applications - sum(counts)
    decided = [i for i, r in enumerate(ctx.rounds) if r.stage != "open"]
    decided_total = sum(counts[i] for i in decided) or 1
    plans = []
    for i, rnd in enumerate(ctx.rounds):
        round_plans = []
        groups = {}
        for _ in range(counts[i]):
            firm = firms[rng.randrange(len(firms))]
            tier = TierCode.SCENARIO if rng.random() < SCENARIO_SHARE else _next_tier(held[firm.id], rng)
            plan = Plan(firm, rnd, tier)
            round_plans.append(plan)
            if tier != TierCode.SCENARIO:
                groups.setdefault((firm.id, tier), []).append(plan)
        # Earlier applications of the same enterprise and tier in a round were closed before the last one.
        earlier = set()
        for group in groups.values():
            for plan in group[:-1]:
                plan.status = rng.choice((S.WITHDRAWN, S.CITY_REJECTED))
                earlier.add(id(plan))
        if rnd.stage != "open":
            share = counts[i] / decided_total
            wanted = title_target if i == decided[-1] else round(title_target * share)
            wanted = min(wanted, title_target)
            candidates = [p for p in round_plans if id(p) not in earlier]
            keyed = sorted(candidates, key=lambda p: rng.random() ** (1 / TITLE_WEIGHT[p.tier_code]), reverse=True)
            for plan in keyed[:wanted]:
                plan.status = TITLE_STATUS[plan.tier_code]
            title_target -= min(wanted, len(keyed))
        for plan in round_plans:
            if plan.status is None:
                plan.status = _weighted(rng, OUTCOMES[(rnd.stage, ROUTE[plan.tier_code])])
            if plan.status == TITLE_STATUS[plan.tier_code]:
                held[plan.firm.id].add(plan.tier_code)
        plans += round_plans
    # Too few applications for the titles asked: the rest are scenario awards from paper records.
    while title_target > 0 and firms:
        legacy.append(LegacyTitle(firms[rng.randrange(len(firms))], TierCode.SCENARIO, first_year - 1))
        title_target -= 1
    return plans, legacy
