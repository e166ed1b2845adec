"""One permission mechanism: django-rules predicates asked by name, plus selectors scoped to the user.

Every registered permission is asked somewhere (by a lifecycle's transition, a view, a service or a
template), and no code outside ``portal.accounts.permissions`` spells out a role tuple again.
"""
import pathlib
import re

import pytest
import rules
from rules.permissions import permissions as registered

from portal.lifecycle import lifecycles

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGES = ("portal", "applications", "review", "tiers")


def sources():
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                yield path, path.read_text(encoding="utf-8")


def test_every_registered_permission_is_asked_somewhere():
    asked = {t.permission for lifecycle in lifecycles() for t in lifecycle.transitions.values()}
    text = "\n".join(body for _path, body in sources())
    for name in registered:
        if name.startswith(("tests.",)) or name in asked:
            continue
        uses = len(re.findall(re.escape(f'"{name}"'), text))
        assert uses >= 2, f"{name} is registered but nothing asks for it"


def test_provincial_officer_or_admin_is_said_once():
    offenders = [str(path.relative_to(ROOT)) for path, body in sources()
                 if "Role.PROVINCIAL_OFFICER, Role.ADMIN" in body or "Role.ADMIN, Role.PROVINCIAL_OFFICER" in body]
    assert offenders == ["portal/accounts/permissions.py"]


def test_views_use_the_one_guard():
    offenders = [str(path.relative_to(ROOT)) for path, body in sources() if "role_required" in body]
    assert offenders == []


@pytest.mark.django_db
def test_an_admin_superuser_is_not_granted_what_only_an_enterprise_may_do(admin_user):
    """Django says yes to any has_perm of a superuser; the portal asks the predicates themselves."""
    assert admin_user.is_superuser and admin_user.has_perm("applications.submit")
    assert not rules.has_perm("applications.submit", admin_user, None)
