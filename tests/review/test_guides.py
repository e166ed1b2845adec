"""The guide of each role (操作指南): reachable from its landing page, from every page's navigation
and from each page it explains (a help link to its section), in Chinese and in English, with the statuses
read from the rule book and the materials read from what the application form requires."""
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from applications.constants import APPLICANT_VIEW
from review.guides import GUIDES, TOPICS, guide_section

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
    assert "各层级申报需要的材料" in chinese and "成熟度" in chinese
    assert chinese.count("<tr><td>") == len(APPLICANT_VIEW)  # one row per status, from the rule book
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "The materials each tier asks for" in english and "各层级申报需要的材料" not in english


def test_an_unknown_guide_is_a_404_and_visitors_log_in(client, client_for, enterprise_user):
    assert client_for(enterprise_user).get(reverse("review:guide_for", args=["nobody"])).status_code == 404
    assert client.get(reverse("review:guide")).status_code == 302


def test_the_language_picker_names_each_language_in_itself(client_for, enterprise_user):
    html = client_for(enterprise_user).get(reverse("enterprise_home")).content.decode()
    assert ">English</option>" in html and ">简体中文</option>" in html and "英语" not in html


# --- each page links the section of the guide that explains it ----------------------------------------

HELP_LINK = re.compile(r'<a class="guide-help[^"]*" href="(?P<url>[^"]+)" data-guide-topic="(?P<topic>[a-z_]+)"')


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    call_command("demo_data", stdout=io.StringIO())


def explained_pages():
    """(user name, page, topic) for each page a guide explains, on the demo's records."""
    from applications.models import Application
    from review.models import ExpertAssignment, Filing, PublicNotice
    from tiers.titles.models import MonitoringEvaluation, RenameRequest, RevocationCase, Title

    def first(queryset):
        found = queryset.order_by("pk").first()
        assert found is not None, queryset.model
        return found.pk

    jinan_apps = Application.objects.filter(enterprise__users__username="qiye_jinan")
    draft = first(jinan_apps.filter(status__in=["draft", "returned"]))
    submitted = first(Application.objects.filter(enterprise__city__code="370100").exclude(status="draft"))
    reviewed = first(Application.objects.filter(expert_assignments__isnull=False))
    assignment = ExpertAssignment.objects.filter(withdrawn_at__isnull=True).order_by("pk").first()
    # The demo ends with no application waiting for its experts: one recommended is taken as accepted.
    accepted = first(Application.objects.filter(status__in=["accepted", "recommended", "city_passed"]).exclude(expert_assignments__isnull=False))
    Application.objects.filter(pk=accepted).update(status="accepted")
    return [
        ("qiye_jinan", reverse("applications:step", args=[draft, "declarations"]), "application"),
        ("qiye_jinan", reverse("applications:step", args=[draft, "review"]), "application"),
        ("qiye_jinan", reverse("applications:detail", args=[draft]), "application"),
        ("city_jinan", reverse("applications:detail", args=[submitted]), "application"),
        ("city_jinan", reverse("review:city_queue"), "screening"),
        ("city_jinan", reverse("review:city_recommendations"), "recommendations"),
        ("city_jinan", reverse("review:city_filings"), "filings"),
        ("province", reverse("review:filings"), "filings"),
        ("province", reverse("review:filing_detail", args=[first(Filing.objects.all())]), "filings"),
        ("province", reverse("review:province_inbox"), "inbox"),
        ("province", reverse("review:assign_experts", args=[accepted]), "assignment"),
        ("province", reverse("review:province_application", args=[reviewed]), "application"),
        ("province", reverse("review:ranking"), "ranking"),
        ("province", reverse("review:notices"), "notices"),
        ("province", reverse("review:notice_detail", args=[first(PublicNotice.objects.all())]), "notices"),
        (assignment.expert.username, reverse("review:expert_score", args=[assignment.pk]), "scoring"),
        ("city_jinan", reverse("titles:title_list"), "titles"),
        ("province", reverse("titles:title_detail", args=[first(Title.objects.all())]), "titles"),
        ("province", reverse("titles:evaluation_list"), "evaluations"),
        ("province", reverse("titles:evaluation_detail", args=[first(MonitoringEvaluation.objects.all())]),
         "evaluations"),
        ("province", reverse("titles:case_list"), "cases"),
        ("province", reverse("titles:case_detail", args=[first(RevocationCase.objects.all())]), "cases"),
        ("qiye_jinan", reverse("titles:rename_list"), "renames"),
        ("qiye_jinan", reverse("titles:rename_create"), "renames"),
        ("city_jinan", reverse("titles:rename_queue"), "renames"),
        ("province", reverse("titles:rename_province"), "renames"),
        ("province", reverse("titles:rename_detail", args=[first(RenameRequest.objects.all())]), "renames"),
    ]


def test_every_page_a_guide_explains_links_its_section_and_the_section_exists(demo, client, settings):
    from portal.accounts.models import User

    checked, sections = [], {}
    for username, page, topic in explained_pages():
        user = User.objects.get(username=username)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(page)
        assert response.status_code == 200, page
        (link,) = [m.groupdict() for m in HELP_LINK.finditer(response.content.decode())]
        role, anchor = guide_section(topic, user)
        assert link == {"url": f"{reverse('review:guide_for', args=[role])}#{anchor}", "topic": topic}, page
        assert anchor == TOPICS[topic].get(GUIDES[user.role], anchor)  # the reader's own guide when it has one
        sections.setdefault(role, set()).add(anchor)
        checked.append(topic)
    assert set(checked) == set(TOPICS)
    for language in ("zh-hans", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for role in GUIDES.values():
            html = client.get(reverse("review:guide_for", args=[role])).content.decode()
            wanted = {anchor for sections_of_topic in TOPICS.values() for r, anchor in sections_of_topic.items()
                      if r == role}
            assert {anchor for anchor in wanted if f'id="{anchor}"' not in html} == set(), (role, language)


# --- the enterprise's guide lists what the form requires, tier by tier ---------------------------------

def refusals_of_an_empty_draft(enterprise, user, tier, round_, *, declared):
    from applications import services
    from applications.content import blocking_issues

    application = services.create_draft(enterprise=enterprise, round=round_, tier=tier, actor=user)
    if declared:
        type(application).objects.filter(pk=application.pk).update(**{
            f"declares_{key}": True for key in ("operations_sound", "secure_controllable", "organisation_and_team")})
        application.refresh_from_db()
    codes = {issue.code for issue in blocking_issues(application)}
    application.delete()
    return codes


@pytest.mark.parametrize("code", ["basic", "advanced", "excellence", "leading", "scenario"])
def test_the_materials_of_each_tier_are_what_its_form_refuses_a_submission_without(code, enterprise_user):
    from applications.materials import materials_for
    from tests.applications.factories import give_title, open_round, tier

    round_ = open_round()
    wanted = tier(code)
    if wanted.prerequisite is not None and code != "advanced":
        give_title(enterprise_user.enterprise, "basic")
    materials = materials_for(wanted, round_)
    listed = set().union(*(m.rules for m in materials))
    refused = set()
    for declared in (False, True):
        refused |= refusals_of_an_empty_draft(enterprise_user.enterprise, enterprise_user, wanted, round_,
                                              declared=declared)
    if wanted.prerequisite is not None:
        refused.add("prerequisite_title_missing")  # the draft of a tier can only be started with it held
    assert listed == refused
    assert {m.key for m in materials} >= {"stamped_application_form", "stamped_pledge"}  # the pre-screen waits
    assert ("assessment_report" in {m.key for m in materials}) == (wanted.min_maturity is not None)


def test_the_enterprise_guide_lists_each_open_tier_with_the_materials_its_form_requires(client_for, enterprise_user):
    from applications.materials import materials_for
    from tests.applications.factories import open_round

    round_ = open_round(tiers=("basic", "scenario"))
    html = client_for(enterprise_user).get(reverse("review:guide_for", args=["enterprise"])).content.decode()
    for wanted in round_.tiers.all():
        block = re.search(rf'<ul class="mb-1" data-tier="{wanted.code}" data-round="{round_.pk}">(.*?)</ul>', html)
        assert block is not None, wanted.code
        keys = re.findall(r'data-material="([a-z_]+)"', block.group(1))
        assert keys == [m.key for m in materials_for(wanted, round_)]
    assert 'data-tier="advanced"' not in html  # only what is open now
