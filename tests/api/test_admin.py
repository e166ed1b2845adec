"""An admin issues tokens on the admin's own page (shown once) and revokes them with the list's action,
each with one audit row; nobody else can."""
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from portal.api.models import ApiToken
from portal.api.tokens import digest
from portal.models import AuditEntry

pytestmark = pytest.mark.django_db
ISSUE = "admin:portal_apitoken_issue"


def test_an_admin_issues_a_token_shown_once_and_stored_as_a_hash(client_for, admin_user, jinan, api):
    client = client_for(admin_user)
    assert "sdzn_" not in client.get(reverse(ISSUE)).content.decode()

    response = client.post(reverse(ISSUE), {"client": "济南市大数据局", "scopes": ["read_city_applications"],
                                            "city": jinan.pk, "expires_at": ""})

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    raw = response.context["raw"]
    assert raw in response.content.decode()
    token = ApiToken.objects.get()
    assert token.token_hash == digest(raw) and token.city == jinan and token.created_by == admin_user
    assert AuditEntry.objects.filter(verb="api.token_issued", object_id=str(token.pk)).count() == 1
    # Nowhere to read it again: the list and the record show the prefix only.
    for url in (reverse("admin:portal_apitoken_changelist"), reverse("admin:portal_apitoken_change", args=[token.pk])):
        page = client.get(url).content.decode()
        assert token.prefix in page and raw not in page
    assert api.get("/api/v1/quotas/", raw).status_code == 200


def test_a_city_scope_without_a_city_is_a_form_error(client_for, admin_user):
    response = client_for(admin_user).post(reverse(ISSUE), {"client": "x", "scopes": ["read_city_applications"]})

    assert response.status_code == 200 and response.context["form"].errors
    assert not ApiToken.objects.exists() and not AuditEntry.objects.filter(verb="api.token_issued").exists()


def test_an_admin_revokes_tokens_each_with_one_audit_row(client_for, admin_user, token_for, api):
    raws = [token_for(["read_register"]), token_for(["read_support_list"])]
    tokens = list(ApiToken.objects.order_by("pk"))

    client_for(admin_user).post(reverse("admin:portal_apitoken_changelist"), {
        "action": "revoke", ACTION_CHECKBOX_NAME: [t.pk for t in tokens]})

    assert all(t.revoked_at and t.revoked_by == admin_user for t in ApiToken.objects.all())
    assert AuditEntry.objects.filter(verb="api.token_revoked").count() == 2
    assert all(api.get("/api/v1/register/", raw).status_code == 401 for raw in raws)


def test_only_an_admin_issues_tokens(client_for, provincial_officer):
    provincial_officer.is_staff = True
    provincial_officer.save()
    response = client_for(provincial_officer).post(reverse(ISSUE), {"client": "x", "scopes": ["read_register"]})

    assert response.status_code in (302, 403) and not ApiToken.objects.exists()
