"""Ranking and recommending to the province within the quota (Art. 12-13), and withdrawing a recommendation."""
import pytest
from django.urls import reverse

from applications import services as application_services
from applications.constants import Status
from portal.errors import ActionRefused
from review.city import services as city_services
from review.city.quota import COUNTS_AGAINST_QUOTA
from review.models import CityRanking, RecommendationLetter
from tests.applications.factories import force_status, give_title, pdf_upload, png_bytes
from tests.factories import disabled_reason, in_english, messages_of
from tiers import quotas
from tiers.models import Round, Tier
from tiers.titles.constants import TitleStatus

from .helpers import audit_rows, last_audit, make_quota, passed

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_passed(jinan_enterprise_users, jinan_official, round_):
    return [passed(user, jinan_official) for user in jinan_enterprise_users(3)]


def letter(name="推荐函.pdf"):
    return pdf_upload(name)


def test_recommendation_within_the_quota_is_audited_with_rank_and_quota(three_passed, jinan_official, round_, jinan):
    plan = make_quota(round_, "advanced", {jinan: 2})
    app = city_services.recommend(three_passed[1], actor=jinan_official)
    assert app.status == Status.RECOMMENDED
    row = last_audit(app)
    assert row.verb == "review.recommended" and row.actor == jinan_official
    assert row.before == {"status": "city_passed"}
    assert row.after == {"status": "recommended", "quota": 2, "used": 1, "rank": 2}
    assert quotas.used_for(plan.cities.get(city=jinan)) == 1  # the counter registered with tiers.quotas


def test_quota_used_up_is_refused_naming_art_12(three_passed, jinan_official, round_, jinan):
    make_quota(round_, "advanced", {jinan: 1})
    city_services.recommend(three_passed[0], actor=jinan_official)
    before = len(audit_rows(three_passed[1]))
    with pytest.raises(ActionRefused) as refused:
        city_services.recommend(three_passed[1], actor=jinan_official)
    assert refused.value.article == "Art. 12" and "Art. 12" in str(refused.value)
    three_passed[1].refresh_from_db()
    assert three_passed[1].status == Status.CITY_PASSED and len(audit_rows(three_passed[1])) == before


def test_every_status_after_recommendation_uses_the_quota_and_a_return_frees_it(three_passed, jinan_official,
                                                                                round_, jinan):
    plan = make_quota(round_, "advanced", {jinan: 3})
    row = plan.cities.get(city=jinan)
    for status in sorted(COUNTS_AGAINST_QUOTA):
        force_status(three_passed[0], status)
        assert quotas.used_for(row) == 1, status
    force_status(three_passed[0], Status.RETURNED)
    assert quotas.used_for(row) == 0


def test_qingdao_recommendations_do_not_use_jinan_quota(three_passed, jinan_official, round_, jinan, qingdao):
    plan = make_quota(round_, "advanced", {jinan: 1, qingdao: 1})
    city_services.recommend(three_passed[0], actor=jinan_official)
    assert quotas.used_by_city(plan) == {jinan.pk: 1}


def test_a_quota_plan_is_required_for_the_advanced_tier(three_passed, jinan_official):
    with pytest.raises(ActionRefused) as refused:
        city_services.recommend(three_passed[0], actor=jinan_official)
    assert refused.value.article == "Art. 12"


def test_scenario_awards_need_a_quota_too(jinan_enterprise_users, jinan_official, round_, jinan):
    app = passed(jinan_enterprise_users(1)[0], jinan_official, tier_code="scenario")
    with pytest.raises(ActionRefused):
        city_services.recommend(app, actor=jinan_official)
    make_quota(round_, "scenario", {jinan: 1})
    assert city_services.recommend(app, actor=jinan_official).status == Status.RECOMMENDED


def test_basic_applications_are_recognized_not_recommended_art_11(enterprise_user, jinan_official, round_):
    app = passed(enterprise_user, jinan_official, tier_code="basic")
    with pytest.raises(ActionRefused) as refused:
        city_services.recommend(app, actor=jinan_official)
    assert refused.value.article == "Art. 11"


def test_a_revoked_basic_title_stops_the_recommendation(three_passed, jinan_official, round_, jinan):
    make_quota(round_, "advanced", {jinan: 3})
    three_passed[0].enterprise.titles.update(status=TitleStatus.REVOKED)
    with pytest.raises(ActionRefused) as refused:
        city_services.recommend(three_passed[0], actor=jinan_official)
    assert refused.value.article == "Art. 12"


@pytest.fixture
def excellence(jinan_enterprise_users, jinan_official, round_):
    users = jinan_enterprise_users(2)
    for user in users:
        give_title(user.enterprise, "advanced")
    return [passed(user, jinan_official, tier_code="excellence") for user in users]


def test_excellence_needs_the_city_letter_then_has_no_limit_without_a_plan(excellence, jinan_official, round_, jinan):
    with pytest.raises(ActionRefused) as refused:
        city_services.recommend(excellence[0], actor=jinan_official)
    assert refused.value.article == "Art. 13"
    tier = Tier.objects.get(code="excellence")
    city_services.upload_letter(city=jinan, round=round_, tier=tier, uploaded=letter(), actor=jinan_official)
    for app in excellence:
        assert city_services.recommend(app, actor=jinan_official).status == Status.RECOMMENDED


def test_excellence_quota_is_enforced_when_a_plan_exists(excellence, jinan_official, round_, jinan):
    tier = Tier.objects.get(code="excellence")
    city_services.upload_letter(city=jinan, round=round_, tier=tier, uploaded=letter(), actor=jinan_official)
    make_quota(round_, "excellence", {jinan: 1})
    city_services.recommend(excellence[0], actor=jinan_official)
    with pytest.raises(ActionRefused) as refused:
        city_services.recommend(excellence[1], actor=jinan_official)
    assert refused.value.article == "Art. 12"


def test_withdrawing_a_recommendation_frees_its_place_and_tells_the_enterprise(three_passed, jinan_official,
                                                                              round_, jinan):
    make_quota(round_, "advanced", {jinan: 1})
    app = city_services.recommend(three_passed[0], actor=jinan_official)
    with pytest.raises(ActionRefused):
        city_services.withdraw_recommendation(app, actor=jinan_official, reason=" ")
    app = city_services.withdraw_recommendation(app, actor=jinan_official, reason="企业数据需核实。")
    assert app.status == Status.CITY_PASSED
    row = last_audit(app)
    assert row.verb == "review.recommendation_withdrawn" and row.actor == jinan_official
    assert row.before == {"status": "recommended"} and row.after == {"status": "city_passed", "rank": 1}
    assert row.message == "企业数据需核实。"
    assert city_services.recommend(three_passed[1], actor=jinan_official).status == Status.RECOMMENDED


def test_no_withdrawal_once_the_province_has_accepted(three_passed, jinan_official, round_, jinan):
    make_quota(round_, "advanced", {jinan: 1})
    app = city_services.recommend(three_passed[0], actor=jinan_official)
    force_status(app, Status.ACCEPTED)
    with pytest.raises(ActionRefused):
        city_services.withdraw_recommendation(app, actor=jinan_official, reason="撤回。")


@pytest.mark.parametrize("persona", ["qingdao_official", "enterprise_user", "provincial_officer"])
def test_only_the_city_of_the_application_recommends_and_withdraws(persona, three_passed, jinan_official, round_,
                                                                   jinan, request):
    make_quota(round_, "advanced", {jinan: 3})
    actor = request.getfixturevalue(persona)
    with pytest.raises(ActionRefused):
        city_services.recommend(three_passed[0], actor=actor)
    recommended = city_services.recommend(three_passed[1], actor=jinan_official)
    with pytest.raises(ActionRefused):
        city_services.withdraw_recommendation(recommended, actor=actor, reason="撤回。")
    three_passed[0].refresh_from_db()
    recommended.refresh_from_db()
    assert three_passed[0].status == Status.CITY_PASSED and recommended.status == Status.RECOMMENDED


# --- ranking -------------------------------------------------------------------------------------------

def test_passing_ranks_in_order_and_the_city_reorders_its_list(three_passed, jinan_official, round_, jinan):
    assert [a.city_ranking.rank for a in three_passed] == [1, 2, 3]
    tier = Tier.objects.get(code="advanced")
    a, b, c = three_passed
    assert city_services.rank(city=jinan, round=round_, tier=tier, ordered=[c, a, b], actor=jinan_official)
    assert dict(CityRanking.objects.values_list("application_id", "rank")) == {c.pk: 1, a.pk: 2, b.pk: 3}
    row = last_audit(jinan)
    assert row.verb == "review.city_ranked" and row.actor == jinan_official
    assert row.before["order"] == [a.pk, b.pk, c.pk] and row.after["order"] == [c.pk, a.pk, b.pk]
    assert not city_services.rank(city=jinan, round=round_, tier=tier, ordered=[c, a, b], actor=jinan_official)
    assert len(audit_rows(jinan)) == 1  # no change, no row


def test_ranking_must_cover_the_whole_list_as_it_is_now(three_passed, jinan_official, round_, jinan):
    tier = Tier.objects.get(code="advanced")
    with pytest.raises(ActionRefused):
        city_services.rank(city=jinan, round=round_, tier=tier, ordered=three_passed[:2], actor=jinan_official)


def test_other_city_cannot_rank_jinan_list(three_passed, qingdao_official, round_, jinan):
    with pytest.raises(ActionRefused):
        city_services.rank(city=jinan, round=round_, tier=Tier.objects.get(code="advanced"),
                           ordered=list(reversed(three_passed)), actor=qingdao_official)
    assert [CityRanking.objects.get(application=a).rank for a in three_passed] == [1, 2, 3]


def test_a_recommendation_keeps_its_rank_and_an_accepted_one_leaves_the_list(three_passed, jinan_official,
                                                                            round_, jinan):
    make_quota(round_, "advanced", {jinan: 3})
    a, b, c = three_passed
    city_services.recommend(b, actor=jinan_official)
    assert CityRanking.objects.get(application=b).rank == 2
    force_status(b, Status.ACCEPTED)
    city_services.rank(city=jinan, round=round_, tier=Tier.objects.get(code="advanced"), ordered=[c, a],
                       actor=jinan_official)
    assert dict(CityRanking.objects.values_list("application_id", "rank")) == {c.pk: 1, a.pk: 2, b.pk: 2}


# --- pages ---------------------------------------------------------------------------------------------

def test_a_used_quota_shows_recommend_disabled_with_the_reason(three_passed, jinan_official, round_, jinan,
                                                               client_for):
    make_quota(round_, "advanced", {jinan: 1})
    city_services.recommend(three_passed[0], actor=jinan_official)
    page = client_for(jinan_official).get(reverse("review:city_recommendations")).content.decode()
    assert 'data-remaining="0"' in page and page.count('data-action="recommend" data-not-yet') == 2
    assert reverse("review:city_recommend", args=[three_passed[1].pk]) not in page  # nothing offered to be refused


def test_a_used_quota_shows_recommend_disabled_on_the_detail_and_confirm_pages_and_the_post_is_refused(
        three_passed, jinan_official, round_, jinan, client_for):
    make_quota(round_, "advanced", {jinan: 1})
    first = city_services.recommend(three_passed[0], actor=jinan_official)
    app = three_passed[1]
    client = in_english(client_for(jinan_official))
    confirm = reverse("review:city_recommend", args=[app.pk])
    detail = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    reason = disabled_reason(detail, f"not-yet-recommend-{app.pk}")
    assert reason == "Your city's quota for this round and tier is used up: 1 of 1 recommended (Art. 12)."
    assert confirm not in detail
    page = client.get(confirm).content.decode()
    assert disabled_reason(page, "not-yet-recommend") == reason
    listing = client.get(reverse("review:city_recommendations")).content.decode()
    assert disabled_reason(listing, f"not-yet-recommend-{app.pk}") == reason  # one rule, the same words everywhere

    response = client.post(confirm)
    assert messages_of(response) == [reason]
    app.refresh_from_db()
    assert app.status == Status.CITY_PASSED and last_audit(app).verb == "review.city_passed"

    city_services.withdraw_recommendation(first, actor=jinan_official, reason="让出名额。")
    detail = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert disabled_reason(detail, f"not-yet-recommend-{app.pk}") is None and confirm in detail
    assert disabled_reason(client.get(confirm).content.decode(), "not-yet-recommend") is None


def test_a_miit_tier_recommend_is_disabled_until_the_city_letter_is_uploaded(excellence, jinan_official, round_, jinan,
                                                                             client_for):
    app = excellence[0]
    client = in_english(client_for(jinan_official))
    confirm = reverse("review:city_recommend", args=[app.pk])
    detail = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    reason = disabled_reason(detail, f"not-yet-recommend-{app.pk}")
    assert reason == "Upload your city's recommendation letter for this round and tier first (Art. 13)."
    listing = client.get(reverse("review:city_recommendations")).content.decode()
    assert disabled_reason(listing, f"not-yet-recommend-{app.pk}") == reason and confirm not in listing
    assert messages_of(client.post(confirm)) == [reason]
    app.refresh_from_db()
    assert app.status == Status.CITY_PASSED

    city_services.upload_letter(city=jinan, round=round_, tier=Tier.objects.get(code="excellence"), uploaded=letter(),
                                actor=jinan_official)
    listing = client.get(reverse("review:city_recommendations")).content.decode()
    assert disabled_reason(listing, f"not-yet-recommend-{app.pk}") is None and confirm in listing
    client.post(confirm)
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDED


def test_recommendations_page_shows_quota_ranked_list_and_buttons(three_passed, jinan_official, round_, jinan,
                                                                  client_for):
    make_quota(round_, "advanced", {jinan: 2})
    city_services.recommend(three_passed[0], actor=jinan_official)
    page = client_for(jinan_official).get(reverse("review:city_recommendations")).content.decode()
    assert 'data-final="2" data-used="1" data-remaining="1"' in page
    positions = [page.index(f'data-application="{a.pk}"') for a in three_passed]
    assert positions == sorted(positions)  # in rank order
    assert reverse("review:city_withdraw_recommendation", args=[three_passed[0].pk]) in page
    assert reverse("review:city_recommend", args=[three_passed[1].pk]) in page
    assert reverse("review:city_recommend", args=[three_passed[0].pk]) not in page


def test_other_city_sees_nothing_of_jinan_on_its_recommendations_page(three_passed, qingdao_official, round_,
                                                                      jinan, client_for):
    make_quota(round_, "advanced", {jinan: 2})
    page = client_for(qingdao_official).get(reverse("review:city_recommendations")).content.decode()
    assert all(f'data-application="{a.pk}"' not in page for a in three_passed)
    client = client_for(qingdao_official)
    for name in ("review:city_recommend", "review:city_withdraw_recommendation"):
        assert client.get(reverse(name, args=[three_passed[0].pk])).status_code == 404
        assert client.post(reverse(name, args=[three_passed[0].pk]), {"reason": "x"}).status_code == 404


def test_recommendations_pages_are_for_city_officials(provincial_officer, enterprise_user, client_for, db):
    for user in (provincial_officer, enterprise_user):
        assert client_for(user).get(reverse("review:city_recommendations")).status_code == 403


def test_recommend_through_the_confirm_page_and_a_refusal_is_shown(three_passed, jinan_official, round_, jinan,
                                                                   client_for):
    make_quota(round_, "advanced", {jinan: 1})
    client = client_for(jinan_official)
    url = reverse("review:city_recommend", args=[three_passed[0].pk])
    page = client.get(url)
    assert (page.context["quota"].final, page.context["used"], page.context["remaining"]) == (1, 0, 1)
    assert page.context["ranking"].rank == 1 and 'id="quota-facts"' in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("review:city_recommendations"))
    response = client.post(reverse("review:city_recommend", args=[three_passed[1].pk]), follow=True)
    assert "Art. 12" in response.content.decode()
    three_passed[1].refresh_from_db()
    assert three_passed[1].status == Status.CITY_PASSED


def test_withdraw_through_the_confirm_page_needs_a_reason(three_passed, jinan_official, round_, jinan, client_for):
    make_quota(round_, "advanced", {jinan: 1})
    app = city_services.recommend(three_passed[0], actor=jinan_official)
    client = client_for(jinan_official)
    url = reverse("review:city_withdraw_recommendation", args=[app.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and 'id="error_1_id_reason"' in response.content.decode()
    assert client.post(url, {"reason": "材料需补正。"}).status_code == 302
    app.refresh_from_db()
    assert app.status == Status.CITY_PASSED


def test_city_saves_its_order_on_the_recommendations_page(three_passed, jinan_official, round_, client_for):
    a, b, c = three_passed
    prefix = f"{round_.pk}-advanced"
    response = client_for(jinan_official).post(reverse("review:city_rank", args=[round_.pk, "advanced"]), {
        f"{prefix}-rank_{a.pk}": 3, f"{prefix}-rank_{b.pk}": 1, f"{prefix}-rank_{c.pk}": 2})
    assert response.status_code == 302
    assert dict(CityRanking.objects.values_list("application_id", "rank")) == {b.pk: 1, c.pk: 2, a.pk: 3}


# --- the letter and the summary table (Art. 13) ------------------------------------------------------------

def test_letter_upload_accepts_only_a_pdf_for_a_tier_the_city_recommends(jinan_official, round_, jinan, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    excellence, basic = Tier.objects.get(code="excellence"), Tier.objects.get(code="basic")
    with pytest.raises(ActionRefused):
        city_services.upload_letter(city=jinan, round=round_, tier=excellence, actor=jinan_official,
                                    uploaded=SimpleUploadedFile("函.png", png_bytes(), content_type="image/png"))
    # Real calls want the stamped letter with every tier the city recommends; basic titles it recognizes itself.
    with pytest.raises(ActionRefused) as refused:
        city_services.upload_letter(city=jinan, round=round_, tier=basic, uploaded=letter(), actor=jinan_official)
    assert refused.value.article == "Art. 11"
    advanced_letter = city_services.upload_letter(city=jinan, round=round_, tier=Tier.objects.get(code="advanced"),
                                                  uploaded=letter(), actor=jinan_official)
    assert advanced_letter.answers is None  # nothing printed by the portal yet
    RecommendationLetter.objects.filter(pk=advanced_letter.pk).delete()
    client = client_for(jinan_official)
    response = client.post(reverse("review:city_letter_upload", args=[round_.pk, "excellence"]),
                           {f"{round_.pk}-excellence-letter": letter("济南市推荐函.pdf")})
    assert response.status_code == 302
    saved = RecommendationLetter.objects.get()
    assert saved.original_name == "济南市推荐函.pdf" and "济南" not in saved.file.name
    row = last_audit(jinan)
    assert row.verb == "review.recommendation_letter_uploaded" and row.after["letter"] == saved.pk


def test_letter_download_for_its_city_and_the_province_only(jinan_official, qingdao_official, provincial_officer,
                                                            round_, jinan, client_for):
    saved = city_services.upload_letter(city=jinan, round=round_, tier=Tier.objects.get(code="excellence"),
                                        uploaded=letter(), actor=jinan_official)
    url = reverse("review:recommendation_letter", args=[saved.pk])
    assert client_for(jinan_official).get(url).status_code == 200
    assert client_for(provincial_officer).get(url).status_code == 200
    assert client_for(qingdao_official).get(url).status_code == 404


def test_tiers_quota_page_shows_what_the_city_used(three_passed, jinan_official, round_, jinan, client_for):
    make_quota(round_, "advanced", {jinan: 2})
    city_services.recommend(three_passed[0], actor=jinan_official)
    page = client_for(jinan_official).get(reverse("tiers:my_quota"))
    row = next(r for r in page.context["rows"] if r.plan.round_id == round_.pk)
    assert (row.final, row.used, row.remaining) == (2, 1, 1)


def test_enterprise_withdrawing_frees_the_place(three_passed, jinan_official, round_, jinan):
    plan = make_quota(round_, "advanced", {jinan: 1})
    app = city_services.recommend(three_passed[0], actor=jinan_official)
    application_services.withdraw(app, actor=app.enterprise.users.get(), reason="企业放弃。")
    assert quotas.used_for(plan.cities.get(city=jinan)) == 0


def test_an_invalid_rank_is_shown_again_as_typed(three_passed, jinan_official, round_, client_for):
    a, b, c = three_passed
    prefix = f"{round_.pk}-advanced"
    response = client_for(jinan_official).post(reverse("review:city_rank", args=[round_.pk, "advanced"]), {
        f"{prefix}-rank_{a.pk}": 0, f"{prefix}-rank_{b.pk}": 7, f"{prefix}-rank_{c.pk}": 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="{prefix}-rank_{b.pk}" id="id_{prefix}-rank_{b.pk}" value="7"' in html
    assert "is-invalid" in html
    assert [CityRanking.objects.get(application=x).rank for x in three_passed] == [1, 2, 3]


def test_the_page_opens_on_the_round_with_work_to_recommend_and_returns_to_the_round_chosen(
        three_passed, jinan_official, round_, jinan, client_for, enterprise_user):
    import datetime

    from django.utils import timezone

    from tests.applications.factories import make_application
    from tests.applications.factories import open_round as make_round

    now = timezone.now()
    own = Round.objects.create(year=2026, name="济南市2026年度基础级智能工厂认定", organiser=jinan,
                               opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=9))
    own.tiers.set(Tier.objects.filter(code="basic"))
    own.cities.set([jinan])
    make_application(enterprise_user, state=Status.SUBMITTED, round=own)
    client = client_for(jinan_official)
    page = client.get(reverse("review:city_recommendations"))
    assert page.context["round_id"] == str(round_.pk)  # not the city's own basic round (Art. 11)

    later = make_round(name="2026年度第二批")
    make_quota(later, "advanced", {jinan: 1})
    assert client.get(reverse("review:city_recommendations"), {"round": later.pk}).context["round_id"] == str(later.pk)
    assert client.get(reverse("review:city_recommendations")).context["round_id"] == str(later.pk)  # kept
    response = client.post(reverse("review:city_rank", args=[round_.pk, "advanced"]),
                           {f"{round_.pk}-advanced-rank_{a.pk}": str(i) for i, a in enumerate(three_passed, 1)})
    assert response.status_code == 302 and response.url.startswith(
        reverse("review:city_recommendations") + f"?round={round_.pk}#")
