"""In Chromium: one submitted advanced application through the city's pre-screen and recommendation, acceptance, three
experts scoring, the decision, the public notice and certification, to a ready certificate."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.constants import Status
from applications.models import Application
from review.models import ExpertAssignment, NoticeEntry, PublicNotice
from tests.applications.factories import give_title, make_application
from tests.factories import PASSWORD
from tests.review.province.helpers import default_rubrics
from tiers.models import CityQuota, QuotaPlan
from tiers.titles.constants import RenderStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def recommend_through_the_city_in_the_browser(page, live_server, app, official):
    """The 济南 official passes the pre-screen from the queue and recommends within the city's quota."""
    plan = QuotaPlan.objects.create(round=app.round, tier=app.tier, total=5)
    CityQuota.objects.create(plan=plan, city=app.enterprise.city, computed=2)
    log_in(page, live_server, official)
    page.goto(f"{live_server.url}/review/city/queue/")
    page.locator(f'#queue tr[data-application="{app.pk}"] a').first.click()
    page.wait_for_load_state()
    click_transition(page, "city_pass")
    page.goto(f"{live_server.url}/review/city/recommendations/")
    page.locator(f'tr[data-application="{app.pk}"] a[data-action="recommend"]').click()
    page.wait_for_load_state()
    expect(page.locator("#quota-facts")).to_be_visible()
    page.locator("#confirm-transition").click()
    page.wait_for_load_state()


def click_transition(page, name):
    page.locator(f'#actions a[data-transition="{name}"]').click()
    page.wait_for_load_state()
    page.locator("#confirm-transition").click()
    page.wait_for_load_state()


def test_advanced_application_from_recommendation_to_certificate(page, live_server, settings, tmp_path,
                                                                 enterprise_user, jinan_official,
                                                                 provincial_officer, experts):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT
    settings.SITE_URL = live_server.url
    default_rubrics()
    give_title(enterprise_user.enterprise, "basic")
    app = make_application(enterprise_user, tier_code="advanced", state=Status.SUBMITTED, stamped=True)
    recommend_through_the_city_in_the_browser(page, live_server, app, jinan_official)
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDED

    # The provincial officer accepts from the inbox and assigns the three preselected experts.
    log_in(page, live_server, provincial_officer)
    page.goto(f"{live_server.url}/review/province/inbox/")
    page.locator(f'#inbox tr[data-application="{app.pk}"] a').click()
    page.wait_for_load_state()
    click_transition(page, "accept")
    page.goto(f"{live_server.url}/review/province/applications/{app.pk}/")
    page.locator('#actions a[data-transition="start_review"]').click()
    page.wait_for_load_state()
    for expert in experts:
        expect(page.locator(f'input[name=experts][value="{expert.pk}"]')).to_be_checked()
    page.locator("#confirm-transition").click()
    page.wait_for_load_state()
    app.refresh_from_db()
    assert app.status == Status.UNDER_REVIEW

    # Each expert logs in, scores every criterion, and confirms the submission.
    for expert, share in zip(experts, (0.9, 0.8, 0.7), strict=False):
        log_in(page, live_server, expert)
        page.goto(f"{live_server.url}/review/province/expert/")
        page.locator("#to-score a").first.click()
        page.wait_for_load_state()
        inputs = page.locator("#score-form input[name^=score_]")
        for i in range(inputs.count()):
            field = inputs.nth(i)
            field.fill(str(round(float(field.get_attribute("max")) * share, 1)))
        page.fill("#score-form textarea[name=comment]", "各环节建设较为完整。")
        page.locator("#submit-scores").click()
        page.wait_for_load_state()
        expect(page.locator("#confirm-total")).to_have_text(f"{share * 100:.2f}")
        page.locator("#confirm-submit").click()
        page.wait_for_load_state()
        expect(page.locator("#submitted-note")).to_be_visible()
        expect(page.locator("#panel-scores")).to_be_visible()
    assert ExpertAssignment.objects.filter(application=app, submitted_at__isnull=False).count() == 3

    # The officer sees the aggregate, approves and publishes the notice.
    log_in(page, live_server, provincial_officer)
    page.goto(f"{live_server.url}/review/province/applications/{app.pk}/")
    expect(page.locator("#aggregate-mean")).to_have_text("80.00")
    click_transition(page, "approve")
    page.goto(f"{live_server.url}/review/province/applications/{app.pk}/")
    page.locator('#actions a[data-transition="publish_notice"]').click()
    page.wait_for_load_state()
    expect(page.locator(f'input[name=applications][value="{app.pk}"]')).to_be_checked()
    page.fill("input[name=objection_contact]", "省工业和信息化厅智能制造处 0531-00000000")
    page.fill("input[name=objection_address]", "objections@example.com")
    page.locator("#publish-notice").click()
    page.wait_for_load_state()
    app.refresh_from_db()
    assert app.status == Status.IN_NOTICE

    # Anyone reads the notice without logging in, from its first day: published on a weekend or a
    # holiday it starts on the next working day (moved to today here, so the test runs any day).
    notice = NoticeEntry.objects.get(application=app).notice
    today = timezone.localdate()
    page.context.clear_cookies()
    if notice.starts_on > today:
        page.goto(f"{live_server.url}/public/notices/")
        expect(page.locator("article.notice")).to_have_count(0)
        PublicNotice.objects.filter(pk=notice.pk).update(starts_on=today)
    page.goto(f"{live_server.url}/public/notices/")
    expect(page.locator("article.notice").first).to_contain_text(enterprise_user.enterprise.name)
    expect(page.locator("article.notice [data-objections]").first).to_contain_text("objections@example.com")

    # The notice ends (moved into the past here); the officer certifies from the notice's page.
    PublicNotice.objects.filter(pk=notice.pk).update(starts_on=today - datetime.timedelta(days=9),
                                                    ends_on=today - datetime.timedelta(days=2))
    log_in(page, live_server, provincial_officer)
    page.goto(f"{live_server.url}/review/province/notices/{notice.pk}/")
    page.locator(f'#entries tr[data-application="{app.pk}"] a[data-transition="certify"]').click()
    page.wait_for_load_state()
    page.locator("#confirm-transition").click()
    page.wait_for_load_state()

    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.CERTIFIED
    title = NoticeEntry.objects.get(application=app).title
    assert title.tier.code == "advanced" and title.year == app.round.year
    certificate = title.certificates.get()
    for _ in range(20):  # the render runs on commit (eager Celery in the server thread)
        certificate.refresh_from_db()
        if certificate.status == RenderStatus.READY:
            break
        page.wait_for_timeout(500)
    assert certificate.status == RenderStatus.READY

    # The enterprise sees its certificate, and nothing of the experts.
    log_in(page, live_server, enterprise_user)
    expect(page.locator(f'#panel-certificates tr[data-certificate="{certificate.number}"]')).to_be_visible()
    page.goto(f"{live_server.url}/applications/{app.pk}/")
    body = page.locator("main").inner_text()
    for expert in experts:
        assert expert.last_name not in body and expert.username not in body
