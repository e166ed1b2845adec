"""Admins create the accounts of officials, experts and other admins; the person sets a password by e-mail."""
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail

from portal.accounts.constants import Role
from portal.accounts.models import User
from portal.models import AuditEntry

URL = "/accounts/staff/new/"


def _data(**overrides):
    return {"username": "zibo_official", "first_name": "伟", "last_name": "张", "email": "zhang.wei@zibo.example.gov.cn",
            "phone": "0533-2188888", "role": Role.CITY_OFFICIAL, "city": "", "organisation": "淄博市工业和信息化局",
            **overrides}


@pytest.mark.django_db  # personas come via getfixturevalue: declare the db for pytest-django's ordering
@pytest.mark.parametrize("persona", ["enterprise_user", "jinan_official", "provincial_officer", "expert"])
def test_only_admins_may_open_the_staff_pages(persona, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(role=Role.ADMIN)).status_code == 403
    assert client.get("/accounts/staff/").status_code == 403
    assert not User.objects.filter(username="zibo_official").exists()


def test_visitors_are_sent_to_log_in(client, db):
    assert client.get(URL).url.startswith("/accounts/login/")


def test_admin_creates_a_city_official_who_sets_a_password_by_e_mail(client_for, admin_user, django_capture_on_commit_callbacks):
    from tests.factories import city

    zibo = city("370300")
    client = client_for(admin_user)
    assert client.get(URL).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _data(city=zibo.pk))

    assert response.status_code == 302
    user = User.objects.get(username="zibo_official")
    assert user.role == Role.CITY_OFFICIAL and user.city == zibo
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    entry = AuditEntry.objects.get(verb="accounts.staff_created")
    assert entry.actor == admin_user and entry.object_id == str(user.pk)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhang.wei@zibo.example.gov.cn"]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body)
    assert link, message.body

    # The link works: the person chooses a password and can then log in.
    client.logout()
    # The link is on the portal's own address (SITE_URL), not on whatever host the admin used.
    assert link.group(0).startswith(settings.SITE_URL.rstrip("/") + "/")
    path = urlsplit(link.group(0)).path
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": "Linzi-Gongxin-2025", "new_password2": "Linzi-Gongxin-2025"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Linzi-Gongxin-2025")


def test_a_city_official_needs_a_city(client_for, admin_user):
    response = client_for(admin_user).post(URL, _data(city=""))
    assert response.status_code == 200
    assert response.context["form"].errors["city"]
    assert not User.objects.filter(username="zibo_official").exists()
    assert not mail.outbox


def test_an_admin_account_gets_full_rights_and_no_city(client_for, admin_user, jinan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(URL, _data(username="second_admin", role=Role.ADMIN, city=jinan.pk))
    assert response.status_code == 302
    user = User.objects.get(username="second_admin")
    assert user.is_staff and user.is_superuser and user.city is None
    assert len(mail.outbox) == 1


def test_enterprise_role_cannot_be_created_here(client_for, admin_user):
    response = client_for(admin_user).post(URL, _data(role=Role.ENTERPRISE))
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
