"""The enterprise reads why the city rejected, returned or withdrew its application, on its own pages."""
import pytest
from django.urls import reverse

from applications import services as application_services
from review.city import services as city_services

from .helpers import make_quota

pytestmark = pytest.mark.django_db


def test_enterprise_reads_the_rejection_grounds_and_reasons(submitted_basic, jinan_official, enterprise_user,
                                                            client_for, settings):
    city_services.reject(submitted_basic, actor=jinan_official, reasons="近三年发生较大安全事故。", grounds=["art5_2"])
    client = client_for(enterprise_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("applications:detail", args=[submitted_basic.pk])).content.decode()
    assert "近三年发生较大安全事故。" in page and "Art. 5 (2)" in page
    assert "Rejected at the city&#x27;s pre-screen" in page  # the timeline's label of the transition
    home = client.get(reverse("enterprise_home")).content.decode()
    assert "近三年发生较大安全事故。" in home


def test_enterprise_reads_the_return_comments(submitted_basic, jinan_official, enterprise_user, client_for):
    application_services.return_for_revision(submitted_basic, actor=jinan_official,
                                             comments={"outcomes": "请与建设前数据对比。"})
    page = client_for(enterprise_user).get(reverse("applications:detail", args=[submitted_basic.pk])).content.decode()
    assert "请与建设前数据对比。" in page


def test_enterprise_reads_why_a_recommendation_was_withdrawn(submitted_advanced, jinan_official, enterprise_user,
                                                              round_, jinan, client_for):
    make_quota(round_, "advanced", {jinan: 1})
    app = city_services.pass_prescreen(submitted_advanced, actor=jinan_official, opinion="同意推荐。")
    app = city_services.recommend(app, actor=jinan_official)
    city_services.withdraw_recommendation(app, actor=jinan_official, reason="名额调整，下一批次再推荐。")
    page = client_for(enterprise_user).get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "名额调整，下一批次再推荐。" in page and "同意推荐。" in page


def test_another_enterprise_cannot_read_them(submitted_basic, jinan_official, other_enterprise_user, client_for):
    city_services.reject(submitted_basic, actor=jinan_official, reasons="不符合条件。")
    response = client_for(other_enterprise_user).get(reverse("applications:detail", args=[submitted_basic.pk]))
    assert response.status_code == 404
