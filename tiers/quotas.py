"""City quotas for recommendations (Art. 12): how they are computed and how many are used.

Art. 12 sets each city's number of recommendations from three factors: the number of above-size
industrial enterprises in the city, the number of enterprises that did a maturity self-assessment
that year, and how well the city has built its gradient cultivation system. The portal computes

    share(c) = (w_E · E(c)/ΣE + w_A · A(c)/ΣA + w_S · S(c)/ΣS) / (w_E + w_A + w_S)

over the cities taking part in the round (a factor whose sum is zero contributes nothing), then
``apportion`` splits the provincial total by these shares with the largest-remainder (Hamilton)
method, so the quotas add up exactly to the total. ``CityQuota.final`` is the admin's override when
one is recorded, else the computed quota.

Used count: the recommendations are not this app's (applications/review). The review app
registers a counter once, in its ``AppConfig.ready``::

    from tiers import quotas
    quotas.register_used_counter(lambda plan: {city_id: n, ...})

``used_by_city(plan)`` returns what that counter says (0 for every city until one is registered),
and ``used_for(city_quota)`` is one city's number. To enforce the quota, the review app locks the row
(``CityQuota.objects.select_for_update().get(pk=quota_for(...).pk)``) and compares with ``final``.

Counted factors: the first two factors need not be typed. ``counted_factors(plan)`` counts them from
the records, where there are records: E from the city's above-size industrial enterprise list
(``portal.registers``: the list of the round's year, else of the year before, since a year's list is
published the next year), A from the applications' verified national-platform self-assessments dated
in the round's year (counted by the applications app, which registers its counter here, as the review
app registers the used counter). A typed figure that differs from a count is an override of it: the
quota service asks for the reason and keeps the counts beside the figures.
"""
from decimal import Decimal
from fractions import Fraction

from portal.registers.selectors import above_size_counts

from .constants import TierCode

# Tiers whose recommendation needs a quota plan (Art. 10, 12): without a city's quota row its city cannot
# recommend them, so they are not offered to its enterprises either. For MIIT's tiers a plan is enforced
# when the province has made one (Art. 13 leaves the number to MIIT's annual notice).
QUOTA_REQUIRED = frozenset({TierCode.ADVANCED, TierCode.SCENARIO})

_used_counter = None
_batch_counter = None
_assessment_counter = None


def register_assessment_counter(counter):
    """Register ``counter(city_ids, year) -> {city_id: n}``: the enterprises of each city whose verified
    national-platform self-assessment is dated in ``year`` (Art. 12's second factor)."""
    global _assessment_counter
    _assessment_counter = counter


def counted_factors(plan):
    """{city_id: {"enterprises": n or None, "assessments": n or None}} for the plan's cities: what the
    records say of the first two factors, None where there is nothing to count from: no list imported,
    or no verified self-assessment of the year in the city's applications (the platform then holds no
    record of the factor, only the figure the province types from the national platform's statistics)."""
    year = plan.round.year
    city_ids = list(plan.cities.values_list("city_id", flat=True))
    enterprises = above_size_counts(city_ids, [year, year - 1])
    assessments = _assessment_counter(city_ids, year) if _assessment_counter else {}
    return {city_id: {"enterprises": enterprises.get(city_id), "assessments": assessments.get(city_id)}
            for city_id in city_ids}


def apportion(total, shares):
    """Split ``total`` seats among ``shares`` (key -> non-negative number) by the largest-remainder method.

    Exact arithmetic (fractions), so the result depends only on the numbers: each key gets the floor
    of its exact quota, and the seats left go one each to the largest remainders; ties go to the
    larger share, then to the key that comes first in ``shares``. The result sums to ``total``,
    has no negative value, and a key with a larger share never gets fewer seats than one with a
    smaller share. All shares zero: the seats are split as if the shares were equal.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if not shares:
        if total:
            raise ValueError("cannot apportion seats among no one")
        return {}
    exact = {key: Fraction(value) for key, value in shares.items()}
    if any(v < 0 for v in exact.values()):
        raise ValueError("shares must not be negative")
    whole = sum(exact.values())
    if whole == 0:
        exact = {key: Fraction(1) for key in exact}
        whole = Fraction(len(exact))
    quotas = {key: total * value / whole for key, value in exact.items()}
    seats = {key: int(q) for key, q in quotas.items()}  # floor: quotas are non-negative
    left = total - sum(seats.values())
    position = {key: i for i, key in enumerate(exact)}
    order = sorted(exact, key=lambda k: (-(quotas[k] - seats[k]), -exact[k], position[k]))
    for key in order[:left]:
        seats[key] += 1
    return seats


def weighted_shares(inputs, weights):
    """Each key's weighted share (a Decimal, the shares summing to 1 unless every input is zero).

    ``inputs``: key -> {"enterprises": E, "assessments": A, "system": S};
    ``weights``: {"enterprises": w_E, "assessments": w_A, "system": w_S}, non-negative, not all zero.
    """
    factors = ("enterprises", "assessments", "system")
    weight_total = sum(Fraction(Decimal(str(weights[f]))) for f in factors)
    if weight_total <= 0 or any(Decimal(str(weights[f])) < 0 for f in factors):
        raise ValueError("weights must be non-negative and not all zero")
    sums = {f: sum(Fraction(Decimal(str(v[f]))) for v in inputs.values()) for f in factors}
    shares = {}
    for key, values in inputs.items():
        share = Fraction(0)
        for f in factors:
            if sums[f]:
                share += Fraction(Decimal(str(weights[f]))) * Fraction(Decimal(str(values[f]))) / sums[f]
        shares[key] = share / weight_total
    return shares


def to_decimal(fraction, places=6):
    return (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(Decimal(1).scaleb(-places))


def quota_for(*, round, tier, city):
    """The CityQuota of ``city`` for ``tier`` in ``round``, or None when no plan or no row exists."""
    from .models import CityQuota

    return CityQuota.objects.select_related("plan", "city").filter(
        plan__round=round, plan__tier=tier, city=city
    ).first()


def missing_quotas(rounds):
    """{(round_id, tier_id): [City, ...]}: for each of ``rounds`` (with ``tiers`` and ``cities`` prefetched
    or not), the tiers of QUOTA_REQUIRED open in it and the participating cities that have no quota for
    them (no plan, or no row for the city): their cities can never recommend an application of that tier
    (Art. 12). Pairs with every city covered are left out. One query for the quota rows."""
    from .models import CityQuota

    rounds = list(rounds)
    have = set(CityQuota.objects.filter(plan__round__in=rounds, plan__tier__code__in=QUOTA_REQUIRED)
               .values_list("plan__round_id", "plan__tier_id", "city_id"))
    missing = {}
    for round_ in rounds:
        cities = sorted(round_.cities.all(), key=lambda c: c.code)
        for tier in sorted(round_.tiers.all(), key=lambda t: t.order):
            if tier.code not in QUOTA_REQUIRED:
                continue
            lacking = [c for c in cities if (round_.pk, tier.pk, c.pk) not in have]
            if lacking:
                missing[(round_.pk, tier.pk)] = lacking
    return missing


def lacks_quota(*, round, tier, city):
    """Whether ``city`` can never recommend ``tier`` in ``round`` as things stand: the tier needs a quota
    (QUOTA_REQUIRED) and no quota has been set for the city (Art. 12)."""
    return tier.code in QUOTA_REQUIRED and quota_for(round=round, tier=tier, city=city) is None


def register_used_counter(counter, *, batch=None):
    """Register ``counter(plan) -> {city_id: used}``, counting recommendations against ``plan``'s quotas,
    and ``batch({(round_id, tier_id, city_id), ...}) -> {(round_id, tier_id, city_id): used}`` for lists."""
    global _used_counter, _batch_counter
    _used_counter = counter
    _batch_counter = batch


def used_by_city(plan):
    """{city_id: recommendations counted against the plan's quotas}; empty until a counter is registered."""
    if _used_counter is None:
        return {}
    return dict(_used_counter(plan))


def used_for(city_quota):
    """How many of ``city_quota`` its city has used."""
    return used_by_city(city_quota.plan).get(city_quota.city_id, 0)


def annotate_used(city_quotas):
    """Set ``used`` (and ``remaining``) on each of ``city_quotas`` (CityQuota rows with their plan), with
    one count query for them all rather than one per row: a city's list of quotas grows every year."""
    rows = list(city_quotas)
    if not rows:
        return rows
    if _batch_counter is None:
        used = {}
    else:
        used = _batch_counter({(r.plan.round_id, r.plan.tier_id, r.city_id) for r in rows})
    for row in rows:
        row.used = used.get((row.plan.round_id, row.plan.tier_id, row.city_id), 0)
        row.remaining = max(row.final - row.used, 0)
    return rows
