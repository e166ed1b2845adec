"""The notification centre: one notification per user and event whatever the retries, e-mailed once
through the outbox unless the user chose otherwise for its kind, an unread count in the navigation,
opening one marks it read and goes to its page (only a page of the portal), and a user sees only their own."""
import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from portal.models import Notification, NotificationPreference
from portal.notifications import email_notification, kinds_for, notify, register_kind

pytestmark = pytest.mark.django_db

KIND = register_kind("tests.something_happened", "Something happened (test)", audience="enterprise")


def tell(users, key="event-1", url="/titles/"):
    with transaction.atomic():
        return notify(users, kind=KIND.code, key=key, subject="有新的事项", body="请查看。", url=url)


def test_one_notification_per_user_and_event_emailed_once(enterprise_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (created,) = tell([enterprise_user])
        assert tell([enterprise_user]) == []  # the same event again: nothing new
    assert Notification.objects.filter(user=enterprise_user).count() == 1
    (message,) = mail.outbox
    assert message.to == [enterprise_user.email] and "/titles/" in message.body
    assert email_notification(created.pk) == "sent before"  # a redelivered task sends nothing
    assert len(mail.outbox) == 1


def test_a_kind_turned_off_is_not_emailed_but_stays_in_the_centre(client_for, enterprise_user,
                                                                  django_capture_on_commit_callbacks):
    client = client_for(enterprise_user)
    page = client.get(reverse("notification_preferences")).content.decode()
    assert KIND.code in page and KIND in kinds_for(enterprise_user)
    client.post(reverse("notification_preferences"), {"email": []})
    assert NotificationPreference.objects.get(user=enterprise_user, kind=KIND.code).email is False
    with django_capture_on_commit_callbacks(execute=True):
        tell([enterprise_user])
    assert mail.outbox == [] and Notification.objects.filter(user=enterprise_user).exists()


def test_the_navigation_counts_unread_and_opening_one_reads_it(client_for, enterprise_user):
    (notification,) = tell([enterprise_user])
    client = client_for(enterprise_user)
    home = client.get(reverse("enterprise_home")).content.decode()
    assert 'id="unread-count">1' in home
    response = client.get(reverse("notification_open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/titles/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'id="unread-count"' not in client.get(reverse("enterprise_home")).content.decode()


def test_an_outside_link_is_never_followed_and_all_can_be_marked_read(client_for, enterprise_user):
    (evil,) = tell([enterprise_user], key="event-2", url="https://evil.example/")
    tell([enterprise_user], key="event-3")
    client = client_for(enterprise_user)
    assert client.get(reverse("notification_open", args=[evil.pk]))["Location"] == reverse("notifications")
    client.post(reverse("notifications_read"))
    assert not Notification.objects.filter(user=enterprise_user, read_at__isnull=True).exists()


def test_a_user_sees_only_their_own(client_for, enterprise_user, other_enterprise_user):
    (mine,) = tell([enterprise_user])
    client = client_for(other_enterprise_user)
    assert client.get(reverse("notification_open", args=[mine.pk])).status_code == 404
    assert f'data-notification="{mine.pk}"' not in client.get(reverse("notifications")).content.decode()
    assert f'data-notification="{mine.pk}"' in client_for(enterprise_user).get(reverse("notifications")).content.decode()


def test_the_officials_who_must_act_next_are_told(enterprise_user, jinan_official, qingdao_official,
                                                  provincial_officer, django_capture_on_commit_callbacks):
    from review.city import services as city_services
    from tests.applications.factories import give_title
    from tests.review.city.helpers import make_quota, passed

    give_title(enterprise_user.enterprise, "basic")  # advanced needs it (Art. 12)
    with django_capture_on_commit_callbacks(execute=True):
        app = passed(enterprise_user, jinan_official)  # submitted, then passed by Jinan's bureau
    (told,) = Notification.objects.filter(kind="applications.submitted")
    assert told.user == jinan_official and told.url == f"/applications/{app.pk}/"  # not Qingdao's bureau
    assert any(m.to == [jinan_official.email] for m in mail.outbox)
    make_quota(app.round, "advanced", {jinan_official.city: 2})
    with django_capture_on_commit_callbacks(execute=True):
        city_services.recommend(app, actor=jinan_official)
    (recommended,) = Notification.objects.filter(kind="applications.recommended")
    assert recommended.user == provincial_officer
    assert recommended.url == reverse("review:province_application", args=[app.pk])


def test_the_city_is_told_when_the_province_returns_its_recommendation(enterprise_user, jinan_official,
                                                                      qingdao_official, provincial_officer,
                                                                      django_capture_on_commit_callbacks):
    from applications.workflow import perform
    from tests.review.province.helpers import recommended

    app = recommended(enterprise_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform(app, "return_to_city", actor=provincial_officer, data={"reason": "推荐材料缺少盖章推荐函。"})
    (told,) = Notification.objects.filter(kind="applications.returned_to_city")  # Jinan's bureau, not Qingdao's
    assert told.user == jinan_official and told.url == reverse("applications:detail", args=[app.pk])
    assert app.enterprise.name in told.subject and "推荐材料缺少盖章推荐函" in told.body
    (email,) = [m for m in mail.outbox if m.to == [jinan_official.email]]
    assert email.subject == told.subject and "推荐材料缺少盖章推荐函" in email.body
    assert not Notification.objects.filter(user__in=[qingdao_official, provincial_officer]).exists()


def test_the_city_is_told_of_the_provinces_query_of_its_filing(enterprise_user, jinan_official, provincial_officer):
    from review.city import services as city_services
    from review.models import Filing
    from tests.review.city.helpers import passed

    app = passed(enterprise_user, jinan_official, tier_code="basic")
    city_services.recognize(app, actor=jinan_official)
    filing = Filing.objects.get(application=app)
    city_services.query_filing(filing, actor=provincial_officer, reason="请补充企业规模证明。")
    (told,) = Notification.objects.filter(kind="review.filing_queried")
    assert told.user == jinan_official and "请补充企业规模证明" in told.body


def test_a_ready_certificate_is_told_to_the_enterprise(enterprise_user, provincial_officer, settings, tmp_path,
                                                       django_capture_on_commit_callbacks):
    from tests.tiers.factories import TitleFactory
    from tiers.titles.certificates import request_certificate

    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    title = TitleFactory(enterprise=enterprise_user.enterprise)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = request_certificate(title, actor=provincial_officer)
    (told,) = Notification.objects.filter(kind="titles.certificate_ready", user=enterprise_user)
    assert certificate.number in told.subject and told.url == reverse("enterprise_home")


def test_each_role_chooses_among_the_kinds_it_can_receive(jinan_official, provincial_officer, admin_user, expert,
                                                           enterprise_user):
    city = {k.code for k in kinds_for(jinan_official)}
    province = {k.code for k in kinds_for(provincial_officer)}
    assert {"applications.submitted", "applications.returned_to_city", "review.filing_queried",
            "review.objection_recorded"} <= city
    assert not city & {"applications.recommended", "review.notice_ending", "review.filings_waiting"}
    assert {"applications.recommended", "review.notice_ending", "review.objection_recorded"} <= province
    assert not province & {"applications.submitted", "applications.returned_to_city", "review.filing_queried",
                           "applications.status"}
    assert {k.code for k in kinds_for(admin_user)} == province
    assert {k.code for k in kinds_for(expert)} == {"review.expert_assigned", "review.scores_due"}
    assert "applications.round_closing" in {k.code for k in kinds_for(enterprise_user)}
