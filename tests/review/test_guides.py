"""The guide of each role (操作指南): reachable from its landing page and from every page's navigation,
in Chinese and in English, with the statuses read from the rule book."""
import pytest
from django.urls import reverse

from applications.constants import APPLICANT_VIEW

pytestmark = pytest.mark.django_db

LANDINGS = {"enterprise_user": ("enterprise_home", "enterprise"), "jinan_official": ("city_home", "city_official"),
            "provincial_officer": ("province_home", "provincial_officer"), "expert": ("expert_home", "expert"),
            "admin_user": ("admin_home", "admin")}


@pytest.mark.parametrize("persona", sorted(LANDINGS))
def test_every_role_reaches_its_guide_from_its_landing_page(request, client_for, persona):
    landing, slug = LANDINGS[persona]
    client = client_for(request.getfixturevalue(persona))
    html = client.get(reverse(landing)).content.decode()
    guide_url = reverse("review:guide")
    assert f'href="{guide_url}" id="landing-guide"' in html and f'href="{guide_url}" id="guide-link"' in html
    response = client.get(guide_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("review:guide_for", args=[slug])
    assert f'id="guide-{slug}"' in response.content.decode()


def test_the_enterprise_guide_lists_the_materials_and_every_status_in_both_languages(client_for, enterprise_user,
                                                                                      settings):
    client = client_for(enterprise_user)
    url = reverse("review:guide_for", args=["enterprise"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(url).content.decode()
    assert "申报通常需要的材料" in chinese and "成熟度" in chinese
    assert chinese.count("<tr><td>") == len(APPLICANT_VIEW)  # one row per status, from the rule book
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Materials a call usually asks for" in english and "申报通常需要的材料" not in english


def test_an_unknown_guide_is_a_404_and_visitors_log_in(client, client_for, enterprise_user):
    assert client_for(enterprise_user).get(reverse("review:guide_for", args=["nobody"])).status_code == 404
    assert client.get(reverse("review:guide")).status_code == 302


def test_the_language_picker_names_each_language_in_itself(client_for, enterprise_user):
    html = client_for(enterprise_user).get(reverse("enterprise_home")).content.decode()
    assert ">English</option>" in html and ">简体中文</option>" in html and "英语" not in html
