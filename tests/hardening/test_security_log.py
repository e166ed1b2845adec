"""The security log in the audit trail: each event written once, with who, what and from where;
searchable by admins; append-only."""
import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from portal.models import AuditEntry
from tests.applications.factories import make_application

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def security_rows(verb=None):
    rows = AuditEntry.objects.filter(verb__startswith="security.")
    return list(rows.filter(verb=verb) if verb else rows)


def test_a_sign_in_is_written_once_with_its_address(client, enterprise_user, password):
    client.post(LOGIN, {"username": enterprise_user.username, "password": password}, REMOTE_ADDR="203.0.113.4",
                HTTP_USER_AGENT="Firefox/140")
    (row,) = security_rows("security.signed_in")
    assert row.actor == enterprise_user and row.object_id == str(enterprise_user.pk)
    assert row.after == {"ip": "203.0.113.4", "user_agent": "Firefox/140"}
    client.post("/accounts/logout/")
    assert len(security_rows("security.signed_out")) == 1


def test_a_failed_sign_in_names_the_user_tried_never_the_password(client, enterprise_user):
    client.post(LOGIN, {"username": enterprise_user.username, "password": "Secret-Guess-1"}, REMOTE_ADDR="203.0.113.5")
    client.post(LOGIN, {"username": "nobody-here", "password": "Secret-Guess-2"}, REMOTE_ADDR="203.0.113.5")
    known, unknown = sorted(security_rows("security.sign_in_failed"), key=lambda r: r.pk)
    assert known.actor is None and known.object_id == str(enterprise_user.pk)
    assert known.after["username"] == enterprise_user.username and known.after["ip"] == "203.0.113.5"
    assert unknown.object_id == "" and unknown.after["username"] == "nobody-here"
    assert not AuditEntry.objects.filter(after__icontains="Secret-Guess").exists()
    assert "Secret-Guess" not in str([r.after for r in security_rows()])


def test_the_lockout_is_written_once_and_later_attempts_as_refused(client, enterprise_user, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": enterprise_user.username, "password": "wrong"}, REMOTE_ADDR="203.0.113.6")
    client.post(LOGIN, {"username": enterprise_user.username, "password": password}, REMOTE_ADDR="203.0.113.6")
    assert len(security_rows("security.sign_in_failed")) == settings.AXES_FAILURE_LIMIT - 1
    assert len(security_rows("security.locked_out")) == 1
    assert len(security_rows("security.refused_while_locked")) == 1
    assert not security_rows("security.signed_in")


def test_password_reset_and_change_are_written_once_each(client, client_for, enterprise_user, password):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    client.post("/accounts/password/reset/", {"email": enterprise_user.email}, REMOTE_ADDR="198.51.100.3")
    (asked,) = security_rows("security.password_reset_requested")
    assert asked.object_id == str(enterprise_user.pk) and asked.after["email"] == enterprise_user.email
    uid = urlsafe_base64_encode(force_bytes(enterprise_user.pk))
    page = client.get(f"/accounts/password/reset/{uid}/{default_token_generator.make_token(enterprise_user)}/",
                      follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": "Neues-Passwort-2026", "new_password2": "Neues-Passwort-2026"})
    assert len(security_rows("security.password_reset")) == 1
    enterprise_user.refresh_from_db()
    signed_in = client_for(enterprise_user)
    signed_in.post(reverse("accounts:password_change"), {"old_password": "Neues-Passwort-2026",
                                                         "new_password1": "Noch-Neuer-2027",
                                                         "new_password2": "Noch-Neuer-2027"})
    (changed,) = security_rows("security.password_changed")
    assert changed.actor == enterprise_user


def test_refused_attempts_on_objects_are_written_with_the_path(client_for, enterprise_user, other_enterprise_user,
                                                               expert):
    app = make_application(enterprise_user)
    assert client_for(expert).get(reverse("review:province_inbox")).status_code == 403
    assert client_for(other_enterprise_user).get(reverse("applications:detail", args=[app.pk])).status_code == 404
    forbidden, missing = sorted(security_rows("security.refused"), key=lambda r: r.pk)
    assert forbidden.actor == expert and forbidden.message == "GET /review/province/inbox/"
    assert forbidden.after["status"] == 403
    assert missing.actor == other_enterprise_user and missing.message == f"GET /applications/{app.pk}/"


def test_anonymous_not_found_pages_are_not_logged(client):
    client.get("/no/such/page/")
    client.get("/static/nothing.css")
    assert security_rows("security.refused") == []


def test_admins_find_the_security_events_in_the_audit_log(client, client_for, enterprise_user, admin_user):
    client.post(LOGIN, {"username": enterprise_user.username, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    page = client_for(admin_user).get(reverse("audit_log"), {"verb": "security."})
    entries = list(page.context["page"].object_list) if hasattr(page.context["page"], "object_list") else []
    assert page.status_code == 200 and "security.sign_in_failed" in page.content.decode()
    assert all(e.verb.startswith("security.") for e in entries)


def test_the_audit_trail_is_append_only(client, enterprise_user, password):
    client.post(LOGIN, {"username": enterprise_user.username, "password": password})
    (row,) = security_rows("security.signed_in")
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=row.pk).update(message="edited")
    from django.db import connection

    if connection.vendor == "postgresql":  # SQLite's test databases are emptied row by row: no DELETE trigger
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=row.pk).delete()
    row.refresh_from_db()
    assert row.message == ""
