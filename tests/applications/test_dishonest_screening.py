"""The daily screening of titled enterprises against the dishonest-entity list (``applications.screening``):
exactly one revocation case per newly listed titled enterprise, none on a second run, none for what a crashed
run already did; the case is left for the authority to decide (no title is revoked)."""
import datetime

import pytest

from applications import screening
from applications.constants import Status
from applications.models import DishonestScreening
from applications.tasks import screen_dishonest_entities_task
from portal.calendar.working_days import working_days_after
from portal.models import AuditEntry
from tests.applications.factories import give_title, make_application, tier
from tests.factories import EnterpriseFactory, make_credit_code
from tiers.titles.constants import CaseStatus, RevocationGround, TitleStatus
from tiers.titles.models import RevocationCase

from ..registers.factories import import_dishonest

pytestmark = pytest.mark.django_db

LISTED_ON = datetime.date(2026, 3, 1)


@pytest.fixture
def titled(enterprise_user):
    """The persona's enterprise with a basic title, which declared on submitting an application (today,
    after the listing date) that it was not on the list."""
    make_application(enterprise_user, state=Status.SUBMITTED)
    give_title(enterprise_user.enterprise, "basic")
    return enterprise_user.enterprise


def _list(officer, *enterprises, listed_on=LISTED_ON):
    return import_dishonest(officer, [(e.credit_code, e.name, listed_on, "济南市市场监督管理局", "虚假申报")
                                      for e in enterprises])


def test_each_newly_listed_titled_enterprise_gets_exactly_one_case_and_a_second_run_none(titled, provincial_officer):
    other = EnterpriseFactory(credit_code=make_credit_code("370102", 9100), name="济南另一家有称号的企业")
    give_title(other, "basic")
    untitled = EnterpriseFactory(credit_code=make_credit_code("370102", 9101), name="济南没有称号的企业")
    _list(provincial_officer, titled, other, untitled)

    assert screen_dishonest_entities_task() == {"screened": 2, "already": 0, "skipped": 0}
    assert RevocationCase.objects.filter(enterprise=titled).count() == 1
    assert RevocationCase.objects.filter(enterprise=other).count() == 1
    assert not RevocationCase.objects.filter(enterprise=untitled).exists()

    assert screen_dishonest_entities_task() == {"screened": 0, "already": 2, "skipped": 0}
    assert RevocationCase.objects.count() == 2
    assert AuditEntry.objects.filter(verb="titles.case_opened").count() == 2


def test_the_case_is_left_to_the_authority_and_revokes_nothing(titled, provincial_officer):
    _list(provincial_officer, titled)
    screening.screen_dishonest_entities()
    case = RevocationCase.objects.get(enterprise=titled)
    assert case.status == CaseStatus.STATEMENT_PERIOD and case.opened_by == provincial_officer
    assert case.statement_due == working_days_after(datetime.date.today(), screening.STATEMENT_DAYS)
    assert "严重失信主体名单" in case.facts and "济南市市场监督管理局" in case.facts
    assert titled.titles.get().status == TitleStatus.ACTIVE
    mark = DishonestScreening.objects.get(enterprise=titled)
    assert mark.case_group == case.group and mark.listed_on == LISTED_ON


def test_listed_before_its_declaration_is_false_information_after_it_another_violation(titled, provincial_officer):
    later = EnterpriseFactory(credit_code=make_credit_code("370102", 9102), name="济南后来失信的企业")
    give_title(later, "basic")  # no application: its last declaration is unknown, so (5)
    _list(provincial_officer, titled, later)
    screening.screen_dishonest_entities()
    assert RevocationCase.objects.get(enterprise=titled).ground == RevocationGround.FALSE_INFORMATION
    assert RevocationCase.objects.get(enterprise=later).ground == RevocationGround.OTHER_VIOLATION

    today = datetime.date.today()
    assert screening.ground_for(type("Entry", (), {"listed_on": today})(), titled) == RevocationGround.OTHER_VIOLATION


def test_a_run_cut_short_keeps_what_it_did_and_the_next_run_does_only_the_rest(titled, provincial_officer,
                                                                             monkeypatch):
    other = EnterpriseFactory(credit_code=make_credit_code("370102", 9103), name="济南第二家企业")
    give_title(other, "basic")
    _list(provincial_officer, titled, other)
    real_open_cases = screening.open_cases
    calls = []

    def crash_on_the_second(**kwargs):
        calls.append(kwargs["enterprise"])
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real_open_cases(**kwargs)

    monkeypatch.setattr(screening, "open_cases", crash_on_the_second)
    with pytest.raises(RuntimeError):
        screening.screen_dishonest_entities()
    assert RevocationCase.objects.count() == 1 and DishonestScreening.objects.count() == 1

    monkeypatch.setattr(screening, "open_cases", real_open_cases)
    assert screening.screen_dishonest_entities() == {"screened": 1, "already": 1, "skipped": 0}
    assert RevocationCase.objects.filter(enterprise=titled).count() == 1
    assert RevocationCase.objects.filter(enterprise=other).count() == 1


def test_a_new_list_version_repeating_the_listing_opens_nothing_a_new_listing_date_does(titled, provincial_officer):
    _list(provincial_officer, titled)
    screening.screen_dishonest_entities()
    _list(provincial_officer, titled)  # the next version still names it, same listing
    assert screening.screen_dishonest_entities()["screened"] == 0
    RevocationCase.objects.update(status=CaseStatus.DISMISSED)
    _list(provincial_officer, titled, listed_on=datetime.date(2026, 11, 1))  # listed again, later
    assert screening.screen_dishonest_entities()["screened"] == 1


def test_without_a_dishonest_list_nothing_is_screened(titled):
    assert screen_dishonest_entities_task() == {"screened": 0, "already": 0, "skipped": 0}
    assert not RevocationCase.objects.exists()


def test_the_screening_runs_daily_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dishonest-screening"]
    assert entry["task"] == screen_dishonest_entities_task.name == "applications.screen_dishonest_entities"


def test_the_screenings_statement_period_is_ten_working_days(titled, provincial_officer):
    import time_machine

    from tests.clock import morning

    _list(provincial_officer, titled)
    with time_machine.travel(morning(datetime.date(2026, 9, 30)), tick=False):
        screening.screen_dishonest_entities()
    # After 30 September 2026: 8, 9, 10 (Saturday worked), 12-16, 19 and 20 October (National Day off).
    assert RevocationCase.objects.get(enterprise=titled).statement_due == datetime.date(2026, 10, 20)


def _grant(enterprise, code, actor):
    from tiers.titles.grants import grant_title

    return grant_title(enterprise=enterprise, tier=tier(code), recognized_on=datetime.date.today(),
                       source="测试认定", actor=actor)


def test_a_new_title_of_an_already_screened_enterprise_is_screened_too(titled, provincial_officer):
    _list(provincial_officer, titled)
    screening.screen_dishonest_entities()
    first = RevocationCase.objects.get(enterprise=titled)
    RevocationCase.objects.filter(pk=first.pk).update(status=CaseStatus.DISMISSED)  # dismissed: not screened again
    advanced = give_title(titled, "advanced")  # e.g. recorded from paper records after the case

    assert screening.screen_dishonest_entities() == {"screened": 1, "already": 0, "skipped": 0}
    case = RevocationCase.objects.exclude(pk=first.pk).get(enterprise=titled)
    assert list(case.titles.all()) == [advanced]  # the dismissed listing of the basic title is not reopened
    assert DishonestScreening.objects.filter(title=advanced, listed_on=LISTED_ON, case_group=case.group).exists()
    assert screening.screen_dishonest_entities() == {"screened": 0, "already": 1, "skipped": 0}


def test_a_title_granted_while_a_credit_case_is_open_joins_that_case(titled, provincial_officer,
                                                                     django_capture_on_commit_callbacks):
    titled.titles.update(status=TitleStatus.SUPERSEDED)  # start from an advanced title only
    advanced = give_title(titled, "advanced")
    _list(provincial_officer, titled)
    screening.screen_dishonest_entities()
    case = RevocationCase.objects.get(enterprise=titled)
    assert case.authority == "province"

    award = _grant(titled, "scenario", provincial_officer)  # decided by the province too

    assert RevocationCase.objects.filter(enterprise=titled).count() == 1
    assert set(case.titles.all()) == {advanced, award}
    row = AuditEntry.objects.filter(verb="titles.case_title_joined").get()
    assert row.object_id == str(case.pk) and row.after == {"title": award.pk} and row.actor == provincial_officer
    assert DishonestScreening.objects.filter(title=award, listed_on=LISTED_ON, case_group=case.group).exists()
    assert screening.screen_dishonest_entities() == {"screened": 0, "already": 1, "skipped": 0}


def test_a_title_of_another_authority_granted_during_the_case_gets_its_own_case_in_the_group(
        titled, provincial_officer):
    _list(provincial_officer, titled)
    screening.screen_dishonest_entities()
    city_case = RevocationCase.objects.get(enterprise=titled)
    assert city_case.authority == "city"

    advanced = _grant(titled, "advanced", provincial_officer)

    province_case = RevocationCase.objects.exclude(pk=city_case.pk).get(enterprise=titled)
    assert (province_case.group, province_case.authority, province_case.ground) == (city_case.group, "province",
                                                                                    city_case.ground)
    assert list(province_case.titles.all()) == [advanced] and province_case.facts == city_case.facts
    assert province_case.statement_due >= city_case.statement_due
    assert AuditEntry.objects.filter(verb="titles.case_opened", object_id=str(province_case.pk)).exists()
    assert screening.screen_dishonest_entities()["screened"] == 0


def test_a_title_granted_after_the_case_was_decided_is_left_to_the_next_screening(titled, provincial_officer):
    _list(provincial_officer, titled)
    screening.screen_dishonest_entities()
    RevocationCase.objects.update(status=CaseStatus.DISMISSED)
    advanced = _grant(titled, "advanced", provincial_officer)
    assert RevocationCase.objects.count() == 1 and not DishonestScreening.objects.filter(title=advanced).exists()
    assert screening.screen_dishonest_entities()["screened"] == 1


def test_a_renamed_title_inherits_the_screening_of_the_title_it_replaces(titled, provincial_officer, jinan_official):
    from tiers.titles.grants import grant_title

    _list(provincial_officer, titled)
    screening.screen_dishonest_entities()
    old = titled.titles.get()
    RevocationCase.objects.update(status=CaseStatus.DISMISSED)  # even a dismissed listing stays screened
    new = grant_title(enterprise=titled, tier=old.tier, recognized_on=datetime.date.today(), source="更名",
                      actor=jinan_official, predecessor=old)
    assert DishonestScreening.objects.filter(title=new, listed_on=LISTED_ON).exists()
    assert screening.screen_dishonest_entities() == {"screened": 0, "already": 1, "skipped": 0}


def test_an_unmarked_title_found_while_the_credit_case_is_open_joins_its_group(titled, provincial_officer):
    _list(provincial_officer, titled)
    screening.screen_dishonest_entities()
    city_case = RevocationCase.objects.get(enterprise=titled)
    advanced = give_title(titled, "advanced")  # recorded without grant_title's receiver (e.g. loaded records)

    assert screening.screen_dishonest_entities() == {"screened": 1, "already": 0, "skipped": 0}

    province_case = RevocationCase.objects.exclude(pk=city_case.pk).get(enterprise=titled)
    assert province_case.group == city_case.group and list(province_case.titles.all()) == [advanced]
    assert DishonestScreening.objects.get(title=advanced).case_group == city_case.group
