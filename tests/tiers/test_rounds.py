"""Rounds refuse submissions outside their window, tiers, cities and past the measures' end (Art. 19)."""
import datetime

import pytest
from django.utils import timezone
from django.utils.translation import override

from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.tiers.factories import RoundFactory, tier
from tiers import rounds, services
from tiers.constants import TierCode
from tiers.models import MeasuresExtension, Tier


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def round_2026(db):
    return RoundFactory(opens_at=aware(2026, 3, 1, 9), closes_at=aware(2026, 4, 30, 17), without_qingdao=True)


def test_submission_inside_the_window_is_allowed(round_2026, jinan):
    rounds.ensure_open_for_submission(round_2026, tier=tier(TierCode.ADVANCED), city=jinan, at=aware(2026, 3, 15))


def test_submission_before_the_round_opens_is_refused(round_2026, jinan):
    with override("zh-hans"), pytest.raises(ActionRefused) as exc:
        rounds.ensure_open_for_submission(round_2026, tier=tier(TierCode.ADVANCED), city=jinan, at=aware(2026, 3, 1, 8, 59))
    assert "尚未开放" in str(exc.value) or "未开放" in str(exc.value)


def test_submission_at_or_after_closing_is_refused(round_2026, jinan):
    with override("zh-hans"), pytest.raises(ActionRefused) as exc:
        rounds.ensure_open_for_submission(round_2026, tier=tier(TierCode.ADVANCED), city=jinan, at=aware(2026, 4, 30, 17))
    assert "截止" in str(exc.value)


def test_tier_not_in_the_round_is_refused(db, jinan):
    round = RoundFactory(tiers=[tier(TierCode.SCENARIO)])
    with pytest.raises(ActionRefused) as exc:
        rounds.ensure_open_for_submission(round, tier=tier(TierCode.ADVANCED), city=jinan)
    assert exc.value.article == "Art. 4"


def test_qingdao_outside_the_round_is_refused(round_2026, qingdao):
    with override("zh-hans"), pytest.raises(ActionRefused) as exc:
        rounds.ensure_open_for_submission(round_2026, tier=tier(TierCode.ADVANCED), city=qingdao, at=aware(2026, 3, 15))
    assert exc.value.article == "Art. 12" and "青岛" in str(exc.value)


def test_no_submission_after_the_measures_expire_even_in_an_open_round(db, jinan):
    # A round created before the end-date check existed (or by data import) still cannot take submissions.
    round = RoundFactory(opens_at=aware(2027, 12, 1), closes_at=aware(2028, 2, 1))
    with pytest.raises(ActionRefused) as exc:
        rounds.ensure_open_for_submission(round, tier=tier(TierCode.BASIC), city=jinan, at=aware(2028, 1, 1, 0, 1))
    assert exc.value.article == "Art. 19"
    rounds.ensure_open_for_submission(round, tier=tier(TierCode.BASIC), city=jinan, at=aware(2027, 12, 31, 23, 59))


def test_open_rounds_for_lists_only_rounds_of_the_enterprises_city(round_2026, enterprise, other_enterprise_user):
    at = aware(2026, 3, 15)
    everyone = RoundFactory(opens_at=aware(2026, 3, 1), closes_at=aware(2026, 5, 1))
    RoundFactory(opens_at=aware(2026, 6, 1), closes_at=aware(2026, 7, 1))  # not open yet
    assert set(rounds.open_rounds_for(enterprise, at=at)) == {round_2026, everyone}
    assert list(rounds.open_rounds_for(other_enterprise_user.enterprise, at=at)) == [everyone]


def test_measures_end_date_defaults_to_2027_and_follows_extensions(db, admin_user):
    assert rounds.measures_end_date() == datetime.date(2027, 12, 31)
    MeasuresExtension.objects.create(valid_until=datetime.date(2029, 12, 31), legal_basis="鲁工信发〔2027〕1号",
                                     recorded_by=admin_user)
    assert rounds.measures_end_date() == datetime.date(2029, 12, 31)


def round_data(**changes):
    data = {"year": 2027, "name": "2027年度第一批", "opens_at": aware(2027, 3, 1), "closes_at": aware(2027, 5, 1),
                "tiers": list(Tier.objects.all()), "cities": None, "note": ""}
    data.update(changes)
    return data


def test_create_round_writes_an_audit_row(admin_user, jinan, qingdao):
    round = services.create_round(**round_data(cities=[jinan]), acting_user=admin_user)
    assert list(round.cities.all()) == [jinan]
    entry = audit_trail(round).get()
    assert entry.verb == "tiers.round_created" and entry.actor == admin_user
    assert entry.after["cities"] == ["370100"]


def test_round_cannot_close_past_the_measures_end(admin_user, jinan):
    with pytest.raises(ActionRefused) as exc:
        services.create_round(**round_data(closes_at=aware(2028, 1, 1, 0, 1), cities=[jinan]), acting_user=admin_user)
    assert exc.value.article == "Art. 19"
    services.create_round(**round_data(closes_at=aware(2028, 1, 1, 0, 0), cities=[jinan]), acting_user=admin_user)


def test_round_cannot_be_extended_past_the_end_without_a_recorded_extension(admin_user, jinan):
    round = services.create_round(**round_data(cities=[jinan]), acting_user=admin_user)
    with pytest.raises(ActionRefused):
        services.update_round(round, **round_data(closes_at=aware(2028, 3, 1), cities=[jinan]), acting_user=admin_user)
    services.record_extension(valid_until=datetime.date(2028, 12, 31), legal_basis="省政府办公厅通知",
                              acting_user=admin_user)
    round = services.update_round(round, **round_data(closes_at=aware(2028, 3, 1), cities=[jinan]),
                                  acting_user=admin_user)
    assert round.closes_at == aware(2028, 3, 1)
    assert [e.verb for e in audit_trail(round)] == ["tiers.round_created", "tiers.round_updated"]
    assert audit_trail(round).last().before["closes_at"].startswith("2027-04-30")


def test_extension_needs_a_later_date_and_a_legal_basis(admin_user):
    with pytest.raises(ActionRefused):
        services.record_extension(valid_until=datetime.date(2027, 6, 30), legal_basis="x", acting_user=admin_user)
    with pytest.raises(ActionRefused):
        services.record_extension(valid_until=datetime.date(2028, 6, 30), legal_basis="  ", acting_user=admin_user)
    extension = services.record_extension(valid_until=datetime.date(2028, 6, 30), legal_basis="鲁政办字〔2027〕9号",
                                          acting_user=admin_user)
    entry = audit_trail(extension).get()
    assert entry.verb == "tiers.measures_extended" and entry.before == {"valid_until": "2027-12-31"}


def test_round_must_close_after_it_opens_and_have_tiers_and_cities(admin_user, jinan):
    with pytest.raises(ActionRefused):
        services.create_round(**round_data(opens_at=aware(2027, 5, 1), closes_at=aware(2027, 5, 1), cities=[jinan]),
                              acting_user=admin_user)
    with pytest.raises(ActionRefused):
        services.create_round(**round_data(cities=[]), acting_user=admin_user)
    with pytest.raises(ActionRefused):
        services.create_round(**round_data(tiers=[], cities=[jinan]), acting_user=admin_user)
