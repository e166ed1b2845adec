"""The causes of server errors found from outside (the first five by hand, the others by the fuzzing of
tests/hardening/test_fuzz.py), each a regression test: bad input gets a message or the portal's own
400 page, never a 500."""
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.admin_base import RecordAdmin
from tests.applications.factories import make_application, pdf_bytes
from tests.applications.test_drafts import step_url

pytestmark = pytest.mark.django_db


def test_a_non_numeric_file_to_remove_on_a_step_is_ignored(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    client = client_for(enterprise_user)
    client.post(step_url(app, "maturity"), {"maturity_level": "2", "goto": "maturity",
                                           "assessment_report": SimpleUploadedFile("评估报告.pdf", pdf_bytes())})
    for value in ("abc", "1e9", "99999999999999999999", "-1", "\x00", "１"):
        response = client.post(step_url(app, "maturity"), {"maturity_level": "2", "goto": "maturity", "remove": value})
        assert response.status_code in (200, 302), value
    assert app.active_attachments().count() == 1


@pytest.mark.parametrize("query", [{"round": "abc"}, {"tier": "abc"}, {"round": "1 OR 1=1"}, {"tier": "\x00"},
                                   {"round": "99999999999999999999"}, {"round": "-3"}])
def test_the_ranking_answers_a_bad_parameter_with_400(client_for, provincial_officer, query):
    response = client_for(provincial_officer).get(reverse("review:ranking"), query)
    assert response.status_code == 400
    assert "400" in response.content.decode() or response.templates[0].name == "400.html"


@pytest.mark.parametrize("query", [{"tier": "\x00"}, {"tier": "basic\x00"}, {"tier": "nonsense"}, {"round": "abc"},
                                   {"round": "99999999999999999999"}])
def test_the_city_recommendations_answer_a_bad_parameter_with_400(client_for, jinan_official, query):
    assert client_for(jinan_official).get(reverse("review:city_recommendations"), query).status_code == 400


def test_the_city_recommendations_still_filter_by_a_real_tier(client_for, jinan_official):
    assert client_for(jinan_official).get(reverse("review:city_recommendations"), {"tier": "advanced"}).status_code == 200


@pytest.mark.parametrize("figure", ["99999999999999999999", "2147483648", "1000001"])
def test_the_quota_plan_refuses_a_huge_number_with_a_message(client_for, provincial_officer, figure):
    from tests.tiers.factories import RoundFactory, tier
    from tiers import services
    from tiers.constants import TierCode

    plan = services.create_quota_plan(round=RoundFactory(), tier=tier(TierCode.ADVANCED), total=30,
                                      acting_user=provincial_officer)
    rows = list(plan.cities.order_by("city__code"))
    data = {"plan-total": "30", "plan-weight_enterprises": "0.5", "plan-weight_assessments": "0.3",
            "plan-weight_system": "0.2", "plan-note": "", "city-TOTAL_FORMS": str(len(rows)),
            "city-INITIAL_FORMS": str(len(rows))}
    for i, row in enumerate(rows):
        data.update({f"city-{i}-quota_id": str(row.pk), f"city-{i}-above_size_enterprises": figure,
                     f"city-{i}-self_assessments": "1", f"city-{i}-system_score": "50"})
    client = client_for(provincial_officer)
    response = client.post(reverse("tiers:quota_plan", args=[plan.pk]), data)
    assert response.status_code == 200 and "1000000" in response.content.decode().replace(",", "")
    data["plan-total"] = figure
    assert client.post(reverse("tiers:quota_plan", args=[plan.pk]), data).status_code == 200
    row = rows[0]
    response = client.post(reverse("tiers:quota_override", args=[row.pk]), {"override": figure, "reason": "调整"})
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.override is None


def test_every_record_with_a_private_file_links_the_admin_to_its_download():
    missing = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, RecordAdmin):
            continue
        for name in model_admin.file_fields:
            if name not in model_admin.private_downloads:
                missing.append(f"{model._meta.label}.{name}")
    assert missing == []


def test_the_admin_shows_a_record_with_a_private_file(client_for, admin_user, enterprise_user, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    app = make_application(enterprise_user, complete=False)
    client_for(enterprise_user).post(step_url(app, "maturity"), {
        "maturity_level": "2", "goto": "maturity", "assessment_report": SimpleUploadedFile("评估报告.pdf", pdf_bytes())})
    attachment = app.attachments.get()
    page = client_for(admin_user).get(reverse("admin:applications_attachment_change", args=[attachment.pk]))
    assert page.status_code == 200
    assert f'href="{reverse("applications:attachment", args=[attachment.pk])}"' in page.content.decode()


# --- found by the fuzzing of every page (tests/hardening/test_fuzz.py) ---------------------------------

def test_the_rubric_answers_a_tier_that_is_not_an_id_with_400(client_for, provincial_officer):
    client = client_for(provincial_officer)
    for value in ("abc", "²", "99999999999999999999", "1\x00"):
        assert client.get(reverse("review:rubric"), {"tier": value}).status_code == 400, value
    assert client.get(reverse("review:rubric")).status_code == 200


@pytest.mark.parametrize("query", [{"round": "abc"}, {"tier": "1e5"}, {"application": "²"}])
def test_the_new_notice_answers_a_preselection_that_is_not_an_id_with_400(client_for, provincial_officer, query):
    from tests.tiers.factories import RoundFactory, tier
    from tiers.constants import TierCode

    chosen = {"round": str(RoundFactory().pk), "tier": str(tier(TierCode.ADVANCED).pk)}
    client = client_for(provincial_officer)
    assert client.get(reverse("review:notice_new"), chosen).status_code == 200
    assert client.get(reverse("review:notice_new"), {**chosen, **query}).status_code == 400


@pytest.mark.parametrize("persona, name, param", [
    ("admin_user", "tiers:scenario_list", "guide"),
    ("provincial_officer", "review:dashboard", "year"),
    ("provincial_officer", "review:dashboard", "round"),
    ("jinan_official", "titles:evaluation_open", "title"),
    ("jinan_official", "titles:case_open", "enterprise"),
    ("enterprise_user", "titles:my_annual_report", "year"),
])
@pytest.mark.parametrize("value", ["²", "①", "99999999999999999999"])
def test_a_number_str_isdigit_passes_but_int_refuses_is_a_400(request, client_for, persona, name, param, value):
    from tests.tiers.factories import RoundFactory

    RoundFactory()  # the dashboard reads ?round= against the rounds there are
    response = client_for(request.getfixturevalue(persona)).get(reverse(name), {param: value})
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808", "²", "-1", "1.5", "1\x00"])
def test_a_multiple_choice_refuses_a_value_that_cannot_be_an_id_with_its_message(db, value):
    from django.core.exceptions import ValidationError

    from portal.accounts.models import City
    from portal.forms import ModelMultipleChoiceField

    field = ModelMultipleChoiceField(queryset=City.objects.all())
    with pytest.raises(ValidationError) as refused:
        field.clean([str(City.objects.first().pk), value])
    assert refused.value.code == "invalid_pk_value"
    assert list(field.clean([str(City.objects.first().pk)])) == [City.objects.first()]


def test_a_round_or_a_tier_naming_a_huge_id_is_a_form_error(client_for, admin_user):
    from tests.tiers.factories import tier
    from tiers.constants import TierCode

    client = client_for(admin_user)
    huge = "99999999999999999999"
    response = client.post(reverse("tiers:round_create"), {
        "year": "2026", "name": "测试批次", "opens_at": "2026-03-01T09:00", "closes_at": "2026-04-01T17:00",
        "tiers": [huge], "cities": [huge]})
    assert response.status_code == 200 and response.context["form"].errors.keys() >= {"tiers", "cities"}
    advanced = tier(TierCode.ADVANCED)
    response = client.post(reverse("tiers:tier_edit", args=[advanced.pk]), {
        "name_zh": advanced.name_zh, "name_en": advanced.name_en, "authority": advanced.authority,
        "coverage_rule": advanced.coverage_rule, "required_segments": [huge]})
    assert response.status_code == 200 and "required_segments" in response.context["form"].errors


def test_a_step_naming_a_huge_scenario_id_keeps_the_draft_and_shows_the_step(enterprise_user, client_for):
    app = make_application(enterprise_user, complete=False)
    response = client_for(enterprise_user).post(step_url(app, "segment_production_operations"), {
        "narrative": "关键工序实现自动化。", "scenarios": ["99999999999999999999"], "goto": "basics"})
    assert response.status_code == 200
    assert "scenarios" in response.context["form"].errors


@pytest.mark.parametrize("path", ["/public/verify/SDZN-XJ-2026-0002%00/", "/applications/1/step/outcomes%00/",
                                  "/public/register/?q=%00", "/public/register/?a%00=1", "/%00"])
def test_a_nul_in_the_path_or_the_query_is_a_400_page_before_any_view(client_for, enterprise_user, path):
    """Found by the fuzzing on PostgreSQL, which refuses NUL in any text: a certificate number, a step's
    name or the security log's record of a refused path carried it into a query."""
    from portal.models import AuditEntry

    client = client_for(enterprise_user)
    before = AuditEntry.objects.count()
    response = client.get(path)
    assert response.status_code == 400
    assert "400.html" in [t.name for t in response.templates]
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("code", ["\x00", "91370100MA3C\x00XXXX1", "9" * 5000])
def test_a_credit_code_that_cannot_be_one_is_a_form_error_not_a_lookup(client, code):
    """Found by the fuzzing on PostgreSQL: the verified-exception lookup ran before the NUL check."""
    response = client.post(reverse("accounts:register"), {"credit_code": code, "parent_credit_code": code})
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"]
