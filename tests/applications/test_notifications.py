import pytest
from django.core import mail

from applications import services
from applications.constants import Status
from applications.models import Notification
from applications.tasks import notify_enterprise_task
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


def test_notification_task_run_twice_sends_once(submitted, jinan_official, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_revision(submitted, actor=jinan_official, comments={"outcomes": "请补充。"})
    entry = AuditEntry.objects.filter(verb__contains="return").latest("pk")
    notify_enterprise_task.delay(entry.pk)
    notify_enterprise_task.delay(entry.pk)
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
