"""Every list page exports its current view to Excel (its filters, the viewer's scope), filters with the
shared filter bar, refuses a filter value it cannot take with a 400, and pages: the lists the issue #13
audit found without one of these."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from applications.constants import Status
from portal.accounts.models import CreditCodeException
from review.models import ConflictDeclaration, NoticeEntry, PublicNotice
from review.province import services as province_services
from tests.applications.factories import force_status, make_application, open_round, tier
from tests.factories import EnterpriseFactory, make_credit_code
from tests.registers.factories import import_above_size
from tests.review.city.helpers import make_quota
from tiers import city_rounds

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The headers are read in English (the msgids): the Chinese catalogue is translated later."""
    with translation.override("en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        yield


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response["Content-Type"]
    rows = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    return [list(r) for r in rows]


def export(client, name, **params):
    return client.get(reverse(name), {**params, "export": "xlsx"})


def test_the_quota_plans_export_filter_and_page(client_for, provincial_officer, jinan_official, jinan, qingdao):
    first, second = open_round("2026年度第一批"), open_round("2027年度第一批")
    make_quota(first, "advanced", {jinan: 3, qingdao: 2})
    make_quota(second, "advanced", {jinan: 1})
    make_quota(second, "excellence", {jinan: 1})
    client = client_for(provincial_officer)
    rows = sheet(export(client, "tiers:quota_list", round=second.pk))
    assert rows[0][:4] == ["Round", "Tier", "Provincial total", "Sum of final quotas"]
    assert len(rows) == 3 and {r[0] for r in rows[1:]} == {str(second)}
    assert sheet(export(client, "tiers:quota_list", tier="advanced"))[1:][-1][2:4] == [5, 5]
    html = client.get(reverse("tiers:quota_list"), {"tier": "advanced"}).content.decode()
    assert html.count("<tr data-plan=") == 2 and 'role="search"' in html
    assert client.get(reverse("tiers:quota_list"), {"round": "nope"}).status_code == 400
    assert client.get(reverse("tiers:quota_list"), {"tier": "gold"}).status_code == 400
    assert export(client_for(jinan_official), "tiers:quota_list").status_code == 403


def test_a_city_filters_its_quotas_by_round_and_tier(client_for, jinan_official, jinan):
    first, second = open_round("2026年度第一批"), open_round("2027年度第一批")
    make_quota(first, "advanced", {jinan: 3})
    make_quota(second, "advanced", {jinan: 2})
    client = client_for(jinan_official)
    html = client.get(reverse("tiers:my_quota"), {"round": second.pk, "tier": "advanced"}).content.decode()
    assert html.count("<tr data-quota-row=") == 1 and "data-quota>2<" in html
    assert sheet(export(client, "tiers:my_quota", round=first.pk))[1][2] == 3
    assert client.get(reverse("tiers:my_quota"), {"round": "0"}).status_code == 400


def test_the_reference_data_pages_export(client_for, admin_user, provincial_officer, jinan_official):
    client = client_for(admin_user)
    tiers = sheet(export(client, "tiers:tier_list"))
    assert tiers[0][:4] == ["Tier", "Tier (English)", "Article", "Recognized by"] and len(tiers) == 1 + 5
    assert tiers[1][3] and tiers[1][8]  # who recognizes, and the requirement texts
    scenarios = sheet(export(client, "tiers:scenario_list"))
    assert scenarios[0][:4] == ["Guide edition", "Segment", "#", "Scenario (Chinese)"] and len(scenarios) == 1 + 40
    assert "远程运维服务" in [r[3] for r in scenarios]
    city_rounds.set_calendar(year=2027, opens_on=datetime.date(2027, 2, 1), closes_on=datetime.date(2027, 6, 30),
                             note="先于省级批次", acting_user=provincial_officer)
    calendar = sheet(export(client_for(provincial_officer), "tiers:city_round_calendar", year=2027))
    assert calendar[0][:3] == ["Year", "City rounds open from", "City rounds close by"]
    assert calendar[1][:4] == [2027, datetime.datetime(2027, 2, 1), datetime.datetime(2027, 6, 30), "先于省级批次"]
    for name in ("tiers:tier_list", "tiers:scenario_list", "tiers:city_round_calendar"):
        assert export(client_for(jinan_official), name).status_code == 403, name


def test_the_reference_lists_export_the_viewers_lists(client_for, provincial_officer, jinan_official,
                                                      qingdao_official, jinan, qingdao):
    import_above_size(provincial_officer, jinan, 2025, [(make_credit_code("370102", 1), "济南规上一号")])
    import_above_size(provincial_officer, qingdao, 2025, [(make_credit_code("370202", 2), "青岛规上二号")])
    province = sheet(export(client_for(provincial_officer), "registers:version_list"))
    assert province[0][:4] == ["List", "City", "Year", "Version"] and len(province) == 3
    city = sheet(export(client_for(jinan_official), "registers:version_list"))
    assert len(city) == 2 and city[1][1:6] == [jinan.name, 2025, 1, "yes", 1]  # Qingdao's list is not Jinan's
    assert len(sheet(export(client_for(provincial_officer), "registers:version_list", city=qingdao.code))) == 2
    assert client_for(provincial_officer).get(reverse("registers:version_list"), {"kind": "x"}).status_code == 400


def test_the_accounts_pages_export_and_page(client_for, admin_user, provincial_officer, jinan_official):
    admin = client_for(admin_user)
    staff = sheet(export(admin, "accounts:staff_list", role="city_official"))
    assert staff[0][:3] == ["User name", "Name", "Role"] and [r[0] for r in staff[1:]] == ["jinan_official"]
    assert admin.get(reverse("accounts:staff_list"), {"role": "enterprise"}).status_code == 400
    for i in range(51):
        CreditCodeException.objects.create(credit_code=f"91370100MA{i:08d}", reason="营业执照原件已核对",
                                           recorded_by=admin_user)
    codes = sheet(export(admin, "accounts:credit_code_exceptions"))
    assert codes[0] == ["Unified social credit code", "How it was verified", "Recorded by", "Recorded at"]
    assert len(codes) == 1 + 51 and codes[1][1] == "营业执照原件已核对"
    page = admin.get(reverse("accounts:credit_code_exceptions")).content.decode()
    assert page.count("<tr data-exception=") == 50 and "page=2" in page
    assert admin.get(reverse("accounts:credit_code_exceptions"), {"page": 2}).content.decode().count(
        "<tr data-exception=") == 1
    industries = sheet(export(client_for(provincial_officer), "accounts:branch_industries"))
    assert industries[0][:2] == ["Industry (GB/T 4754-2017)", "Industry named in Art. 5 (1)"]
    assert len(industries) > 1 and industries[1][3] == "the regulation"
    assert 'aria-label="Pages"' not in client_for(provincial_officer).get(
        reverse("accounts:branch_industries")).content.decode()  # the seeded four fit one page
    for client, name in ((client_for(jinan_official), "accounts:staff_list"),
                         (client_for(jinan_official), "accounts:credit_code_exceptions"),
                         (client_for(jinan_official), "accounts:branch_industries")):
        assert export(client, name).status_code == 403, name


@pytest.fixture
def conflicts(admin_user, expert, jinan, qingdao):
    from tests.factories import UserFactory

    other = UserFactory(username="expert_two", expert=True)
    jinan_firm = EnterpriseFactory(city=jinan, credit_code=make_credit_code("370102", 31), name="济南冲突企业")
    qingdao_firm = EnterpriseFactory(city=qingdao, credit_code=make_credit_code("370202", 32), name="青岛冲突企业")
    province_services.declare_conflict(expert=expert, enterprise=jinan_firm, reason="曾任顾问", actor=expert)
    province_services.declare_conflict(expert=other, enterprise=qingdao_firm, reason="亲属任职", actor=admin_user)
    return other


def test_the_conflicts_filter_and_export_in_the_viewers_scope(client_for, provincial_officer, expert, conflicts,
                                                             jinan_official):
    province = client_for(provincial_officer)
    rows = sheet(export(province, "review:conflicts", city="370200"))
    assert rows[0][:3] == ["Expert", "Enterprise", "Unified social credit code"]
    assert len(rows) == 2 and rows[1][1] == "青岛冲突企业" and rows[1][4] == "亲属任职"
    assert len(sheet(export(province, "review:conflicts", expert=conflicts.pk))) == 2
    assert province.get(reverse("review:conflicts"), {"q": "济南"}).content.decode().count("<tr data-conflict=") == 1
    assert province.get(reverse("review:conflicts"), {"expert": "abc"}).status_code == 400
    own = sheet(export(client_for(expert), "review:conflicts"))
    assert own[0][0] == "Enterprise" and len(own) == 2 and own[1][0] == "济南冲突企业"  # the expert's own only
    assert ConflictDeclaration.objects.count() == 2
    assert export(client_for(jinan_official), "review:conflicts").status_code == 403


@pytest.fixture
def notices(provincial_officer, enterprise_user):
    round_ = open_round()
    decided = force_status(make_application(enterprise_user, state=Status.SUBMITTED, round=round_,
                                            tier_code="basic"), Status.APPROVED)
    running = PublicNotice.objects.create(round=round_, tier=tier("advanced"), title="正在公示", starts_on=TODAY,
                                          ends_on=TODAY + datetime.timedelta(days=5), published_by=provincial_officer)
    PublicNotice.objects.create(round=round_, tier=tier("advanced"), title="已结束公示",
                                starts_on=TODAY - datetime.timedelta(days=20), ends_on=TODAY - datetime.timedelta(days=14),
                                published_by=provincial_officer)
    NoticeEntry.objects.create(notice=running, application=decided)
    return running


def test_the_province_filters_its_notices(client_for, provincial_officer, jinan_official, notices):
    client = client_for(provincial_officer)
    html = client.get(reverse("review:notices"), {"state": "running"}).content.decode()
    assert html.count("<tr data-notice=") == 1 and "正在公示" in html and 'role="search"' in html
    assert client.get(reverse("review:notices"), {"state": "ended"}).content.decode().count("<tr data-notice=") == 1
    assert len(sheet(export(client, "review:notices", state="running"))) == 2
    assert client.get(reverse("review:notices"), {"state": "forever"}).status_code == 400
    assert client_for(jinan_official).get(reverse("review:notices")).status_code == 403


def test_the_public_notices_export_what_the_page_shows(client, notices, enterprise):
    rows = sheet(client.get(reverse("public_notices:list"), {"export": "xlsx"}))
    assert rows[0] == ["Notice", "Round", "Starts on", "Ends on", "Enterprise", "City", "Tier", "Scenarios (segment)"]
    assert rows[1][0] == "正在公示" and rows[1][4] == enterprise.name and len(rows) == 2


def test_the_enterprises_rename_list_filters(client_for, enterprise_user):
    client = client_for(enterprise_user)
    html = client.get(reverse("titles:rename_list"), {"status": "submitted", "kind": "rename"}).content.decode()
    assert 'role="search"' in html and 'name="kind"' in html
    assert client.get(reverse("titles:rename_list"), {"status": "nope"}).status_code == 400
