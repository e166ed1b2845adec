"""Reviewers see an excellence application's uncovered segments (Art. 8) and each justification: the
city's queue and the province's ranking flag them, the application pages and the score sheet list them."""
import pytest
from django.urls import reverse

from applications.models import Application, ApplicationSegment
from review.province.selectors import active_assignments

from .helpers import under_review

pytestmark = pytest.mark.django_db

WHY = {"rd_design": "产品为来图加工，无自主研发设计。", "factory_construction": "沿用既有厂房，未新建。"}


def leave_gaps(app):
    """Test data: the two non-core segments left uncovered, each with its reason."""
    ApplicationSegment.objects.filter(application=app, segment__code__in=WHY).update(narrative="")
    Application.objects.filter(pk=app.pk).update(missing_segment_justifications=WHY)
    app.refresh_from_db()
    return app


@pytest.fixture
def excellence_with_gaps(enterprise_user, provincial_officer, experts, rubric):
    return leave_gaps(under_review(enterprise_user, provincial_officer, experts, tier_code="excellence"))


def test_reviewers_pages_list_the_gaps_with_their_justifications(excellence_with_gaps, client_for, jinan_official,
                                                                 provincial_officer, experts):
    app = excellence_with_gaps
    assignment = active_assignments(app).get(expert=experts[0])
    for user, url in [(jinan_official, reverse("applications:detail", args=[app.pk])),
                      (provincial_officer, reverse("review:province_application", args=[app.pk])),
                      (experts[0], reverse("review:expert_score", args=[assignment.pk]))]:
        page = client_for(user).get(url).content.decode()
        assert 'id="segment-gaps"' in page, url
        assert "2 segments missing" in page
        assert WHY["rd_design"] in page and WHY["factory_construction"] in page


def test_the_ranking_and_the_city_queue_flag_the_gaps(excellence_with_gaps, client_for, jinan_official,
                                                      provincial_officer):
    app = excellence_with_gaps
    ranking = client_for(provincial_officer).get(reverse("review:ranking"),
                                                 {"round": app.round_id, "tier": app.tier_id}).content.decode()
    assert 'class="badge text-bg-warning segment-gaps"' in ranking and "2 segments missing" in ranking
    queue = client_for(jinan_official).get(reverse("review:city_queue"), {"status": ""}).content.decode()
    assert "2 segments missing" in queue


def test_the_gaps_badge_reads_in_chinese(excellence_with_gaps, client_for, provincial_officer, settings):
    client = client_for(provincial_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("review:province_application", args=[excellence_with_gaps.pk])).content.decode()
    assert "缺 2 个环节" in page


def test_a_fully_covered_application_shows_no_gap(enterprise_user, provincial_officer, experts, rubric, client_for):
    app = under_review(enterprise_user, provincial_officer, experts, tier_code="excellence")
    page = client_for(provincial_officer).get(reverse("review:province_application", args=[app.pk])).content.decode()
    assert 'id="segment-gaps"' not in page
