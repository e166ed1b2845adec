"""Filings (备案, Art. 11): the province sees every city's, acknowledges or queries; the city answers and files again."""
import pytest
from django.urls import reverse

from portal.errors import ActionRefused
from review.city import services as city_services
from review.models import Filing
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, make_credit_code

from .helpers import audit_rows, last_audit, passed, workbook_rows

pytestmark = pytest.mark.django_db


def recognized(user, official):
    app = passed(user, official, tier_code="basic")
    app = city_services.recognize(app, actor=official)
    return Filing.objects.get(application=app)


@pytest.fixture
def filing(enterprise_user, jinan_official, round_):
    return recognized(enterprise_user, jinan_official)


@pytest.fixture
def qingdao_filing(qingdao, qingdao_official, round_):
    enterprise = EnterpriseFactory(city=qingdao, credit_code=make_credit_code("370211", 77), name="青岛测试有限公司")
    return recognized(EnterpriseUserFactory(username="qd_user", enterprise=enterprise), qingdao_official)


def test_province_acknowledges_a_filing(filing, provincial_officer):
    filing = city_services.acknowledge_filing(filing, actor=provincial_officer, note="已备案。")
    assert filing.status == "acknowledged" and filing.responded_by == provincial_officer and filing.responded_at
    assert filing.response == "已备案。"
    row = last_audit(filing)
    assert row.verb == "review.filing_acknowledged" and row.actor == provincial_officer
    assert row.before == {"status": "filed", "times_filed": 1}
    assert row.after == {"status": "acknowledged", "times_filed": 1} and row.message == "已备案。"
    with pytest.raises(ActionRefused):  # final
        city_services.query_filing(filing, actor=provincial_officer, reason="再看看。")


def test_query_needs_a_reason(filing, provincial_officer):
    with pytest.raises(ActionRefused):
        city_services.query_filing(filing, actor=provincial_officer, reason=" ")
    filing.refresh_from_db()
    assert filing.status == "filed" and len(audit_rows(filing)) == 1


def test_query_then_the_city_answers_and_files_again(filing, provincial_officer, jinan_official, admin_user):
    filing = city_services.query_filing(filing, actor=provincial_officer, reason="请补充认定文件。")
    assert filing.status == "queried" and filing.response == "请补充认定文件。"
    row = last_audit(filing)
    assert row.verb == "review.filing_queried" and row.message == "请补充认定文件。"
    assert row.after == {"status": "queried", "times_filed": 1}
    with pytest.raises(ActionRefused):  # a queried filing waits for the city's answer
        city_services.acknowledge_filing(filing, actor=provincial_officer)
    with pytest.raises(ActionRefused):
        city_services.refile(filing, actor=jinan_official, reply="")
    filing = city_services.refile(filing, actor=jinan_official, reply="已补充认定文件，见附件。")
    assert filing.status == "filed" and filing.times_filed == 2 and filing.reply == "已补充认定文件，见附件。"
    assert filing.replied_by == jinan_official
    row = last_audit(filing)
    assert row.verb == "review.filing_refiled" and row.actor == jinan_official
    assert row.before == {"status": "queried", "times_filed": 1} and row.after == {"status": "filed", "times_filed": 2}
    filing = city_services.acknowledge_filing(filing, actor=admin_user)  # admins hold full rights
    assert filing.status == "acknowledged"


@pytest.mark.parametrize("persona", ["jinan_official", "qingdao_official", "enterprise_user", "expert"])
def test_only_the_province_responds_to_filings(persona, filing, request):
    actor = request.getfixturevalue(persona)
    with pytest.raises(ActionRefused):
        city_services.acknowledge_filing(filing, actor=actor)
    with pytest.raises(ActionRefused):
        city_services.query_filing(filing, actor=actor, reason="疑问。")
    filing.refresh_from_db()
    assert filing.status == "filed" and len(audit_rows(filing)) == 1


@pytest.mark.parametrize("persona", ["qingdao_official", "provincial_officer", "enterprise_user"])
def test_only_the_filing_city_answers_a_query(persona, filing, provincial_officer, request):
    city_services.query_filing(filing, actor=provincial_officer, reason="请说明。")
    with pytest.raises(ActionRefused):
        city_services.refile(filing, actor=request.getfixturevalue(persona), reply="说明如下。")
    filing.refresh_from_db()
    assert filing.status == "queried" and filing.times_filed == 1


def test_province_sees_every_city_and_filters_by_city_and_status(filing, qingdao_filing, provincial_officer,
                                                                 client_for):
    client = client_for(provincial_officer)
    url = reverse("review:filings")
    page = client.get(url).content.decode()
    assert f'data-filing="{filing.pk}"' in page and f'data-filing="{qingdao_filing.pk}"' in page
    page = client.get(url, {"city": "370200"}).content.decode()
    assert f'data-filing="{filing.pk}"' not in page and f'data-filing="{qingdao_filing.pk}"' in page
    city_services.query_filing(filing, actor=provincial_officer, reason="请说明。")
    page = client.get(url, {"status": "queried"}).content.decode()
    assert f'data-filing="{filing.pk}"' in page and f'data-filing="{qingdao_filing.pk}"' not in page
    rows = workbook_rows(client.get(url, {"export": "xlsx", "status": "queried"}))
    assert len(rows) == 2 and rows[1][1] == filing.title.enterprise_name and rows[1][8] == "请说明。"


def test_filings_page_is_for_the_province(filing, jinan_official, enterprise_user, expert, client_for):
    for user in (jinan_official, enterprise_user, expert):
        assert client_for(user).get(reverse("review:filings")).status_code == 403


def test_province_acknowledges_and_queries_through_the_filing_page(filing, provincial_officer, client_for):
    client = client_for(provincial_officer)
    detail = reverse("review:filing_detail", args=[filing.pk])
    page = client.get(detail).content.decode()
    assert 'id="acknowledge"' in page and 'id="query"' in page
    response = client.post(reverse("review:filing_query", args=[filing.pk]), {"reason": ""})
    assert response.status_code == 200 and 'id="error_1_id_reason"' in response.content.decode()
    filing.refresh_from_db()
    assert filing.status == "filed"
    response = client.post(reverse("review:filing_query", args=[filing.pk]), {"reason": "请补充企业规模证明。"})
    assert response.status_code == 302 and response["Location"] == detail
    filing.refresh_from_db()
    assert filing.status == "queried"
    assert client.get(detail).content.decode().count('id="acknowledge"') == 0


def test_city_sees_the_query_and_answers_it_on_its_pages(filing, provincial_officer, jinan_official, client_for):
    city_services.query_filing(filing, actor=provincial_officer, reason="请补充企业规模证明。")
    client = client_for(jinan_official)
    listing = client.get(reverse("review:city_filings")).content.decode()
    assert f'data-filing="{filing.pk}" data-status="queried"' in listing and "请补充企业规模证明。" in listing
    detail = client.get(reverse("review:filing_detail", args=[filing.pk])).content.decode()
    assert "请补充企业规模证明。" in detail and 'id="refile"' in detail and 'id="acknowledge"' not in detail
    assert client.post(reverse("review:filing_acknowledge", args=[filing.pk])).status_code == 403
    response = client.post(reverse("review:filing_refile", args=[filing.pk]), {"reply": "已上传规上企业证明。"})
    assert response.status_code == 302
    filing.refresh_from_db()
    assert filing.status == "filed" and filing.times_filed == 2


def test_other_city_official_gets_404_on_jinan_filings(filing, provincial_officer, qingdao_official, client_for):
    city_services.query_filing(filing, actor=provincial_officer, reason="请说明。")
    client = client_for(qingdao_official)
    assert f'data-filing="{filing.pk}"' not in client.get(reverse("review:city_filings")).content.decode()
    assert client.get(reverse("review:filing_detail", args=[filing.pk])).status_code == 404
    assert client.post(reverse("review:filing_refile", args=[filing.pk]), {"reply": "x"}).status_code == 404
    filing.refresh_from_db()
    assert filing.status == "queried"


def test_province_landing_counts_filings_waiting_for_acknowledgement(client_for, provincial_officer, filing,
                                                                     qingdao_filing):
    response = client_for(provincial_officer).get("/province/")
    panel = next(p for p in response.context["panels"] if p["template"].endswith("_panel_province_filings.html"))
    assert (panel["waiting"], panel["queried"]) == (2, 0)
    city_services.query_filing(filing, actor=provincial_officer, reason="请补充认定文件。")
    panel = next(p for p in client_for(provincial_officer).get("/province/").context["panels"]
                 if p["template"].endswith("_panel_province_filings.html"))
    assert (panel["waiting"], panel["queried"]) == (1, 1)


def test_a_city_exports_its_own_filings_only(filing, jinan_official, qingdao_official, client_for):
    from tests.review.city.helpers import workbook_rows

    jinan = workbook_rows(client_for(jinan_official).get(reverse("review:city_filings"), {"export": "xlsx"}))
    assert len(jinan) == 2 and jinan[1][1] == filing.title.enterprise_name
    assert len(workbook_rows(client_for(qingdao_official).get(reverse("review:city_filings"),
                                                              {"export": "xlsx"}))) == 1
