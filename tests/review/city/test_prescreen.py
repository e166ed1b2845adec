"""Pre-screen (初审): pass, reject with reasons, return for revision — per role, each with its audit row."""
import re

import pytest
from django.urls import reverse

from applications import services as application_services
from applications.constants import Status
from portal.errors import ActionRefused
from review.city import services as city_services
from review.models import PrescreenDecision

from .helpers import audit_rows, last_audit

pytestmark = pytest.mark.django_db


def test_city_official_passes_a_submitted_application_and_it_is_audited(submitted_basic, jinan_official):
    app = city_services.pass_prescreen(submitted_basic, actor=jinan_official, opinion="材料齐全，同意通过。")
    assert app.status == Status.CITY_PASSED
    row = last_audit(app)
    assert row.verb == "review.city_passed" and row.actor == jinan_official
    assert row.before == {"status": "submitted"} and row.after == {"status": "city_passed", "version": 1}
    assert row.message == "材料齐全，同意通过。"
    decision = PrescreenDecision.objects.get(application=app)
    assert (decision.outcome, decision.version, decision.decided_by) == ("passed", 1, jinan_official)


def test_passing_a_higher_tier_places_it_last_in_the_city_ranking(submitted_advanced, jinan_official):
    app = city_services.pass_prescreen(submitted_advanced, actor=jinan_official)
    assert app.city_ranking.rank == 1
    assert last_audit(app).after == {"status": "city_passed", "version": 1, "rank": 1}


def test_city_official_rejects_with_grounds_and_reasons(submitted_basic, jinan_official):
    app = city_services.reject(submitted_basic, actor=jinan_official, reasons="成熟度评估报告非第三方出具。",
                               grounds=["art5_5"])
    assert app.status == Status.CITY_REJECTED
    row = last_audit(app)
    assert row.verb == "review.city_rejected" and row.actor == jinan_official
    assert row.before == {"status": "submitted"}
    assert row.after == {"status": "city_rejected", "version": 1, "grounds": ["art5_5"]}
    assert "成熟度评估报告非第三方出具。" in row.message and "Art. 5 (5)" in row.message
    decision = PrescreenDecision.objects.get(application=app)
    assert decision.outcome == "rejected" and decision.reasons == "成熟度评估报告非第三方出具。"
    assert decision.grounds == ["art5_5"]


def test_rejection_without_reasons_is_refused(submitted_basic, jinan_official):
    with pytest.raises(ActionRefused):
        city_services.reject(submitted_basic, actor=jinan_official, reasons="   ", grounds=["art5_2"])
    submitted_basic.refresh_from_db()
    assert submitted_basic.status == Status.SUBMITTED
    assert not PrescreenDecision.objects.exists()
    assert "review.city_rejected" not in {row.verb for row in audit_rows(submitted_basic)}


@pytest.mark.parametrize("persona", ["qingdao_official", "enterprise_user", "provincial_officer", "expert"])
def test_no_one_but_the_city_of_the_application_may_pre_screen(persona, submitted_basic, request):
    actor = request.getfixturevalue(persona)
    before = len(audit_rows(submitted_basic))
    with pytest.raises(ActionRefused):
        city_services.pass_prescreen(submitted_basic, actor=actor)
    with pytest.raises(ActionRefused):
        city_services.reject(submitted_basic, actor=actor, reasons="不符合条件。")
    with pytest.raises(ActionRefused):
        application_services.return_for_revision(submitted_basic, actor=actor, comments={"general": "请修改。"})
    submitted_basic.refresh_from_db()
    assert submitted_basic.status == Status.SUBMITTED
    assert len(audit_rows(submitted_basic)) == before


def test_only_a_submitted_application_can_be_pre_screened(submitted_basic, jinan_official):
    city_services.pass_prescreen(submitted_basic, actor=jinan_official)
    with pytest.raises(ActionRefused):
        city_services.pass_prescreen(submitted_basic, actor=jinan_official)
    with pytest.raises(ActionRefused):
        city_services.reject(submitted_basic, actor=jinan_official, reasons="改判。")
    assert PrescreenDecision.objects.count() == 1


def test_city_returns_a_passed_application_for_revision(submitted_basic, jinan_official):
    app = city_services.pass_prescreen(submitted_basic, actor=jinan_official)
    app = application_services.return_for_revision(app, actor=jinan_official, comments={"outcomes": "请补充数据。"})
    assert app.status == Status.RETURNED
    row = last_audit(app)
    assert row.verb == "applications.returned" and row.before == {"status": "city_passed"}


def test_detail_page_offers_pass_return_reject_to_the_city_official_only(submitted_basic, jinan_official,
                                                                         enterprise_user, client_for):
    page = client_for(jinan_official).get(reverse("applications:detail", args=[submitted_basic.pk])).content.decode()
    for name in ("city_pass", "city_reject", "return_for_revision"):
        assert f'data-transition="{name}"' in page
    page = client_for(enterprise_user).get(reverse("applications:detail", args=[submitted_basic.pk])).content.decode()
    assert 'data-transition="city_pass"' not in page and 'data-transition="city_reject"' not in page


def test_city_official_passes_through_the_confirm_page(submitted_basic, jinan_official, client_for):
    client = client_for(jinan_official)
    url = reverse("applications:transition", args=[submitted_basic.pk, "city_pass"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "同意。"})
    assert response.status_code == 302
    submitted_basic.refresh_from_db()
    assert submitted_basic.status == Status.CITY_PASSED
    assert last_audit(submitted_basic).message == "同意。"


def test_reject_page_requires_reasons_and_keeps_what_was_typed(submitted_basic, jinan_official, client_for):
    client = client_for(jinan_official)
    url = reverse("applications:transition", args=[submitted_basic.pk, "city_reject"])
    response = client.post(url, {"grounds": ["art5_2"], "reasons": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input[^>]*name="grounds" value="art5_2"[^>]*checked>', html)  # the ticked ground is kept
    assert 'id="error_1_id_reasons"' in html
    submitted_basic.refresh_from_db()
    assert submitted_basic.status == Status.SUBMITTED
    response = client.post(url, {"grounds": ["art5_2"], "reasons": "近三年发生较大安全事故。"})
    assert response.status_code == 302
    submitted_basic.refresh_from_db()
    assert submitted_basic.status == Status.CITY_REJECTED
    assert "近三年发生较大安全事故。" in last_audit(submitted_basic).message


def test_other_city_official_gets_404_on_the_confirm_pages(submitted_basic, qingdao_official, client_for):
    client = client_for(qingdao_official)
    for name in ("city_pass", "city_reject", "return_for_revision"):
        url = reverse("applications:transition", args=[submitted_basic.pk, name])
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x", "reasons": "x", "comment_general": "x"}).status_code == 404
    submitted_basic.refresh_from_db()
    assert submitted_basic.status == Status.SUBMITTED
