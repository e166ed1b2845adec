"""The province's pages: inbox (filter, sort, export), the review page, landing panels, the rubric page;
and what the enterprise sees of it all (reasons and results, never experts' names or scores)."""
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.constants import Status
from applications.workflow import perform
from review.models import ExpertAssignment, RubricCriterion
from tests.applications.factories import tier
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, body, make_credit_code
from tests.review.province.helpers import approved, recommended, submit_all, under_review

pytestmark = pytest.mark.django_db


def test_inbox_filters_sorts_and_exports(enterprise_user, provincial_officer, qingdao, rubric, client_for):
    jinan_app = recommended(enterprise_user)
    other = EnterpriseUserFactory(username="qd_user", enterprise=EnterpriseFactory(
        city=qingdao, name="青岛港湾智能装备有限公司", credit_code=make_credit_code("370202", 777)))
    qingdao_app = recommended(other, tier_code="scenario", round=jinan_app.round)
    client = client_for(provincial_officer)
    url = reverse("review:province_inbox")
    assert set(client.get(url).context["page"].object_list) == {jinan_app, qingdao_app}
    assert list(client.get(url, {"city": qingdao.pk}).context["page"].object_list) == [qingdao_app]
    assert list(client.get(url, {"tier": tier("advanced").pk}).context["page"].object_list) == [jinan_app]
    assert list(client.get(url, {"ordering": "-city"}).context["page"].object_list) == [qingdao_app, jinan_app]
    assert not client.get(url, {"status": Status.ACCEPTED}).context["page"].object_list
    response = client.get(url, {"city": qingdao.pk, "export": "xlsx"})
    sheet = load_workbook(BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "青岛港湾智能装备有限公司" and rows[1][2] == "青岛"


@pytest.mark.parametrize("persona", ["jinan_official", "enterprise_user", "expert"])
def test_province_pages_are_refused_to_others(persona, request, enterprise_user, rubric, client_for):
    app = recommended(enterprise_user)
    client = client_for(request.getfixturevalue(persona))
    for url in (reverse("review:province_inbox"), reverse("review:province_application", args=[app.pk]),
                reverse("review:ranking"), reverse("review:notices"), reverse("review:notice_new"),
                reverse("review:assign_experts", args=[app.pk])):
        assert client.get(url).status_code == 403, url


def test_officer_accepts_and_assigns_through_the_pages(enterprise_user, provincial_officer, experts, rubric,
                                                      client_for):
    app = recommended(enterprise_user)
    client = client_for(provincial_officer)
    page = client.get(reverse("review:province_application", args=[app.pk])).content.decode()
    assert 'data-transition="accept"' in page and 'data-transition="return_to_city"' in page
    client.post(reverse("applications:transition", args=[app.pk, "accept"]), {"reason": ""})
    app.refresh_from_db()
    assert app.status == Status.ACCEPTED
    response = client.get(reverse("applications:transition", args=[app.pk, "start_review"]))
    assert response.status_code == 302 and response.url == reverse("review:assign_experts", args=[app.pk])
    form = client.get(response.url).context["form"]
    assert set(form.initial["experts"]) == {e.pk for e in experts}
    client.post(response.url, {"experts": [e.pk for e in experts]})
    app.refresh_from_db()
    assert app.status == Status.UNDER_REVIEW and ExpertAssignment.objects.filter(application=app).count() == 3


def test_the_review_page_shows_names_scores_and_the_aggregate_to_the_department(
        enterprise_user, provincial_officer, experts, rubric, client_for):
    app = submit_all(under_review(enterprise_user, provincial_officer, experts), ["0.9", "0.8", "0.7"])
    page = client_for(provincial_officer).get(reverse("review:province_application", args=[app.pk]))
    html = page.content.decode()
    assert all(str(e) in html for e in experts)
    assert page.context["aggregate"].mean == 80 and "80.00" in html


def test_enterprise_reads_reasons_and_results_but_never_experts_or_scores(
        enterprise_user, provincial_officer, experts, rubric, client_for):
    app = under_review(enterprise_user, provincial_officer, experts)
    submit_all(app, ["0.93", "0.81", "0.77"])  # totals 93.00, 81.00, 77.00
    for sheet in ExpertAssignment.objects.filter(application=app):
        sheet.comment = f"专家意见-{sheet.expert.username}"
        sheet.save(update_fields=["comment"])
    perform(app, "reject", actor=provincial_officer, data={"reason": "综合评审得分未进入本批次认定范围。"})
    client = client_for(enterprise_user)
    pages = [client.get(url).content.decode() for url in (
        reverse("applications:detail", args=[app.pk]), reverse("enterprise_home"), reverse("applications:list"))]
    detail = pages[0]
    assert "综合评审得分未进入本批次认定范围。" in detail  # the decision and its reasons reach the enterprise
    for page in pages:
        for expert in experts:
            assert expert.username not in page and expert.first_name not in page and expert.last_name not in page
            assert f"专家意见-{expert.username}" not in page
        for total in ("93.00", "81.00", "77.00", "83.67"):
            assert total not in page
    for url in (reverse("review:province_application", args=[app.pk]), reverse("review:ranking"),
                reverse("review:expert_assignments")):
        assert client.get(url).status_code == 403


def test_a_return_to_the_city_is_read_by_the_enterprise(enterprise_user, provincial_officer, rubric, client_for):
    app = recommended(enterprise_user)
    perform(app, "return_to_city", actor=provincial_officer, data={"reason": "请补充市级推荐排序依据。"})
    assert "请补充市级推荐排序依据。" in client_for(enterprise_user).get(
        reverse("applications:detail", args=[app.pk])).content.decode()


def test_landing_panels_of_the_province_and_the_expert(enterprise_user, provincial_officer, experts, rubric,
                                                      client_for):
    recommended(enterprise_user)
    page = client_for(provincial_officer).get(reverse("province_home"))
    stages = page.context["panels"][0]["stages"]
    assert ("recommended", Status.RECOMMENDED.label, 1) in stages
    assert 'id="panel-province-notices"' in page.content.decode()
    other = EnterpriseUserFactory(username="jn2", enterprise=EnterpriseFactory(
        name="济南另一家智能制造有限公司", credit_code=make_credit_code("370102", 888)))
    app = under_review(other, provincial_officer, experts)
    page = client_for(experts[0]).get(reverse("expert_home"))
    panel = [p for p in page.context["panels"] if p["template"] == "review/expert/_panel_expert.html"][0]
    assert panel["to_score_count"] == 1 and panel["to_score"][0].application == app


def test_admin_edits_the_rubric_on_its_page(admin_user, provincial_officer, client_for):
    excellence = tier("excellence")
    client = client_for(admin_user)
    url = reverse("review:rubric") + f"?tier={excellence.pk}"
    client.post(url, {"load_defaults": "1"})
    criteria = list(RubricCriterion.objects.filter(tier=excellence).order_by("order"))
    assert len(criteria) == 6 and sum(c.weight for c in criteria) == 100
    formset = client.get(url).context["formset"]
    data = {"criteria-TOTAL_FORMS": str(len(formset.forms)), "criteria-INITIAL_FORMS": str(len(criteria)),
            "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000"}
    for i, c in enumerate(criteria):
        data.update({f"criteria-{i}-id": c.pk, f"criteria-{i}-order": c.order,
                     f"criteria-{i}-segment": c.segment_id or "", f"criteria-{i}-name_zh": c.name_zh,
                     f"criteria-{i}-name_en": c.name_en, f"criteria-{i}-weight": str(c.weight),
                     f"criteria-{i}-max_score": c.max_score, f"criteria-{i}-active": "on"})
    data["criteria-0-weight"] = "25"
    n = len(criteria)
    data.update({f"criteria-{n}-order": "70", f"criteria-{n}-segment": "", f"criteria-{n}-name_zh": "安全可控",
                 f"criteria-{n}-name_en": "Security", f"criteria-{n}-weight": "5", f"criteria-{n}-max_score": "10",
                 f"criteria-{n}-active": "on"})
    response = client.post(url, data)
    assert response.status_code == 302
    criteria[0].refresh_from_db()
    assert criteria[0].weight == 25 and RubricCriterion.objects.filter(tier=excellence, name_zh="安全可控").exists()
    from portal.audit import audit_trail

    assert audit_trail(criteria[0]).last().verb == "review.rubric_criterion_changed"
    # Provincial officers read the rubric but cannot change it.
    officer = client_for(provincial_officer)
    assert officer.get(url).status_code == 200
    assert officer.post(url, {"load_defaults": "1"}).status_code == 404


def test_experts_declare_their_own_conflicts_on_the_page(enterprise_user, experts, client_for):
    client = client_for(experts[0])
    client.post(reverse("review:conflicts"), {"enterprise": enterprise_user.enterprise.pk,
                                             "reason": "曾为该企业提供咨询服务。"})
    page = client.get(reverse("review:conflicts")).content.decode()
    assert enterprise_user.enterprise.name in page and "曾为该企业提供咨询服务。" in page
    assert experts[0].conflict_declarations.count() == 1
    assert client_for(enterprise_user).get(reverse("review:conflicts")).status_code == 403


def test_ranking_page_and_export(enterprise_user, provincial_officer, experts, rubric, client_for):
    app = approved(enterprise_user, provincial_officer, experts)
    client = client_for(provincial_officer)
    response = client.get(reverse("review:ranking"), {"round": app.round_id, "tier": app.tier_id})
    assert [r.key for r in response.context["rows"]] == [app]
    export = client.get(reverse("review:ranking"), {"round": app.round_id, "tier": app.tier_id, "export": "xlsx"})
    rows = list(load_workbook(BytesIO(body(export))).active.iter_rows(values_only=True))
    assert rows[1][0] == 1 and rows[1][1] == app.enterprise.name


def test_the_notice_list_exports_each_entry(enterprise_user, provincial_officer, experts, rubric, client_for):
    from tests.review.province.helpers import in_notice

    app = in_notice(enterprise_user, provincial_officer, experts)
    export = client_for(provincial_officer).get(reverse("review:notices"), {"export": "xlsx"})
    header, row = list(load_workbook(BytesIO(body(export))).active.iter_rows(values_only=True))
    assert row[4] == app.enterprise.name and row[5] == app.enterprise.credit_code
    assert client_for(enterprise_user).get(reverse("review:notices"), {"export": "xlsx"}).status_code == 403


def test_a_get_on_the_confirm_page_changes_nothing(enterprise_user, provincial_officer, rubric, client_for):
    app = recommended(enterprise_user)
    client = client_for(provincial_officer)
    page = client.get(reverse("applications:transition", args=[app.pk, "accept"]))
    app.refresh_from_db()
    assert page.status_code == 200 and app.status == Status.RECOMMENDED
    assert client.put(reverse("applications:transition", args=[app.pk, "accept"])).status_code == 405
