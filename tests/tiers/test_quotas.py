"""Quotas (Art. 12): the largest-remainder apportionment, the weighted shares and the quota services."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.accounts.models import City
from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.tiers.factories import RoundFactory, tier
from tiers import quotas, services
from tiers.constants import TierCode

share_values = st.one_of(
    st.integers(min_value=0, max_value=10**6),
    st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False, allow_infinity=False),
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
)
share_dicts = st.dictionaries(st.sampled_from([f"3701{i:02d}" for i in range(16)]), share_values, min_size=1)
totals = st.integers(min_value=0, max_value=2000)


@given(totals, share_dicts)
def test_apportion_adds_up_to_the_total_with_no_negative_quota(total, shares):
    seats = quotas.apportion(total, shares)
    assert set(seats) == set(shares)
    assert sum(seats.values()) == total
    assert all(isinstance(n, int) and n >= 0 for n in seats.values())


@given(totals, share_dicts)
def test_a_larger_share_never_gets_fewer(total, shares):
    seats = quotas.apportion(total, shares)
    for a in shares:
        for b in shares:
            if Fraction(shares[a]) > Fraction(shares[b]):
                assert seats[a] >= seats[b]


@given(totals, share_dicts)
def test_each_quota_is_its_exact_quota_rounded_down_or_up(total, shares):
    seats = quotas.apportion(total, shares)
    whole = sum(Fraction(v) for v in shares.values())
    for key, value in shares.items():
        exact = total * Fraction(value) / whole if whole else Fraction(total, len(shares))
        assert exact - 1 < seats[key] < exact + 1


@given(totals, share_dicts)
def test_apportion_is_deterministic(total, shares):
    assert quotas.apportion(total, shares) == quotas.apportion(total, dict(shares))


def test_ties_go_to_the_key_listed_first():
    assert quotas.apportion(1, {"a": 1, "b": 1, "c": 1}) == {"a": 1, "b": 0, "c": 0}
    assert quotas.apportion(2, {"c": 1, "b": 1, "a": 1}) == {"c": 1, "b": 1, "a": 0}


def test_all_zero_shares_are_split_evenly():
    assert quotas.apportion(5, {"a": 0, "b": 0}) == {"a": 3, "b": 2}


def test_largest_remainder_example():
    # Exact quotas 4.2, 3.5, 2.3: floors 4+3+2 = 9, the seat left goes to 3.5.
    assert quotas.apportion(10, {"a": Decimal("0.42"), "b": Decimal("0.35"), "c": Decimal("0.23")}) == {
        "a": 4, "b": 4, "c": 2}


def test_negative_input_is_rejected():
    with pytest.raises(ValueError):
        quotas.apportion(3, {"a": -1, "b": 2})
    with pytest.raises(ValueError):
        quotas.apportion(-1, {"a": 1})


def test_weighted_shares_follow_the_formula():
    inputs = {"x": {"enterprises": 300, "assessments": 10, "system": 50},
              "y": {"enterprises": 100, "assessments": 30, "system": 50}}
    shares = quotas.weighted_shares(inputs, {"enterprises": Decimal("0.5"), "assessments": Decimal("0.25"),
                                             "system": Decimal("0.25")})
    assert shares["x"] == Fraction(1, 2) * Fraction(3, 4) + Fraction(1, 4) * Fraction(1, 4) + Fraction(1, 4) * Fraction(1, 2)
    assert sum(shares.values()) == 1


def test_weights_need_not_sum_to_one():
    inputs = {"x": {"enterprises": 3, "assessments": 1, "system": 1},
              "y": {"enterprises": 1, "assessments": 1, "system": 1}}
    assert quotas.weighted_shares(inputs, {"enterprises": 2, "assessments": 0, "system": 0}) == {
        "x": Fraction(3, 4), "y": Fraction(1, 4)}


@pytest.fixture
def plan(admin_user):
    round = RoundFactory(without_qingdao=True)
    return services.create_quota_plan(round=round, tier=tier(TierCode.ADVANCED), total=100, acting_user=admin_user)


def figures(plan, factor=1):
    return {row.city_id: {"enterprises": (i + 1) * 100 * factor, "assessments": (i + 1) * 10, "system": Decimal(60 + i)}
            for i, row in enumerate(plan.cities.order_by("city__code"))}


def test_plan_has_a_row_per_participating_city_and_an_audit_row(plan, admin_user):
    assert plan.cities.count() == 15
    assert not plan.cities.filter(city__code="370200").exists()
    entry = audit_trail(plan).get()
    assert entry.verb == "tiers.quota_plan_created" and entry.actor == admin_user


def test_second_plan_for_the_same_round_and_tier_is_refused(plan, admin_user):
    with pytest.raises(ActionRefused):
        services.create_quota_plan(round=plan.round, tier=plan.tier, total=5, acting_user=admin_user)


def test_plan_for_a_tier_not_in_the_round_is_refused(admin_user):
    round = RoundFactory(tiers=[tier(TierCode.BASIC)])
    with pytest.raises(ActionRefused):
        services.create_quota_plan(round=round, tier=tier(TierCode.ADVANCED), total=5, acting_user=admin_user)


def test_update_computes_quotas_summing_to_the_total(plan, admin_user):
    services.update_quota_plan(plan, total=101, weights=plan.weights, inputs=figures(plan), acting_user=admin_user)
    rows = list(plan.cities.order_by("city__code"))
    assert sum(r.computed for r in rows) == 101
    assert rows[-1].computed > rows[0].computed  # the last city has the largest figures
    entry = audit_trail(plan).last()
    assert entry.verb == "tiers.quota_plan_updated"
    assert entry.before["total"] == 100 and entry.after["total"] == 101
    assert sum(c["computed"] for c in entry.after["cities"].values()) == 101


def test_override_sets_the_final_quota_with_its_reason(plan, admin_user):
    services.update_quota_plan(plan, total=100, weights=plan.weights, inputs=figures(plan), acting_user=admin_user)
    row = plan.cities.get(city__code="370100")
    services.override_city_quota(row, override=row.computed + 3, reason="梯度培育体系建设突出，省厅研究决定增加。",
                                 acting_user=admin_user)
    row.refresh_from_db()
    assert row.final == row.computed + 3 and row.override_reason
    entry = audit_trail(row).get()
    assert entry.verb == "tiers.quota_overridden" and entry.after["final"] == row.final
    # Recomputing keeps the override.
    services.recompute_quota_plan(plan, acting_user=admin_user)
    row.refresh_from_db()
    assert row.override == row.computed + 3
    services.override_city_quota(row, override=None, reason="恢复计算值", acting_user=admin_user)
    row.refresh_from_db()
    assert row.final == row.computed and row.override is None


def test_override_needs_a_reason(plan, admin_user):
    with pytest.raises(ActionRefused):
        services.override_city_quota(plan.cities.first(), override=3, reason=" ", acting_user=admin_user)


def test_override_cannot_go_below_what_the_city_used(plan, admin_user, monkeypatch):
    row = plan.cities.get(city__code="370100")
    # Stand in for the review app's counter for this test only (monkeypatch restores the real one).
    monkeypatch.setattr(quotas, "_used_counter", lambda p: {row.city_id: 4})
    assert quotas.used_for(row) == 4
    with pytest.raises(ActionRefused):
        services.override_city_quota(row, override=3, reason="减少", acting_user=admin_user)
    services.override_city_quota(row, override=4, reason="减少", acting_user=admin_user)


def test_recompute_adds_a_city_that_joined_the_round(plan, admin_user, qingdao):
    plan.round.cities.add(qingdao)
    services.update_quota_plan(plan, total=50, weights=plan.weights, inputs=figures(plan), acting_user=admin_user)
    services.recompute_quota_plan(plan, acting_user=admin_user)
    assert plan.cities.count() == 16
    assert sum(r.computed for r in plan.cities.all()) == 50
    assert audit_trail(plan).last().verb == "tiers.quota_plan_recomputed"


def test_quota_for_finds_the_citys_row(plan, jinan, qingdao):
    row = quotas.quota_for(round=plan.round, tier=plan.tier, city=jinan)
    assert row.city == jinan and row.final == 0
    assert quotas.quota_for(round=plan.round, tier=plan.tier, city=qingdao) is None
    assert City.objects.count() == 16
