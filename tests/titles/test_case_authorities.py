"""A ground-(5) case opens one case per authority (Art. 15): each official is shown the cases that are
theirs to act on, and for the others whose they are; one statement answers the whole group and tells
each official once."""
import pytest
from django.urls import reverse

from portal.models import Notification
from tiers.constants import TierCode
from tiers.titles import revocation
from tiers.titles.reminders import AFTERCARE_TO_HANDLE

from .aftercare import open_case, title_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ladder(enterprise, provincial_officer):
    return {code: title_of(enterprise, code) for code in (TierCode.BASIC, TierCode.ADVANCED, TierCode.EXCELLENCE)}


@pytest.fixture
def stated(ladder, enterprise, jinan_official, enterprise_user):
    cases = {c.authority: c for c in open_case(enterprise, jinan_official, ground="other_violation")}
    revocation.perform(cases["city"], "submit_statement", actor=enterprise_user, data={"statement": "已依法整改。"})
    return cases


def test_one_statement_tells_each_official_once_not_once_per_case(stated, provincial_officer, jinan_official):
    for official in (provincial_officer, jinan_official):
        assert Notification.objects.filter(user=official, kind=AFTERCARE_TO_HANDLE.code).count() == 1


def test_the_provinces_landing_does_not_list_miits_case_as_decidable(stated, provincial_officer, client_for):
    handle = revocation.cases_to_handle(provincial_officer)
    assert [c.pk for c in handle["ready"]] == [stated["province"].pk] and handle["cases_ready"] == 1
    assert [c.pk for c in handle["miit_ready"]] == [stated["miit"].pk] and handle["cases_for_miit"] == 1
    client = client_for(provincial_officer)
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/", follow=True).content.decode()
    assert 'id="cases-for-miit"' in html and "工业和信息化部" in html


def test_each_official_is_told_whose_case_it_is(stated, jinan_official, provincial_officer, client_for):
    client = client_for(jinan_official)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("titles:case_detail", args=[stated["miit"].pk])).content.decode()
    assert 'id="case-whose"' in html and "工业和信息化部" in html and "省工业和信息化厅" in html
    own = client.get(reverse("titles:case_detail", args=[stated["city"].pk])).content.decode()
    assert 'id="case-whose"' not in own

    client = client_for(provincial_officer)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("titles:case_detail", args=[stated["miit"].pk])).content.decode()
    assert 'id="case-whose"' in html and "决定文件" in html


def test_opening_the_cases_leads_the_official_to_the_case_that_is_theirs(ladder, enterprise, provincial_officer,
                                                                         client_for):
    """The province opens a city, a province and an MIIT case: it lands on its own, not the city's."""
    client = client_for(provincial_officer)
    response = client.post(reverse("titles:case_open") + f"?enterprise={enterprise.pk}", {
        "enterprise": enterprise.pk, "ground": "other_violation", "facts": "受到有关部门处罚。",
        "statement_due": revocation_due()})
    case = revocation.RevocationCase.objects.get(authority="province")
    assert response.status_code == 302 and response["Location"] == reverse("titles:case_detail", args=[case.pk])


def revocation_due():
    from .aftercare import days

    return days(10).isoformat()
