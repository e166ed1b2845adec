"""The enterprise's users are told of each transition someone else makes on its application, through
the notification centre (``portal.notifications``): in the portal and by e-mail, once per event whatever
the retries and redeliveries; its own submissions tell it nothing."""
import pytest
from django.core import mail

from applications import services
from applications.constants import Status
from applications.tasks import notify_enterprise_of_transition
from portal.models import AuditEntry, Notification
from tests.applications.factories import make_application


@pytest.fixture
def submitted(enterprise_user):
    return make_application(enterprise_user, state=Status.SUBMITTED)


def test_a_return_notifies_the_enterprise_in_chinese_with_a_link(submitted, enterprise_user, jinan_official,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(submitted, actor=jinan_official, comments={"outcomes": "请补充建设成效数据。"})
    (message,) = mail.outbox
    assert message.to == [enterprise_user.email]
    assert "退回" in message.subject
    assert f"/applications/{submitted.pk}/" in message.body
    (notification,) = Notification.objects.filter(user=enterprise_user)
    assert notification.kind == "applications.status" and notification.url == f"/applications/{submitted.pk}/"


def test_the_enterprise_own_submission_sends_nothing(enterprise_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_application(enterprise_user, state=Status.SUBMITTED)
    assert mail.outbox == [] and not Notification.objects.exists()


def test_the_handler_run_twice_notifies_once(submitted, enterprise_user, jinan_official,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(submitted, actor=jinan_official, comments={"outcomes": "请补充。"})
    entry = AuditEntry.objects.filter(verb__contains="return").latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        notify_enterprise_of_transition(entry.pk)  # a redelivered or re-dispatched message runs it again
        notify_enterprise_of_transition(entry.pk)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=enterprise_user, key=f"audit:{entry.pk}").count() == 1


def test_the_email_is_sent_once_across_retries_and_redeliveries(submitted, enterprise_user, jinan_official, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    """SMTP fails on the first attempt (the outbox retries), then the delivery task is redelivered
    (a worker lost after sending): one e-mail, one notification."""
    from portal import notifications, outbox
    from portal.models import OutboxMessage
    from portal.tasks import deliver

    real_send, calls = notifications.send_mail, []

    def flaky_send(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("smtp down")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(notifications, "send_mail", flaky_send)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(submitted, actor=jinan_official, comments={"outcomes": "请补充。"})
    message = OutboxMessage.objects.get(handler="portal.email_notification")
    assert message.done_at is not None and message.attempts == 2
    deliver.apply((message.pk,))
    assert outbox.deliver(message.pk).result == "done"
    assert len(mail.outbox) == 1 and len(calls) == 2
    assert Notification.objects.filter(user=enterprise_user).count() == 1
