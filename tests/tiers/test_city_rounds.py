"""City bureaus open and manage their own basic-tier rounds (Art. 4, 11) within the calendar the province
sets for each year and the measures' end (Art. 19); the province sees them all."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.tiers.factories import tier
from tiers import city_rounds, rounds
from tiers.constants import TierCode
from tiers.models import CityRoundCalendar, Round


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def calendar_2027(provincial_officer):
    return city_rounds.set_calendar(year=2027, opens_on=datetime.date(2027, 2, 1), closes_on=datetime.date(2027, 6, 30),
                                    note="先于省级先进级批次", acting_user=provincial_officer)


def open_jinan_round(official, **changes):
    data = {"year": 2027, "name": "济南市2027年度基础级智能工厂", "opens_at": aware(2027, 3, 1, 9),
            "closes_at": aware(2027, 4, 30, 17), "note": ""}
    data.update(changes)
    return city_rounds.create_city_round(city=official.city, **data, acting_user=official)


def test_a_city_bureau_opens_its_own_basic_round_for_its_city_only(calendar_2027, jinan_official, jinan):
    round = open_jinan_round(jinan_official)
    assert round.organiser == jinan
    assert list(round.tiers.values_list("code", flat=True)) == [TierCode.BASIC]
    assert list(round.cities.all()) == [jinan]
    row = audit_trail(round).get()
    assert row.verb == "tiers.city_round_created" and row.actor == jinan_official
    assert row.after["organiser"] == "370100"


def test_an_enterprise_of_the_city_may_submit_basic_to_it_and_no_other_city_or_tier(calendar_2027, jinan_official,
                                                                                      jinan, qingdao):
    round = open_jinan_round(jinan_official)
    during = aware(2027, 3, 15, 10)
    rounds.ensure_open_for_submission(round, tier=tier(TierCode.BASIC), city=jinan, at=during)
    with pytest.raises(ActionRefused) as refused:
        rounds.ensure_open_for_submission(round, tier=tier(TierCode.ADVANCED), city=jinan, at=during)
    assert refused.value.article == "Art. 4"
    with pytest.raises(ActionRefused):
        rounds.ensure_open_for_submission(round, tier=tier(TierCode.BASIC), city=qingdao, at=during)


def test_a_city_round_outside_the_provinces_window_is_refused_with_the_article(calendar_2027, jinan_official):
    with pytest.raises(ActionRefused) as refused:
        open_jinan_round(jinan_official, opens_at=aware(2027, 1, 20, 9))
    assert refused.value.article == "Art. 11"
    assert "2027-02-01" in str(refused.value) and "2027-06-30" in str(refused.value)
    with pytest.raises(ActionRefused):
        open_jinan_round(jinan_official, closes_at=aware(2027, 7, 1, 0, 1))
    open_jinan_round(jinan_official, closes_at=aware(2027, 7, 1, 0, 0))  # closing at the window's last midnight fits
    assert Round.objects.filter(organiser__isnull=False).count() == 1


def test_no_city_round_without_the_years_calendar(jinan_official):
    with pytest.raises(ActionRefused) as refused:
        open_jinan_round(jinan_official, year=2026, opens_at=aware(2026, 12, 10, 9), closes_at=aware(2026, 12, 20, 9))
    assert "2026" in str(refused.value) and refused.value.article == "Art. 11"


def test_a_city_round_is_refused_past_2027_12_31(provincial_officer, jinan_official):
    with pytest.raises(ActionRefused) as refused:
        city_rounds.set_calendar(year=2027, opens_on=datetime.date(2027, 9, 1), closes_on=datetime.date(2028, 1, 31),
                                 acting_user=provincial_officer)
    assert refused.value.article == "Art. 19"
    city_rounds.set_calendar(year=2027, opens_on=datetime.date(2027, 9, 1), closes_on=datetime.date(2027, 12, 31),
                             acting_user=provincial_officer)
    with pytest.raises(ActionRefused) as refused:
        open_jinan_round(jinan_official, opens_at=aware(2027, 12, 1, 9), closes_at=aware(2028, 1, 2, 17))
    assert refused.value.article == "Art. 19" and "2027-12-31" in str(refused.value)
    round = open_jinan_round(jinan_official, opens_at=aware(2027, 12, 1, 9), closes_at=aware(2027, 12, 31, 17))
    assert round.closes_at.year == 2027


def test_only_the_citys_bureau_opens_or_changes_its_rounds(calendar_2027, jinan_official, qingdao_official,
                                                          provincial_officer, enterprise_user, jinan):
    round = open_jinan_round(jinan_official)
    for user in (qingdao_official, provincial_officer, enterprise_user):
        with pytest.raises(ActionRefused):
            city_rounds.create_city_round(city=jinan, year=2027, name="x", opens_at=aware(2027, 3, 1, 9),
                                          closes_at=aware(2027, 3, 9, 9), acting_user=user)
        with pytest.raises(ActionRefused):
            city_rounds.update_city_round(round, year=2027, name="改", opens_at=round.opens_at,
                                          closes_at=round.closes_at, acting_user=user)
    from tiers import services
    with pytest.raises(ActionRefused) as refused:  # the province's own form cannot change a city's round
        services.update_round(round, year=2027, name="改", opens_at=round.opens_at, closes_at=round.closes_at,
                              tiers=[tier(TierCode.BASIC)], cities=[jinan], acting_user=provincial_officer)
    assert refused.value.article == "Art. 11"


def test_the_bureau_extends_its_round_with_an_audit_row(calendar_2027, jinan_official):
    round = open_jinan_round(jinan_official)
    city_rounds.update_city_round(round, year=2027, name=round.name, opens_at=round.opens_at,
                                  closes_at=aware(2027, 5, 31, 17), acting_user=jinan_official)
    row = audit_trail(round).last()
    assert row.verb == "tiers.city_round_updated"
    assert row.before["closes_at"] != row.after["closes_at"]


def test_the_calendar_cannot_shrink_under_a_citys_round(calendar_2027, jinan_official, provincial_officer):
    open_jinan_round(jinan_official)
    with pytest.raises(ActionRefused) as refused:
        city_rounds.set_calendar(year=2027, opens_on=datetime.date(2027, 4, 1), closes_on=datetime.date(2027, 6, 30),
                                 acting_user=provincial_officer)
    assert "济南" in str(refused.value)
    assert CityRoundCalendar.objects.get(year=2027).opens_on == datetime.date(2027, 2, 1)


def test_the_calendar_is_set_by_the_province_only(jinan_official, provincial_officer):
    with pytest.raises(ActionRefused):
        city_rounds.set_calendar(year=2027, opens_on=datetime.date(2027, 2, 1), closes_on=datetime.date(2027, 3, 1),
                                 acting_user=jinan_official)
    calendar = city_rounds.set_calendar(year=2027, opens_on=datetime.date(2027, 2, 1),
                                        closes_on=datetime.date(2027, 3, 1), acting_user=provincial_officer)
    assert audit_trail(calendar).get().verb == "tiers.city_round_calendar_set"


# --- pages ---------------------------------------------------------------------------------------------

def test_a_city_official_opens_a_round_on_the_page_and_sees_it(calendar_2027, client_for, jinan_official):
    client = client_for(jinan_official)
    response = client.post(reverse("tiers:city_round_create"), {
        "year": "2027", "name": "济南市2027年度第一批基础级", "opens_at": "2027-03-01T09:00",
        "closes_at": "2027-04-30T17:00", "note": ""})
    assert response.status_code == 302
    page = client.get(reverse("tiers:city_rounds")).content.decode()
    assert "济南市2027年度第一批基础级" in page and "2027-02-01" in page


def test_a_city_official_names_its_round_in_english_for_english_pages(calendar_2027, client_for, jinan_official):
    from tests.factories import in_english

    client = client_for(jinan_official)
    client.post(reverse("tiers:city_round_create"), {
        "year": "2027", "name": "济南市2027年度第一批基础级", "name_en": "Jinan 2027 basic round",
        "opens_at": "2027-03-01T09:00", "closes_at": "2027-04-30T17:00", "note": ""})
    round = Round.objects.get(name="济南市2027年度第一批基础级")
    assert round.name_en == "Jinan 2027 basic round" and audit_trail(round).get().after["name_en"] == round.name_en
    assert "济南市2027年度第一批基础级" in client.get(reverse("tiers:city_rounds")).content.decode()  # and its message
    english = in_english(client).get(reverse("tiers:city_rounds")).content.decode()
    assert "Jinan 2027 basic round" in english and "济南市2027年度第一批基础级" not in english


def test_a_refused_city_round_keeps_what_was_typed_and_says_why(calendar_2027, client_for, jinan_official):
    response = client_for(jinan_official).post(reverse("tiers:city_round_create"), {
        "year": "2027", "name": "太早的批次", "opens_at": "2027-01-05T09:00", "closes_at": "2027-01-30T17:00"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "太早的批次" in page and "第十一条" in page
    assert not Round.objects.exists()


def test_another_citys_round_is_not_found_and_the_province_cannot_edit_it(calendar_2027, client_for, jinan_official,
                                                                          qingdao_official, provincial_officer):
    round = open_jinan_round(jinan_official)
    assert client_for(qingdao_official).get(reverse("tiers:city_round_edit", args=[round.pk])).status_code == 404
    assert client_for(provincial_officer).get(reverse("tiers:round_edit", args=[round.pk])).status_code == 404
    assert client_for(provincial_officer).get(reverse("tiers:city_rounds")).status_code == 403


def test_the_province_sees_every_citys_round_and_filters_by_who_runs_it(calendar_2027, client_for, jinan_official,
                                                                        provincial_officer):
    from tests.tiers.factories import RoundFactory

    RoundFactory(name="2027年度省级批次", year=2027)
    open_jinan_round(jinan_official)
    client = client_for(provincial_officer)
    page = client.get(reverse("tiers:round_list")).content.decode()
    assert "济南市2027年度基础级智能工厂" in page and "2027年度省级批次" in page
    only_jinan = client.get(reverse("tiers:round_list"), {"organiser": "370100"}).content.decode()
    assert "济南市2027年度基础级智能工厂" in only_jinan and "2027年度省级批次" not in only_jinan
    only_province = client.get(reverse("tiers:round_list"), {"organiser": "province"}).content.decode()
    assert "济南市2027年度基础级智能工厂" not in only_province and "2027年度省级批次" in only_province


def test_the_province_sets_the_calendar_on_its_page(client_for, provincial_officer, jinan_official):
    response = client_for(provincial_officer).post(reverse("tiers:city_round_calendar"), {
        "year": "2027", "opens_on": "2027-02-01", "closes_on": "2027-06-30", "note": ""})
    assert response.status_code == 302
    assert CityRoundCalendar.objects.get(year=2027).set_by == provincial_officer
    assert client_for(jinan_official).get(reverse("tiers:city_round_calendar")).status_code == 403
