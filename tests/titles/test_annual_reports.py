"""Art. 14: a titled enterprise records each year what it did (standards, solutions, people, experience);
the province and its city list and export the reports; no one else sees them."""
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from portal.errors import ActionRefused
from portal.models import AuditEntry
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, city, make_credit_code
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles import obligations
from tiers.titles.models import AnnualReport

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
FILLED = {"standards_led": "1", "standards_joined": "2", "standards_detail": "牵头制定《离散制造智能工厂评价规范》团体标准",
          "solutions_formed": "1", "solutions_detail": "设备预测性维护解决方案，已在3家企业推广",
          "people_trained": "120", "visits_hosted": "6", "cases_published": "2", "experience_detail": "接待同行参观6次"}


@pytest.fixture
def titled(enterprise_user):
    TitleFactory(enterprise=enterprise_user.enterprise, tier=tier(TierCode.BASIC), year=THIS_YEAR - 1,
                 enterprise_name=enterprise_user.enterprise.name, recognized_on=datetime.date(THIS_YEAR - 1, 6, 1))
    return enterprise_user


def test_a_titled_enterprise_files_its_report_and_updates_it(client_for, titled):
    client = client_for(titled)
    page = client.get("/titles/annual-report/")
    assert page.status_code == 200 and f'value="{THIS_YEAR - 1}"' in page.content.decode()
    response = client.post(f"/titles/annual-report/?year={THIS_YEAR - 1}", FILLED)
    assert response.status_code == 302
    report = AnnualReport.objects.get(enterprise=titled.enterprise, year=THIS_YEAR - 1)
    assert (report.standards_led, report.people_trained, report.updated_by) == (1, 120, titled)
    client.post(f"/titles/annual-report/?year={THIS_YEAR - 1}", {**FILLED, "people_trained": "150"})
    report.refresh_from_db()
    assert report.people_trained == 150 and AnnualReport.objects.count() == 1  # one per enterprise and year
    entries = AuditEntry.objects.filter(verb="titles.annual_report_saved").order_by("pk")
    assert entries.count() == 2 and entries[1].before["people_trained"] == 120
    assert entries[1].after["people_trained"] == 150 and entries[1].actor == titled


def test_bad_input_re_renders_with_what_was_typed(client_for, titled):
    response = client_for(titled).post(f"/titles/annual-report/?year={THIS_YEAR}", {**FILLED, "people_trained": "-3"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "牵头制定《离散制造智能工厂评价规范》团体标准" in text and not AnnualReport.objects.exists()


def test_an_enterprise_without_an_active_title_is_refused_citing_art_14(client_for, enterprise_user):
    page = client_for(enterprise_user).get("/titles/annual-report/")
    assert page.status_code == 200 and "第十四条" in page.content.decode()
    with pytest.raises(ActionRefused) as refused:
        obligations.save_annual_report(enterprise=enterprise_user.enterprise, year=THIS_YEAR, data={},
                                       actor=enterprise_user)
    assert refused.value.article == "Art. 14"


def test_a_year_before_the_first_title_or_in_the_future_is_refused(titled):
    for year in (THIS_YEAR - 2, THIS_YEAR + 1):
        with pytest.raises(ActionRefused):
            obligations.save_annual_report(enterprise=titled.enterprise, year=year, data={}, actor=titled)
    assert not AnnualReport.objects.exists()


def test_an_enterprise_reports_only_for_itself(titled, other_enterprise_user):
    with pytest.raises(ActionRefused):
        obligations.save_annual_report(enterprise=titled.enterprise, year=THIS_YEAR, data={},
                                       actor=other_enterprise_user)


def test_a_bad_year_parameter_is_a_400(client_for, titled):
    assert client_for(titled).get("/titles/annual-report/?year=abc").status_code == 400


def _qingdao_report():
    enterprise = EnterpriseFactory(name="青岛海工电子有限公司", city=city("370200"), credit_code=make_credit_code("370202", 9))
    user = EnterpriseUserFactory(enterprise=enterprise)
    TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=THIS_YEAR, enterprise_name=enterprise.name,
                 recognized_on=datetime.date(THIS_YEAR, 1, 2))
    return obligations.save_annual_report(enterprise=enterprise, year=THIS_YEAR, data={"people_trained": 7}, actor=user)


def test_the_province_lists_and_exports_every_report_cell_by_cell(client_for, provincial_officer, titled):
    obligations.save_annual_report(enterprise=titled.enterprise, year=THIS_YEAR - 1,
                                   data={**FILLED, "standards_led": 1, "people_trained": 120}, actor=titled)
    _qingdao_report()
    client = client_for(provincial_officer)
    page = client.get("/titles/annual-reports/")
    assert page.status_code == 200 and "青岛海工电子有限公司" in page.content.decode()
    response = client.get("/titles/annual-reports/", {"year": THIS_YEAR - 1, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("年度", "企业", "统一社会信用代码", "所属城市")
    assert len(rows) == 2
    year, name, code, city_name, led, joined, standards, formed, solutions, trained, visits, cases, shared, _at = rows[1]
    assert (year, name, code, city_name) == (THIS_YEAR - 1, titled.enterprise.name, titled.enterprise.credit_code, "济南")
    assert (led, joined, formed, trained, visits, cases) == (1, 2, 1, 120, 6, 2)
    assert standards == FILLED["standards_detail"] and shared == FILLED["experience_detail"]


def test_a_city_sees_only_its_own_and_others_are_refused(client_for, jinan_official, expert, titled,
                                                         other_enterprise_user):
    obligations.save_annual_report(enterprise=titled.enterprise, year=THIS_YEAR, data={}, actor=titled)
    _qingdao_report()
    text = client_for(jinan_official).get("/titles/annual-reports/").content.decode()
    assert titled.enterprise.name in text and "青岛海工电子有限公司" not in text
    assert client_for(expert).get("/titles/annual-reports/").status_code == 403
    assert client_for(titled).get("/titles/annual-reports/").status_code == 403
    assert client_for(expert).get("/titles/annual-report/").status_code == 403
    # Another enterprise sees none of it.
    assert obligations.reports_visible_to(other_enterprise_user).count() == 0
    assert 'id="filed-reports"' not in client_for(other_enterprise_user).get("/titles/annual-report/").content.decode()


def test_the_province_filters_the_reports_by_city(client_for, provincial_officer, titled):
    obligations.save_annual_report(enterprise=titled.enterprise, year=THIS_YEAR, data={}, actor=titled)
    _qingdao_report()
    text = client_for(provincial_officer).get("/titles/annual-reports/", {"city": "370200"}).content.decode()
    assert "青岛海工电子有限公司" in text and titled.enterprise.name not in text
    assert '<option value="370200" selected>' in text


def test_the_report_list_runs_the_same_queries_for_a_few_and_for_more_than_a_page(client_for, provincial_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, start):
        for i in range(start, start + n):
            enterprise = EnterpriseFactory(credit_code=make_credit_code("370102", 7000 + i))
            AnnualReport.objects.create(enterprise=enterprise, year=THIS_YEAR, people_trained=i,
                                        updated_by=provincial_officer)

    viewer = client_for(provincial_officer)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert viewer.get("/titles/annual-reports/").status_code == 200
        return len(captured)

    add(2, 0)
    count()  # the first request of a session also reads what later ones find cached
    few = count()
    add(53, 2)  # 55 rows: more than the page of 50
    assert count() == few


def test_a_bad_filter_on_the_report_list_is_a_400(client_for, provincial_officer):
    client = client_for(provincial_officer)
    assert client.get("/titles/annual-reports/", {"year": "abc"}).status_code == 400
    assert client.get("/titles/annual-reports/", {"city": "999999"}).status_code == 400
