"""Registration against the reference lists: a code on the latest dishonest-entity list is refused naming
Art. 5 (2), with everything typed kept; an enterprise its city's latest above-size list leaves out is
registered and warned (Art. 5 (1)); without lists, registration is as before."""
import datetime

import pytest

from portal.accounts.models import Enterprise
from tests.accounts.test_registration import URL, form_data  # noqa: F401 - the fixture
from tests.factories import make_credit_code
from tests.registers.factories import import_above_size, import_dishonest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_a_code_on_the_dishonest_list_is_refused_naming_art_5_2_and_nothing_typed_is_lost(
        client, form_data, provincial_officer):  # noqa: F811
    import_dishonest(provincial_officer, [(form_data["credit_code"], "济南历城精密机械有限公司", datetime.date(2026, 2, 3),
                                           "济南市中级人民法院", "失信被执行人")])
    response = client.post(URL, form_data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "严重失信主体名单" in html and "第五条第二项" in html and "济南市中级人民法院" in html
    assert 'value="济南历城精密机械有限公司"' in html and 'value="jnlc_wang"' in html
    assert not Enterprise.objects.filter(credit_code=form_data["credit_code"]).exists()


def test_a_code_only_on_an_older_dishonest_list_version_registers(client, form_data, provincial_officer):  # noqa: F811
    import_dishonest(provincial_officer, [(form_data["credit_code"], "济南历城精密机械有限公司", datetime.date(2026, 2, 3),
                                           "某法院", "")])
    import_dishonest(provincial_officer, [(make_credit_code("370102", 4242), "别的公司", datetime.date(2026, 2, 3),
                                           "某法院", "")])
    assert client.post(URL, form_data).status_code == 302


def test_an_enterprise_not_on_its_citys_above_size_list_is_registered_and_warned(
        client, form_data, jinan_official, jinan):  # noqa: F811
    import_above_size(jinan_official, jinan, 2026, [(make_credit_code("370102", 4243), "济南别的企业有限公司")])
    response = client.post(URL, form_data, follow=True)
    assert Enterprise.objects.filter(credit_code=form_data["credit_code"]).exists()
    html = response.content.decode()
    assert "规模以上工业企业名录" in html and "第五条第一项" in html


def test_without_lists_registration_neither_refuses_nor_warns(client, form_data):  # noqa: F811
    response = client.post(URL, form_data, follow=True)
    assert Enterprise.objects.filter(credit_code=form_data["credit_code"]).exists()
    assert "规模以上工业企业名录" not in response.content.decode()
