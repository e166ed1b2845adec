"""What the enterprise is told to do next says what is true now: it comes from the same checks that
enable the officials' buttons (the city's pass waits for the stamped scans) and from the records the step
left behind (the city's filing acknowledged, the title revoked)."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from applications.constants import Status
from applications.next_steps import next_step
from review.city import services as city_services
from review.models import Filing
from tests.applications.factories import force_status, make_application, stamp
from tests.tiers.factories import TitleFactory
from tiers.titles.constants import RevocationGround, TitleStatus

from .helpers import passed

pytestmark = pytest.mark.django_db


def landing_step(client, application):
    """The sentence the enterprise's landing card shows under ``application``."""
    html = client.get("/", follow=True).content.decode()
    match = re.search(rf'id="app-{application.pk}".*?<p class="small mb-2 mt-1"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no card for the application"
    return match.group(1)


def test_a_submitted_application_without_its_stamped_scans_tells_the_enterprise_to_upload_them(
        enterprise_user, jinan_official, client_for):
    app = make_application(enterprise_user, state=Status.SUBMITTED)
    with translation.override("zh-hans"):
        step = next_step(app)
        assert "无需操作" not in str(step) and "上传" in str(step) and "第十一条" in str(step)
    assert step.url == reverse("applications:detail", args=[app.pk]) + "#documents"
    # The same check keeps the city's pass disabled.
    assert city_services_refusal(app) is not None

    client = client_for(enterprise_user)
    client.cookies["django_language"] = "zh-hans"
    card = landing_step(client, app)
    assert "上传" in card and f'href="{step.url}"' in card
    todo = re.search(r'id="todo">(.*?)</div>', client.get("/", follow=True).content.decode(), re.S)
    assert todo and f'href="{step.url}"' in todo.group(1)  # listed among what the enterprise must do

    stamp(app, enterprise_user)
    with translation.override("zh-hans"):
        assert str(next_step(app)) == "无需操作：请等待市级初审。"
    assert city_services_refusal(app) is None


def city_services_refusal(app):
    from applications.workflow import APPLICATION

    return APPLICATION.refusal(app, APPLICATION.transitions["city_pass"])


def test_a_revoked_title_is_no_longer_offered_for_download(enterprise_user, client_for):
    app = force_status(make_application(enterprise_user, tier_code="advanced"), Status.CERTIFIED)
    title = TitleFactory(enterprise=app.enterprise, tier=app.tier, year=app.round.year)
    with translation.override("zh-hans"):
        assert "下载证书" in str(next_step(app))
    TitleFactory._meta.model.objects.filter(pk=title.pk).update(
        status=TitleStatus.REVOKED, revoked_on=datetime.date(2026, 11, 2),
        revocation_ground=RevocationGround.MAJOR_ACCIDENT)

    client = client_for(enterprise_user)
    client.cookies["django_language"] = "zh-hans"
    card = landing_step(client, app)
    assert "下载" not in card and "2026-11-02" in card and "撤销" in card and "第十五条第四项" in card


def test_an_acknowledged_filing_is_not_said_to_be_pending(enterprise_user, jinan_official, provincial_officer,
                                                          client_for, round_):
    app = city_services.recognize(passed(enterprise_user, jinan_official, tier_code="basic"), actor=jinan_official)
    with translation.override("zh-hans"):
        assert "报省备案" in str(next_step(app))
    city_services.acknowledge_filing(Filing.objects.get(application=app), actor=provincial_officer, note="已备案。")

    with translation.override("zh-hans"):
        step = str(next_step(app))
    assert "报省备案。" not in step and "已确认备案" in step
    client = client_for(enterprise_user)
    client.cookies["django_language"] = "zh-hans"
    assert "已确认备案" in landing_step(client, app)
