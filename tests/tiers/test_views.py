"""The admin pages of the rule book and the city official's quota page: access, forms and scoping."""
import pytest
from django.urls import reverse

from portal.audit import audit_trail
from tests.tiers.factories import RoundFactory, tier
from tiers import services
from tiers.constants import TierCode
from tiers.models import QuotaPlan, Round, Scenario, SegmentRequirement

# The province manages rounds and quota plans (Art. 12); the reference texts and the measures' validity
# (Art. 19) stay with the administrators.
PROVINCE_PAGES = ["tiers:round_list", "tiers:round_create", "tiers:quota_list"]
REFERENCE_PAGES = ["tiers:extension", "tiers:tier_list", "tiers:scenario_list", "tiers:scenario_create",
                   "tiers:guide_create"]
ADMIN_PAGES = PROVINCE_PAGES + REFERENCE_PAGES


@pytest.fixture
def plan(admin_user):
    round = RoundFactory(name="2026年度第一批", without_qingdao=False)
    plan = services.create_quota_plan(round=round, tier=tier(TierCode.ADVANCED), total=30, acting_user=admin_user)
    inputs = {row.city_id: {"enterprises": 100 + i * 50, "assessments": 10 + i, "system": 70}
              for i, row in enumerate(plan.cities.order_by("city__code"))}
    return services.update_quota_plan(plan, total=30, weights=plan.weights, inputs=inputs, acting_user=admin_user)


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_render_for_admins(client_for, admin_user, name):
    assert client_for(admin_user).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", ADMIN_PAGES)
@pytest.mark.parametrize("persona", ["jinan_official", "expert", "enterprise_user"])
def test_others_get_403_on_the_rule_book_pages(db, client_for, request, name, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PROVINCE_PAGES)
def test_the_provincial_officer_manages_rounds_and_quotas(client_for, provincial_officer, name):
    assert client_for(provincial_officer).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", REFERENCE_PAGES)
def test_the_provincial_officer_does_not_edit_the_reference_texts(client_for, provincial_officer, name):
    assert client_for(provincial_officer).get(reverse(name)).status_code == 403


def test_the_provincial_officer_sets_a_quota_plan_and_overrides_a_city(client_for, provincial_officer):
    round = RoundFactory(name="2027年度第一批", without_qingdao=False)
    plan = services.create_quota_plan(round=round, tier=tier(TierCode.ADVANCED), total=30,
                                      acting_user=provincial_officer)
    inputs = {row.city_id: {"enterprises": 100 + i * 50, "assessments": 10 + i, "system": 70}
              for i, row in enumerate(plan.cities.order_by("city__code"))}
    services.update_quota_plan(plan, total=30, weights=plan.weights, inputs=inputs, acting_user=provincial_officer)
    jinan = plan.cities.get(city__code="370100")
    response = client_for(provincial_officer).post(reverse("tiers:quota_override", args=[jinan.pk]),
                                                   {"override": "9", "reason": "济南市申报企业较多（测试）"})
    assert response.status_code == 302
    jinan.refresh_from_db()
    assert jinan.final == 9 and audit_trail(jinan).last().actor == provincial_officer


def test_a_city_official_may_not_change_a_quota_plan_even_through_the_service(plan, jinan_official):
    from portal.errors import ActionRefused

    with pytest.raises(ActionRefused) as refused:
        services.recompute_quota_plan(plan, acting_user=jinan_official)
    assert refused.value.article == "Art. 12"


def test_visitor_is_sent_to_log_in(client, db):
    response = client.get(reverse("tiers:quota_list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_non_admin_cannot_post_an_override(client_for, jinan_official, plan):
    row = plan.cities.get(city=jinan_official.city)
    response = client_for(jinan_official).post(reverse("tiers:quota_override", args=[row.pk]),
                                               {"override": 99, "reason": "x"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.override is None


def test_admin_creates_a_round_without_qingdao(client_for, admin_user, jinan, qingdao):
    response = client_for(admin_user).post(reverse("tiers:round_create"), {
        "year": 2027, "name": "2027年度第一批", "opens_at": "2027-03-01T09:00", "closes_at": "2027-04-30T17:00",
        "tiers": [tier(TierCode.BASIC).pk, tier(TierCode.ADVANCED).pk], "cities": [jinan.pk], "note": "",
    })
    assert response.status_code == 302
    round = Round.objects.get(name="2027年度第一批")
    assert list(round.cities.all()) == [jinan]
    assert audit_trail(round).get().actor == admin_user


def test_round_past_the_measures_end_is_refused_keeping_the_input(client_for, admin_user, jinan):
    response = client_for(admin_user).post(reverse("tiers:round_create"), {
        "year": 2028, "name": "2028年度第一批", "opens_at": "2027-12-01T09:00", "closes_at": "2028-01-15T17:00",
        "tiers": [tier(TierCode.BASIC).pk], "cities": [jinan.pk], "note": "保留的备注",
    })
    assert response.status_code == 200
    assert not Round.objects.filter(name="2028年度第一批").exists()
    content = response.content.decode()
    assert "Art. 19" in content or "第十九条" in content
    assert "保留的备注" in content and "2028-01-15T17:00" in content


def test_admin_saves_quota_figures_on_the_quota_page(client_for, admin_user, plan):
    rows = list(plan.cities.order_by("city__code"))
    data = {"plan-total": 40, "plan-weight_enterprises": "0.5", "plan-weight_assessments": "0.3",
            "plan-weight_system": "0.2", "plan-note": "",
            "city-TOTAL_FORMS": len(rows), "city-INITIAL_FORMS": len(rows)}
    for i, row in enumerate(rows):
        data.update({f"city-{i}-quota_id": row.pk, f"city-{i}-above_size_enterprises": 1000 if i == 0 else 100,
                     f"city-{i}-self_assessments": 10, f"city-{i}-system_score": "80"})
    response = client_for(admin_user).post(reverse("tiers:quota_plan", args=[plan.pk]), data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.total == 40 and sum(r.computed for r in plan.cities.all()) == 40
    assert plan.cities.get(city__code="370100").computed > plan.cities.get(city__code="370300").computed
    page = client_for(admin_user).get(reverse("tiers:quota_plan", args=[plan.pk])).content.decode()
    assert "share(c)" in page and 'data-city="371700"' in page


def test_admin_overrides_through_the_page(client_for, admin_user, plan):
    row = plan.cities.get(city__code="370100")
    response = client_for(admin_user).post(reverse("tiers:quota_override", args=[row.pk]),
                                           {"override": 9, "reason": "省厅会议纪要"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.final == 9 and row.override_reason == "省厅会议纪要"


def test_admin_creates_a_plan_from_the_quota_list(client_for, admin_user):
    round = RoundFactory()
    response = client_for(admin_user).post(reverse("tiers:quota_list"), {
        "round": round.pk, "tier": tier(TierCode.SCENARIO).pk, "total": 50})
    plan = QuotaPlan.objects.get(round=round)
    assert response.status_code == 302 and response["Location"] == reverse("tiers:quota_plan", args=[plan.pk])
    assert plan.cities.count() == 16


def test_recompute_is_post_only(client_for, admin_user, plan):
    url = reverse("tiers:quota_recompute", args=[plan.pk])
    assert client_for(admin_user).get(url).status_code == 405
    assert client_for(admin_user).post(url).status_code == 302


def test_city_official_sees_only_own_citys_quota(client_for, qingdao_official, plan):
    response = client_for(qingdao_official).get(reverse("tiers:my_quota"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.city.code for r in rows] == ["370200"]
    assert rows[0].final == plan.cities.get(city__code="370200").final


def test_city_official_of_a_city_outside_the_round_sees_no_quota(client_for, admin_user, qingdao_official):
    round = RoundFactory(without_qingdao=True)
    services.create_quota_plan(round=round, tier=tier(TierCode.ADVANCED), total=10, acting_user=admin_user)
    response = client_for(qingdao_official).get(reverse("tiers:my_quota"))
    assert list(response.context["rows"]) == []


def test_my_quota_is_for_city_officials_only(client_for, admin_user, enterprise_user):
    assert client_for(enterprise_user).get(reverse("tiers:my_quota")).status_code == 403


def test_landing_panels(client_for, admin_user, jinan_official, plan):
    page = client_for(admin_user).get(reverse("admin_home")).content.decode()
    assert "2026年度第一批" in page
    page = client_for(jinan_official).get(reverse("city_home")).content.decode()
    assert "panel-city-quota" in page and str(plan.cities.get(city__code="370100").final) in page


def test_admin_edits_a_requirement_text_with_an_audit_row(client_for, admin_user):
    requirement = SegmentRequirement.objects.get(tier__code="basic", segment__code="rd_design")
    response = client_for(admin_user).post(reverse("tiers:requirement_edit", args=[requirement.pk]),
                                           {"text_zh": "开展产品、工艺数字化研发设计；（修订）", "text_en": "Revised."})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.text_zh.endswith("（修订）")
    entry = audit_trail(requirement).get()
    assert entry.verb == "tiers.requirement_updated" and entry.before["text_en"].startswith("Carry out")


def test_admin_adds_a_scenario_to_the_catalogue(client_for, admin_user):
    existing = Scenario.objects.first()
    response = client_for(admin_user).post(reverse("tiers:scenario_create"), {
        "guide": existing.guide_id, "name_zh": "智能仓储机器人调度", "name_en": "Warehouse robot dispatching",
        "stage_zh": "生产管理", "stage_en": "Production management", "segment": existing.segment_id,
        "order": 41, "is_active": "on"})
    assert response.status_code == 302
    scenario = Scenario.objects.get(name_zh="智能仓储机器人调度")
    assert audit_trail(scenario).get().verb == "tiers.scenario_saved"
    page = client_for(admin_user).get(reverse("tiers:scenario_list")).content.decode()
    assert "智能仓储机器人调度" in page


def test_admin_records_an_extension_through_the_page(client_for, admin_user):
    response = client_for(admin_user).post(reverse("tiers:extension"),
                                           {"valid_until": "2029-12-31", "legal_basis": "鲁工信发〔2027〕1号"})
    assert response.status_code == 302
    page = client_for(admin_user).get(reverse("tiers:round_list")).content.decode()
    assert "2029-12-31" in page


def test_admin_edits_a_tier(client_for, admin_user):
    t = tier(TierCode.EXCELLENCE)
    data = {"name_zh": t.name_zh, "name_en": t.name_en, "article": t.article, "authority": t.authority,
            "prerequisite": t.prerequisite_id, "min_maturity": 3, "coverage_rule": t.coverage_rule,
            "required_segments": list(t.required_segments.values_list("pk", flat=True)),
            "outcomes_zh": t.outcomes_zh, "outcomes_en": "Edited."}
    assert client_for(admin_user).post(reverse("tiers:tier_edit", args=[t.pk]), data).status_code == 302
    t.refresh_from_db()
    assert t.outcomes_en == "Edited."
    assert audit_trail(t).get().after == {"outcomes_en": "Edited."}


def test_demo_data_is_idempotent(db, admin_user):
    from io import StringIO

    from tiers import demo

    demo.run(StringIO())
    demo.run(StringIO())
    assert Round.objects.count() == 2 and QuotaPlan.objects.count() == 2
    first = Round.objects.get(name__contains="第一批")
    assert not first.cities.filter(code="370200").exists()
    for plan in QuotaPlan.objects.all():
        assert sum(r.final for r in plan.cities.all()) == plan.total


def test_a_city_joining_a_round_joins_its_quota_plan_with_zero_until_recomputed(plan, admin_user, client_for):
    from tests.factories import city

    round_ = plan.round
    round_.cities.remove(city("370200"))
    plan.cities.filter(city__code="370200").delete()
    cities = list(round_.cities.all()) + [city("370200")]
    round_ = services.update_round(round_, year=round_.year, name=round_.name, opens_at=round_.opens_at,
                                   closes_at=round_.closes_at, tiers=list(round_.tiers.all()), cities=cities,
                                   acting_user=admin_user)
    plan.refresh_from_db()
    qingdao = plan.cities.get(city__code="370200")
    assert qingdao.final == 0 and plan.computed_at is None
    assert "tiers.quota_plan_cities_joined" in [e.verb for e in audit_trail(plan)]
    html = client_for(admin_user).get(reverse("tiers:quota_list")).content.decode()
    assert "data-needs-recompute" in html


# --- exports ------------------------------------------------------------------------------------------

def _workbook(response):
    import io

    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_the_quota_plan_exports_every_city_cell_by_cell(client_for, provincial_officer, plan):
    client_for(provincial_officer).post(reverse("tiers:quota_override", args=[plan.cities.get(city__code="370200").pk]),
                                        {"override": 5, "reason": "=HYPERLINK(\"http://x\")青岛调整"})
    rows = _workbook(client_for(provincial_officer).get(reverse("tiers:quota_plan", args=[plan.pk]) + "?export=xlsx"))
    header, cities = rows[0], rows[1:]
    assert header == ["所属城市", "规上企业数（E）", "名录中的规上企业数", "自评估企业数（A）", "已核验的自评估企业数",
                      "体系得分（S）", "占比", "计算名额", "调整", "调整理由", "最终名额", "已用"]
    assert len(cities) == 16
    by_city = {row[0]: row for row in cities}
    jinan = plan.cities.get(city__code="370100")
    row = by_city[jinan.city.name]
    assert [row[1], row[3], row[5]] == [jinan.above_size_enterprises, jinan.self_assessments, jinan.system_score]
    assert row[2] is None and row[4] is None  # no list imported, no verified self-assessment: nothing counted
    assert row[7] == jinan.computed and row[10] == jinan.final
    qingdao = by_city[plan.cities.get(city__code="370200").city.name]
    assert qingdao[8] == 5 and qingdao[10] == 5
    assert qingdao[9] == '=HYPERLINK("http://x")青岛调整'  # written as text, inert


def test_the_quota_plan_export_is_refused_to_those_who_may_not_manage_quotas(client_for, plan, jinan_official,
                                                                             expert, enterprise_user):
    url = reverse("tiers:quota_plan", args=[plan.pk]) + "?export=xlsx"
    for user in (jinan_official, expert, enterprise_user):
        assert client_for(user).get(url).status_code == 403


def test_a_city_exports_its_own_quotas_only(client_for, qingdao_official, plan):
    rows = _workbook(client_for(qingdao_official).get(reverse("tiers:my_quota") + "?export=xlsx"))
    assert rows[0] == ["批次", "层级", "推荐名额", "已用", "剩余"]
    quota = plan.cities.get(city__code="370200")
    assert rows[1:] == [["2026年度第一批", quota.plan.tier.name, quota.final, 0, quota.final]]


def test_the_round_list_exports_each_round_with_the_cities_not_taking_part(client_for, provincial_officer):
    RoundFactory(name="2026年度第二批", without_qingdao=True)
    rows = _workbook(client_for(provincial_officer).get(reverse("tiers:round_list") + "?export=xlsx"))
    assert rows[0][0] == "批次" and rows[0][7] == "未参加的城市"
    (row,) = [r for r in rows[1:] if r[0] == "2026年度第二批"]
    assert row[1] == "省工业和信息化厅" and row[6] == 15 and row[7] == "青岛"


def test_the_round_list_names_the_cities_without_a_quota_for_a_tier_that_needs_one(client_for, admin_user, plan):
    """The plan of the fixture covers the advanced tier for every city; the scenario award has none."""
    from portal.accounts.models import City

    plan.cities.filter(city__code="370200").delete()  # 青岛 left without an advanced quota
    page = client_for(admin_user).get(reverse("tiers:round_list")).content.decode()
    advanced = page.split('data-quota-gap="advanced"')[1].split("</div>")[0]
    assert "青岛" in advanced and "济南" not in advanced and "第十二条" in advanced
    scenario = page.split('data-quota-gap="scenario"')[1].split("</div>")[0]
    assert all(c.name in scenario for c in City.objects.all())
    assert 'data-quota-gap="basic"' not in page
    rows = _workbook(client_for(admin_user).get(reverse("tiers:round_list") + "?export=xlsx"))
    (row,) = [r for r in rows[1:] if r[0] == "2026年度第一批"]
    assert row[-1].startswith("先进级（省级）智能工厂：青岛；省级智能制造优秀场景：")


def test_a_round_named_in_english_shows_that_name_on_english_pages_else_the_chinese(client_for, admin_user, jinan,
                                                                                   enterprise_user):
    from tests.factories import in_english

    client = client_for(admin_user)
    client.post(reverse("tiers:round_create"), {
        "year": 2027, "name": "2027年度第一批", "name_en": "2027 first round", "opens_at": "2027-03-01T09:00",
        "closes_at": "2027-04-30T17:00", "tiers": [tier(TierCode.BASIC).pk], "cities": [jinan.pk], "note": ""})
    round = Round.objects.get(name="2027年度第一批")
    assert round.name_en == "2027 first round"
    assert audit_trail(round).get().after["name_en"] == "2027 first round"
    RoundFactory(name="2027年度第二批")  # no English name
    chinese = client.get(reverse("tiers:round_list")).content.decode()
    assert "2027年度第一批" in chinese and "2027 first round" not in chinese
    in_english(client)
    english = client.get(reverse("tiers:round_list")).content.decode()
    assert "2027 first round" in english and "2027年度第一批" not in english
    assert "2027年度第二批" in english  # falls back to the Chinese name
