"""Enterprise self-registration (Art. 5 (1) checks on the credit code, branches, duplicates)."""
import pytest
from django.urls import reverse

from portal.accounts.constants import LegalForm, Role
from portal.accounts.models import Enterprise, User
from portal.models import AuditEntry
from tests.factories import EnterpriseFactory, make_credit_code

URL = "/accounts/register/"


@pytest.fixture
def form_data(db):
    return {
        "credit_code": make_credit_code("370112", 8001),
        "name": "济南历城精密机械有限公司",
        "city": "",
        "district": "历城区",
        "legal_form": LegalForm.LEGAL_PERSON,
        "parent_credit_code": "",
        "industry": "35",
        "above_designated_size": "on",
        "contact_name": "王芳",
        "contact_phone": "0531-86661234",
        "contact_email": "wangfang@jnlc-jixie.example.com",
        "username": "jnlc_wang",
        "password1": "Quancheng-2025!",
        "password2": "Quancheng-2025!",
    }


def test_registration_creates_enterprise_user_and_audit_row_and_logs_in(client, form_data):
    response = client.post(URL, form_data)

    assert response.status_code == 302
    assert response.url == reverse("enterprise_home")
    enterprise = Enterprise.objects.get(credit_code=form_data["credit_code"])
    assert enterprise.name == "济南历城精密机械有限公司"
    assert enterprise.city.code == "370100"  # proposed from the code: 370112 is in 济南
    assert enterprise.above_designated_size
    user = User.objects.get(username="jnlc_wang")
    assert user.role == Role.ENTERPRISE and user.enterprise == enterprise
    assert user.check_password("Quancheng-2025!")
    entry = AuditEntry.objects.get(verb="accounts.enterprise_registered")
    assert entry.actor == user and entry.object_id == str(enterprise.pk)
    assert entry.after == {"credit_code": form_data["credit_code"]}
    # Logged in: the enterprise landing page opens.
    landing = client.get(response.url)
    assert landing.status_code == 200
    assert landing.context["user"] == user


def test_code_is_normalised_before_it_is_stored(client, form_data):
    code = form_data["credit_code"]
    form_data["credit_code"] = f" {code[:9].lower()} {code[9:].lower()} "
    assert client.post(URL, form_data).status_code == 302
    assert Enterprise.objects.filter(credit_code=code).exists()


def test_city_is_proposed_from_a_former_laiwu_code_as_jinan(client, form_data):
    form_data["credit_code"] = make_credit_code("371202", 8002)  # 莱芜区, merged into 济南 in 2019
    assert client.post(URL, form_data).status_code == 302
    assert Enterprise.objects.get(credit_code=form_data["credit_code"]).city.name_zh == "济南"


def test_city_chosen_by_the_user_wins_over_the_code(client, form_data, qingdao):
    form_data["city"] = str(qingdao.pk)
    assert client.post(URL, form_data).status_code == 302
    assert Enterprise.objects.get(credit_code=form_data["credit_code"]).city == qingdao


def test_invalid_input_re_renders_with_everything_typed_and_an_error(client, form_data):
    good_code = form_data["credit_code"]
    form_data["credit_code"] = good_code[:17] + ("0" if good_code[17] != "0" else "1")  # a typing error

    response = client.post(URL, form_data)

    assert response.status_code == 200
    html = response.content.decode()
    for field in ("credit_code", "name", "district", "contact_name", "contact_phone", "contact_email", "username"):
        assert f'value="{form_data[field]}"' in html, field
    assert response.context["form"].errors["credit_code"]
    assert "is-invalid" in html
    assert len(list(response.context["messages"])) == 1
    assert not Enterprise.objects.exists() and not User.objects.exists()


def test_weak_password_is_refused_and_nothing_is_created(client, form_data):
    form_data["password1"] = form_data["password2"] = "12345678"
    response = client.post(URL, form_data)
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not Enterprise.objects.exists()


def test_duplicate_credit_code_is_refused_with_a_clear_message(client, form_data, settings):
    EnterpriseFactory(credit_code=form_data["credit_code"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switcher's cookie

    response = client.post(URL, form_data)

    assert response.status_code == 200
    assert response.context["form"].has_error("credit_code", "duplicate")
    assert "An enterprise with this credit code is already registered." in response.content.decode()
    assert Enterprise.objects.count() == 1
    assert not User.objects.filter(username="jnlc_wang").exists()


def test_duplicate_user_name_is_refused(client, form_data, enterprise_user):
    form_data["username"] = enterprise_user.username.upper()
    response = client.post(URL, form_data)
    assert response.status_code == 200
    assert "username" in response.context["form"].errors


def test_code_outside_shandong_is_refused(client, form_data):
    first17 = "91110108MA01XK3P1"
    from portal.accounts.credit_code import check_character

    form_data["credit_code"] = first17 + check_character(first17)
    response = client.post(URL, form_data)
    assert response.status_code == 200
    assert response.context["form"].has_error("credit_code", "not_shandong")


# The divisions of GB/T 4754-2017 the four industries of Art. 5 (1) cover (seeded by accounts 0007).
@pytest.mark.parametrize("industry", ["07", "25", "26", "09", "32", "16", "36"])
def test_branch_in_one_of_the_four_industries_may_register(client, form_data, industry):
    form_data.update(legal_form=LegalForm.BRANCH, industry=industry,
                     parent_credit_code=make_credit_code("370100", 8100))
    assert client.post(URL, form_data).status_code == 302
    enterprise = Enterprise.objects.get(credit_code=form_data["credit_code"])
    assert enterprise.is_branch and enterprise.parent_credit_code == form_data["parent_credit_code"]


@pytest.mark.parametrize("industry", ["35", "31", "14", "41"])
def test_branch_outside_the_four_industries_is_refused(client, form_data, industry):
    form_data.update(legal_form=LegalForm.BRANCH, industry=industry,
                     parent_credit_code=make_credit_code("370100", 8100))
    response = client.post(URL, form_data)
    assert response.status_code == 200
    assert response.context["form"].errors["legal_form"]
    assert not Enterprise.objects.exists()


def test_branch_without_parent_code_is_refused(client, form_data):
    form_data.update(legal_form=LegalForm.BRANCH, industry="36", parent_credit_code="")
    response = client.post(URL, form_data)
    assert response.status_code == 200
    assert response.context["form"].errors["parent_credit_code"]
    assert not Enterprise.objects.exists()


def test_branch_whose_parent_code_is_its_own_is_refused(client, form_data):
    form_data.update(legal_form=LegalForm.BRANCH, industry="36",
                     parent_credit_code=form_data["credit_code"])
    response = client.post(URL, form_data)
    assert response.status_code == 200
    assert response.context["form"].errors["parent_credit_code"]


def test_signed_in_users_are_sent_home_from_the_registration_page(client_for, enterprise_user):
    response = client_for(enterprise_user).get(URL)
    assert response.status_code == 302


def test_chinese_names_read_family_name_first(db):
    from portal.accounts.models import User

    assert User(first_name="敏", last_name="赵").get_full_name() == "赵敏"
    assert User(first_name="Min", last_name="Zhao").get_full_name() == "Min Zhao"
