"""The arithmetic of review: weighted totals, mean, trimmed mean from five scores, and the ranking."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from applications.constants import Status
from applications.workflow import perform
from review.province import scoring
from review.province.selectors import ranking
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, make_credit_code
from tests.review.province.helpers import submit_all, under_review

D = Decimal
scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def test_weighted_total_scales_to_100_by_the_weights():
    # 8/10 of weight 3 and 5/5 of weight 1: (3*0.8 + 1*1) / 4 * 100 = 85
    assert scoring.weighted_total([(8, 10, 3), (5, 5, 1)]) == D("85.00")
    assert scoring.weighted_total([(15, 15, 15), (20, 20, 20)]) == D("100.00")
    assert scoring.weighted_total([(0, 10, 1)]) == D("0.00")


@pytest.mark.parametrize("items", [[], [(11, 10, 1)], [(-1, 10, 1)], [(5, 0, 1)], [(5, 10, 0)]])
def test_weighted_total_refuses_impossible_sheets(items):
    with pytest.raises(ValueError):
        scoring.weighted_total(items)


def test_mean_and_trimmed_mean():
    assert scoring.mean([80, 90]) == D("85.00")
    assert scoring.mean([]) is None
    assert scoring.trimmed_mean([60, 70, 80, 90]) is None  # four scores: nothing trimmed
    # five scores: 50 and 99 dropped, (70 + 80 + 90) / 3
    assert scoring.trimmed_mean([99, 70, 50, 80, 90]) == D("80.00")
    agg = scoring.aggregate([D("99"), D("70"), D("50"), D("80"), D("90")])
    assert agg.count == 5 and agg.mean == D("77.80") and agg.trimmed_mean == D("80.00") and agg.final == D("80.00")
    assert scoring.aggregate([D("70"), D("80")]).final == D("75.00")


def test_ranking_shares_ranks_on_ties_and_leaves_unscored_last():
    rows = scoring.rank([("a", D("80")), ("b", None), ("c", D("90")), ("d", D("80")), ("e", D("70"))])
    assert [(r.rank, r.key) for r in rows] == [(1, "c"), (2, "a"), (2, "d"), (4, "e"), (None, "b")]


@given(st.lists(st.tuples(scores, st.integers(1, 100), st.integers(1, 50)), min_size=1, max_size=12))
def test_weighted_total_lies_between_0_and_100(items):
    items = [(min(s, m), m, w) for s, m, w in items]
    total = scoring.weighted_total(items)
    assert D("0") <= total <= D("100")
    full = scoring.weighted_total([(m, m, w) for _s, m, w in items])
    assert full == D("100.00")


@given(st.lists(scores, min_size=1, max_size=20), st.randoms())
def test_aggregates_lie_within_the_scores_and_ignore_order(values, rnd):
    agg = scoring.aggregate(values)
    low, high = min(values), max(values)
    assert low - D("0.01") <= agg.mean <= high + D("0.01")
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert scoring.aggregate(shuffled) == agg
    if len(values) >= 5:
        trimmed = sorted(values)[1:-1]
        assert min(trimmed) - D("0.01") <= agg.trimmed_mean <= max(trimmed) + D("0.01")
        assert agg.final == agg.trimmed_mean
    else:
        assert agg.trimmed_mean is None and agg.final == agg.mean


@given(st.lists(scores, min_size=5, max_size=20), scores)
def test_one_outlier_cannot_move_the_trimmed_mean_beyond_the_others(values, outlier):
    """Replacing the highest score by any higher value leaves the trimmed mean unchanged."""
    values = sorted(values)
    higher = values[:-1] + [max(values[-1], outlier)]
    assert scoring.trimmed_mean(values) == scoring.trimmed_mean(higher)


@given(st.lists(st.one_of(st.none(), scores), max_size=15))
def test_ranking_is_ordered_and_complete(values):
    rows = scoring.rank(list(enumerate(values)))
    assert sorted(r.key for r in rows) == list(range(len(values)))
    ranked = [r for r in rows if r.rank is not None]
    assert all(a.value >= b.value for a, b in zip(ranked, ranked[1:], strict=False))
    assert all(a.rank <= b.rank for a, b in zip(ranked, ranked[1:], strict=False))
    assert all(r.rank is None for r in rows[len(ranked):])
    if ranked:
        assert ranked[0].rank == 1


@pytest.mark.django_db
def test_ranking_of_a_round_and_tier_uses_the_trimmed_mean_from_five_scores(enterprise_user, provincial_officer,
                                                                           experts, jinan, settings, rubric):
    from tests.factories import UserFactory

    settings.REVIEW_EXPERTS_PER_APPLICATION = 5
    panel = experts + [UserFactory(username=f"expert_x{i}", expert=True) for i in range(2)]
    first = under_review(enterprise_user, provincial_officer, panel)
    submit_all(first, ["0.99", "0.7", "0.5", "0.8", "0.9"])  # totals 98.8, 70, 50, 80, 90: trimmed 80, mean 77.76
    other = EnterpriseUserFactory(username="jinan_second", enterprise=EnterpriseFactory(
        city=jinan, name="济南第二智能制造有限公司", credit_code=make_credit_code("370102", 4242)))
    second = under_review(other, provincial_officer, panel, round=first.round)
    submit_all(second, ["0.8", "0.78", "0.8", "0.76", "0.7"])  # 80, 78, 80, 76, 70: trimmed 78, mean 76.8
    rows = ranking(first.round, first.tier)
    assert [(r.rank, r.key, r.value) for r in rows] == [(1, first, D("80.00")), (2, second, D("78.00"))]
    assert rows[0].key.aggregate.mean == D("77.76") and rows[1].key.aggregate.mean == D("76.80")
    perform(second, "reject", actor=provincial_officer, data={"reason": "名额有限，未予通过。"})
    assert second.status == Status.REJECTED
    assert len(ranking(first.round, first.tier)) == 2  # decided applications stay in the ranking
