"""Password reset by e-mail and password change."""
import re

from django.core import mail

from portal.accounts.models import User


def test_password_reset_sends_a_working_link(client, enterprise_user):
    response = client.post("/accounts/password/reset/", {"email": enterprise_user.email})
    assert response.status_code == 302 and response.url == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [enterprise_user.email]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body

    form_page = client.get(link.group(1), follow=True)
    assert form_page.context["validlink"]
    response = client.post(form_page.redirect_chain[-1][0],
                           {"new_password1": "Neues-Passwort-77", "new_password2": "Neues-Passwort-77"})
    assert response.url == "/accounts/password/reset/done/"
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password("Neues-Passwort-77")
    # A used link does not work twice.
    assert client.get(link.group(1), follow=True).context["validlink"] is False


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302 and response.url == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_password_change_works(client_for, enterprise_user, password):
    client = client_for(enterprise_user)
    response = client.post("/accounts/password/change/", {
        "old_password": password, "new_password1": "Jinan-Quancheng-9", "new_password2": "Jinan-Quancheng-9",
    })
    assert response.status_code == 302 and response.url == "/accounts/password/change/done/"
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password("Jinan-Quancheng-9")
    assert client.get("/enterprise/").status_code == 200  # still logged in


def test_password_change_refuses_a_wrong_old_password_and_weak_new_ones(client_for, enterprise_user, password):
    client = client_for(enterprise_user)
    wrong_old = client.post("/accounts/password/change/", {
        "old_password": "not-it", "new_password1": "Jinan-Quancheng-9", "new_password2": "Jinan-Quancheng-9",
    })
    assert wrong_old.status_code == 200 and wrong_old.context["form"].errors["old_password"]
    weak = client.post("/accounts/password/change/", {
        "old_password": password, "new_password1": "password", "new_password2": "password",
    })
    assert weak.status_code == 200 and weak.context["form"].errors["new_password2"]
    assert User.objects.get(pk=enterprise_user.pk).check_password(password)


def test_password_change_needs_login(client, db):
    assert client.get("/accounts/password/change/").url.startswith("/accounts/login/")
