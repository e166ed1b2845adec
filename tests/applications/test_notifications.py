import pytest
from django.core import mail

from applications import services
from applications.constants import Status
from applications.models import Notification
from applications.tasks import notify_enterprise_of_transition
from portal.models import AuditEntry
from tests.applications.factories import make_application


@pytest.fixture
def submitted(enterprise_user):
    return make_application(enterprise_user, state=Status.SUBMITTED)


def test_a_return_emails_the_enterprise_in_chinese_with_a_link(submitted, jinan_official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(submitted, actor=jinan_official, comments={"outcomes": "请补充建设成效数据。"})
    (message,) = mail.outbox
    assert message.to == [submitted.enterprise.contact_email]
    assert "已退回" in message.subject or "退回" in message.subject
    assert f"/applications/{submitted.pk}/" in message.body
    assert Notification.objects.filter(application=submitted).count() == 1


def test_the_enterprise_own_submission_sends_nothing(enterprise_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_application(enterprise_user, state=Status.SUBMITTED)
    assert mail.outbox == []


def test_notification_handler_run_twice_sends_once(submitted, jinan_official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(submitted, actor=jinan_official, comments={"outcomes": "请补充。"})
    entry = AuditEntry.objects.filter(verb__contains="return").latest("pk")
    notify_enterprise_of_transition(entry.pk)  # a redelivered or re-dispatched message runs it again
    notify_enterprise_of_transition(entry.pk)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(audit_entry=entry).count() == 1


def test_a_failed_send_leaves_no_record_so_the_retry_sends(submitted, jinan_official, monkeypatch):
    from applications import notifications

    services.return_for_revision(submitted, actor=jinan_official, comments={"outcomes": "请补充。"})
    entry = AuditEntry.objects.filter(verb__contains="return").latest("pk")
    monkeypatch.setattr(notifications, "send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("smtp down")))
    with pytest.raises(OSError):
        notifications.notify_enterprise(entry)
    assert not Notification.objects.filter(audit_entry=entry).exists()
    monkeypatch.undo()
    notifications.notify_enterprise(entry)
    assert len(mail.outbox) == 1


def test_the_email_is_sent_once_across_retries_and_redeliveries(submitted, jinan_official, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    """SMTP fails on the first attempt (the outbox retries), then the delivery task is redelivered twice
    (a worker lost after sending, a re-dispatch by the sweep): one e-mail, one notification row."""
    from applications import notifications
    from portal import outbox
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
    message = OutboxMessage.objects.get(handler="applications.notify_enterprise")
    assert message.done_at is not None and message.attempts == 2
    deliver.apply((message.pk,))
    assert outbox.deliver(message.pk).result == "done"
    assert len(mail.outbox) == 1 and len(calls) == 2
    assert Notification.objects.filter(application=submitted).count() == 1
