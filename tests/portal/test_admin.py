"""The Django admin: reachable for the admin role only, and every model of ours is registered."""
import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

OUR_APPS = ["portal", "accounts", "tiers", "applications", "review"]


def _our_models():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            # simple_history's Historical* models are shown through their model's history view.
            if model.__name__.startswith("Historical") and hasattr(model, "instance_type"):
                continue
            yield model


def test_every_model_of_our_apps_is_registered():
    missing = [model._meta.label for model in _our_models() if not admin.site.is_registered(model)]
    assert missing == []


def test_admin_role_reaches_the_admin_and_every_changelist(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get("/django-admin/").status_code == 200
    for model in _our_models():
        if admin.site.is_registered(model):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db  # personas come via getfixturevalue: declare the db for pytest-django's ordering
@pytest.mark.parametrize("persona", ["enterprise_user", "jinan_official", "provincial_officer", "expert"])
def test_other_roles_are_kept_out_of_the_admin(persona, request, client_for):
    response = client_for(request.getfixturevalue(persona)).get("/django-admin/")
    assert response.status_code == 302
    assert response.url.startswith("/django-admin/login/")
