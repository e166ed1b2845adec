"""Industry by GB/T 4754-2017: the shipped table, the division an enterprise registers with, its section."""
import pytest
from django.utils import translation

from portal.accounts import industries
from portal.accounts.models import Enterprise
from tests.accounts.test_registration import URL, form_data  # noqa: F401 - the registration form's data

pytestmark = pytest.mark.django_db


def test_the_table_has_every_section_and_division_of_the_standard():
    assert [s.code for s in industries.sections()] == list("ABCDEFGHIJKLMNOPQRST")
    assert [d.code for d in industries.divisions()] == [f"{n:02d}" for n in range(1, 98)]
    assert industries.divisions_of("C") == [f"{n}" for n in range(13, 44)]
    assert industries.divisions_of("B") == ["06", "07", "08", "09", "10", "11", "12"]
    assert industries.divisions_of("D") == ["44", "45", "46"]
    assert industries.division("36").name_zh == "汽车制造业"
    assert industries.division("26").name_zh == "化学原料和化学制品制造业"
    assert industries.section_of("05").name_zh == "农、林、牧、渔业"
    assert all(d.name_zh and d.name_en for d in industries.divisions())


def test_a_real_division_is_accepted_and_its_section_derived(client, form_data):  # noqa: F811
    form_data["industry"] = "36"
    assert client.post(URL, form_data).status_code == 302
    enterprise = Enterprise.objects.get(credit_code=form_data["credit_code"])
    assert enterprise.industry == "36"
    assert enterprise.industry_section.code == "C" and enterprise.industry_section.name_zh == "制造业"
    with translation.override("zh-hans"):
        assert enterprise.get_industry_display() == "C36 汽车制造业"
    with translation.override("en"):
        assert enterprise.get_industry_display() == "C36 Manufacture of Automobiles"


def test_the_code_with_its_section_letter_is_read_as_the_division(client, form_data):  # noqa: F811
    form_data["industry"] = "c36"
    assert client.post(URL, form_data).status_code == 302
    assert Enterprise.objects.get(credit_code=form_data["credit_code"]).industry == "36"


@pytest.mark.parametrize("bad", ["98", "00", "equipment", "C99", "B36", "3611"])
def test_a_code_that_is_not_a_division_is_refused_with_a_chinese_message(client, form_data, bad):  # noqa: F811
    form_data["industry"] = bad
    response = client.post(URL, form_data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    [message] = response.context["form"].errors["industry"]
    assert "不是《国民经济行业分类》（GB/T 4754-2017）的大类" in message
    assert not Enterprise.objects.exists()


def test_the_registration_form_offers_the_divisions_grouped_by_section(client):
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<optgroup label="C 制造业">' in page
    assert '<option value="36">C36 汽车制造业</option>' in page


def test_the_enterprise_profile_shows_and_changes_the_division(client_for, enterprise_user):
    client = client_for(enterprise_user)
    assert "C35 专用设备制造业" in client.get("/accounts/enterprise/").content.decode()
    enterprise = enterprise_user.enterprise
    response = client.post("/accounts/enterprise/", {
        "district": enterprise.district, "industry": "34", "above_designated_size": "on",
        "contact_name": enterprise.contact_name, "contact_phone": enterprise.contact_phone,
        "contact_email": enterprise.contact_email,
    })
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.industry == "34"
