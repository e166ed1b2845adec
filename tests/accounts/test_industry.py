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


def test_an_industry_converted_by_a_guess_is_asked_for_until_the_profile_is_saved(client_for, enterprise_user):
    enterprise = enterprise_user.enterprise
    Enterprise.objects.filter(pk=enterprise.pk).update(industry="34", industry_to_confirm="equipment")
    client = client_for(enterprise_user)
    with translation.override("zh-hans"):
        home = client.get("/", follow=True).content.decode()
    assert 'id="industry-to-confirm"' in home
    assert "C34 通用设备制造业" in home and "C35 专用设备制造业" in home and "C38" in home  # where it may rather be
    assert 'id="industry-to-confirm"' in client.get("/accounts/enterprise/").content.decode()
    response = client.post("/accounts/enterprise/", {  # kept as it is: saving confirms it
        "district": enterprise.district, "industry": "34", "above_designated_size": "on",
        "contact_name": enterprise.contact_name, "contact_phone": enterprise.contact_phone,
        "contact_email": enterprise.contact_email,
    })
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.industry_to_confirm == ""
    assert 'id="industry-to-confirm"' not in client.get("/", follow=True).content.decode()
    from portal.models import AuditEntry

    entry = AuditEntry.objects.filter(verb="accounts.enterprise_profile_updated").latest("pk")
    assert entry.before == {"industry_to_confirm": "equipment"} and entry.after == {"industry_to_confirm": ""}


def test_the_migration_flags_the_enterprises_converted_by_a_guess_before_it(enterprise, jinan):
    """Registered before 0006 converted the industries and in a division it guessed: flagged with the old
    value. Registered after it, or in a division converted one to one: not flagged."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder
    from django.utils import timezone

    from tests.factories import EnterpriseFactory, make_credit_code

    migration = importlib.import_module("portal.accounts.migrations.0009_enterprise_industry_to_confirm")
    now = timezone.now()
    MigrationRecorder(connection).migration_qs.filter(app="accounts", name="0006_gbt4754_industry").update(
        applied=now - timezone.timedelta(days=300))
    old = timezone.now() - timezone.timedelta(days=400)
    Enterprise.objects.filter(pk=enterprise.pk).update(industry="22", created_at=old)
    exact = EnterpriseFactory(city=jinan, credit_code=make_credit_code("370102", 5151))
    Enterprise.objects.filter(pk=exact.pk).update(industry="36", created_at=old)
    newer = EnterpriseFactory(city=jinan, credit_code=make_credit_code("370102", 5252))
    Enterprise.objects.filter(pk=newer.pk).update(industry="22")

    migration.flag(apps, SimpleNamespace(connection=connection))
    flags = dict(Enterprise.objects.filter(pk__in=[enterprise.pk, exact.pk, newer.pk])
                 .values_list("pk", "industry_to_confirm"))
    assert flags == {enterprise.pk: "light_industry", exact.pk: "", newer.pk: ""}
