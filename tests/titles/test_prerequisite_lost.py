"""A title granted on a prerequisite (Art. 12, 13) does not stay valid silently when that prerequisite is
revoked (Art. 15): the province is told, in the notification centre and on its landing page, until it
records that it reported it (to MIIT for MIIT's tiers)."""
import pytest
from django.urls import reverse

from portal.audit import audit_trail
from portal.errors import ActionRefused
from portal.models import Notification
from tiers.constants import TierCode
from tiers.titles import prerequisites
from tiers.titles.lifecycles import TITLE
from tiers.titles.models import PrerequisiteLoss

from .aftercare import TODAY, title_of

pytestmark = pytest.mark.django_db


def revoke(title, actor):
    return TITLE.perform(title, "revoke", actor=actor,
                         data={"ground": "major_accident", "note": "发生重大安全事故。", "revoked_on": TODAY})


@pytest.fixture
def ladder(enterprise):
    return {code: title_of(enterprise, code) for code in (TierCode.BASIC, TierCode.ADVANCED, TierCode.EXCELLENCE)}


def landing(client_for, user):
    client = client_for(user)
    client.cookies["django_language"] = "zh-hans"
    return client.get("/", follow=True).content.decode()


def test_revoking_the_advanced_title_tells_the_province_that_miits_title_lost_its_prerequisite(
        ladder, provincial_officer, client_for):
    revoke(ladder[TierCode.ADVANCED], provincial_officer)

    loss = PrerequisiteLoss.objects.get()
    assert loss.title == ladder[TierCode.EXCELLENCE] and loss.prerequisite == ladder[TierCode.ADVANCED]
    notification = Notification.objects.get(user=provincial_officer, kind=prerequisites.PREREQUISITE_REVOKED.code)
    assert "工业和信息化部" in notification.subject or "工业和信息化部" in notification.body
    html = landing(client_for, provincial_officer)
    assert 'id="panel-prerequisite-losses"' in html and ladder[TierCode.EXCELLENCE].enterprise_name in html
    assert reverse("titles:prerequisite_loss_report", args=[loss.pk]) in html

    # Told once per officer: revoking nothing else adds nothing.
    assert Notification.objects.filter(kind=prerequisites.PREREQUISITE_REVOKED.code).count() == 1


def test_the_province_records_the_report_and_the_landing_page_stops_listing_it(
        ladder, provincial_officer, client_for):
    revoke(ladder[TierCode.ADVANCED], provincial_officer)
    loss = PrerequisiteLoss.objects.get()
    client = client_for(provincial_officer)
    url = reverse("titles:prerequisite_loss_report", args=[loss.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"note": ""})
    loss.refresh_from_db()
    assert loss.reported_at is None and response.status_code == 200  # a note is required

    client.post(url, {"note": "已报工业和信息化部（鲁工信函〔2026〕5号）。"})
    loss.refresh_from_db()
    assert loss.reported_by == provincial_officer and loss.reported_at is not None
    row = list(audit_trail(loss))[-1]
    assert row.verb == "titles.prerequisite_loss_reported" and row.actor == provincial_officer
    assert row.message == "已报工业和信息化部（鲁工信函〔2026〕5号）。"
    assert 'id="panel-prerequisite-losses"' not in landing(client_for, provincial_officer)
    with pytest.raises(ActionRefused):
        prerequisites.report_prerequisite_loss(loss, actor=provincial_officer, note="再报一次。")


def test_a_city_official_cannot_record_the_report(ladder, provincial_officer, jinan_official, client_for):
    revoke(ladder[TierCode.ADVANCED], provincial_officer)
    loss = PrerequisiteLoss.objects.get()
    with pytest.raises(ActionRefused):
        prerequisites.report_prerequisite_loss(loss, actor=jinan_official, note="已报。")
    assert client_for(jinan_official).get(reverse("titles:prerequisite_loss_report", args=[loss.pk])).status_code in (
        403, 404)


def test_no_loss_when_the_enterprise_still_holds_another_active_title_of_the_prerequisite_tier(
        ladder, enterprise, provincial_officer):
    title_of(enterprise, TierCode.ADVANCED, year=2026)
    revoke(ladder[TierCode.ADVANCED], provincial_officer)
    assert not PrerequisiteLoss.objects.exists()
