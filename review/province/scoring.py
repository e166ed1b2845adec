"""Pure arithmetic of expert review: weighted totals, the aggregate of several experts, rankings.

No database here: the services pass numbers in and store what comes out. Decimal throughout, rounded
half up to two places only at the end, so the same scores always give the same result.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
TRIM_FROM = 5  # with five or more scores, the highest and the lowest are dropped


def _round(value):
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_total(items):
    """The total out of 100 of one score sheet.

    ``items`` are ``(score, max_score, weight)``: each criterion contributes ``score / max_score`` of
    its weight, and the sum is scaled to 100 by the sum of the weights. So weights need not add up to
    anything, and full marks always give 100.
    """
    items = [(Decimal(s), Decimal(m), Decimal(w)) for s, m, w in items]
    if not items:
        raise ValueError("a score sheet needs at least one criterion")
    if any(m <= 0 or w <= 0 for _s, m, w in items):
        raise ValueError("maximum scores and weights must be positive")
    if any(s < 0 or s > m for s, m, _w in items):
        raise ValueError("a score must lie between 0 and its maximum")
    weights = sum(w for _s, _m, w in items)
    return _round(sum(w * s / m for s, m, w in items) * 100 / weights)


def mean(values):
    values = [Decimal(v) for v in values]
    if not values:
        return None
    return _round(sum(values) / len(values))


def trimmed_mean(values):
    """The mean without the single highest and the single lowest score, when there are at least
    five scores; None below that (too few to trim)."""
    values = sorted(Decimal(v) for v in values)
    if len(values) < TRIM_FROM:
        return None
    return mean(values[1:-1])


@dataclass(frozen=True)
class Aggregate:
    count: int
    mean: Decimal | None
    trimmed_mean: Decimal | None

    @property
    def final(self):
        """What ranks the application: the trimmed mean when there is one, else the mean."""
        return self.trimmed_mean if self.trimmed_mean is not None else self.mean


def aggregate(totals):
    totals = list(totals)
    return Aggregate(count=len(totals), mean=mean(totals), trimmed_mean=trimmed_mean(totals))


@dataclass(frozen=True)
class Ranked:
    rank: int | None
    key: object
    value: Decimal | None


def rank(entries):
    """Rank ``(key, value)`` pairs by value, highest first, with standard competition ranking
    (equal values share a rank, the next rank skips: 1, 2, 2, 4). Entries without a value come last,
    unranked, in the order given."""
    entries = list(entries)
    scored = sorted((e for e in entries if e[1] is not None), key=lambda e: e[1], reverse=True)
    result = []
    previous = None
    current_rank = 0
    for position, (key, value) in enumerate(scored, start=1):
        if value != previous:
            current_rank = position
            previous = value
        result.append(Ranked(current_rank, key, value))
    result.extend(Ranked(None, key, None) for key, value in entries if value is None)
    return result
