"""`manage.py demo_data`: enterprises in several cities, one account for every role, idempotent."""
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import password_validation
from django.core.management import call_command

from portal.accounts import credit_code as cc
from portal.accounts.constants import Role
from portal.accounts.models import Enterprise, User
from portal.management.commands import demo_data

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def run_demo(db, monkeypatch):
    # The other apps' demo modules are theirs to test; here only the accounts part runs.
    monkeypatch.setattr(demo_data, "OTHER_APPS", [])

    def run():
        out = StringIO()
        call_command("demo_data", stdout=out)
        return out.getvalue()

    return run


def test_demo_data_creates_every_role_and_enterprises_in_three_cities(run_demo):
    output = run_demo()

    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    officials = User.objects.filter(role=Role.CITY_OFFICIAL)
    assert {u.city.name_zh for u in officials} == {"济南", "青岛", "淄博"}
    assert User.objects.filter(role=Role.EXPERT).count() == 4  # enough for a panel of three outside any one city
    admin = User.objects.get(role=Role.ADMIN)
    assert admin.is_staff and admin.is_superuser
    assert Enterprise.objects.values("city").distinct().count() >= 3
    for enterprise in Enterprise.objects.all():
        cc.validate_credit_code(enterprise.credit_code)
        assert enterprise.users.filter(role=Role.ENTERPRISE).exists()
    for user in User.objects.all():
        assert user.check_password(demo_data.DEMO_PASSWORD)
        assert user.username in output
    assert output.count(demo_data.DEMO_PASSWORD) == User.objects.count()


def test_the_former_laiwu_enterprise_is_in_jinan(run_demo):
    run_demo()
    laiwu = Enterprise.objects.get(credit_code__startswith="913712")
    assert laiwu.city.code == "370100"


def test_demo_password_satisfies_the_validators_for_every_account(run_demo):
    run_demo()
    for user in User.objects.all():
        password_validation.validate_password(demo_data.DEMO_PASSWORD, user)


def test_demo_data_is_idempotent_and_restores_the_documented_password(run_demo):
    run_demo()
    counts = (User.objects.count(), Enterprise.objects.count())
    admin = User.objects.get(username="admin")
    admin.set_password("Something-else-1")
    admin.save()

    run_demo()

    assert (User.objects.count(), Enterprise.objects.count()) == counts
    admin.refresh_from_db()
    assert admin.check_password(demo_data.DEMO_PASSWORD)


def test_demo_accounts_can_log_in(run_demo, client):
    run_demo()
    response = client.post("/accounts/login/", {"username": "city_qingdao", "password": demo_data.DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").url == "/city/"


def test_the_other_apps_demo_modules_are_called_when_present(db, monkeypatch):
    import importlib.machinery
    import sys
    import types

    calls = []
    module = types.ModuleType("portal_fake_demo")
    module.__spec__ = importlib.machinery.ModuleSpec("portal_fake_demo", None)
    module.run = lambda stdout: calls.append(stdout)
    monkeypatch.setitem(sys.modules, "portal_fake_demo", module)
    monkeypatch.setattr(demo_data, "OTHER_APPS", ["portal_fake_demo", "no_such_app.demo"])
    out = StringIO()

    call_command("demo_data", stdout=out)

    assert len(calls) == 1
    assert "no_such_app.demo not present yet: skipped" in out.getvalue()


def test_readme_lists_the_same_accounts_and_password(run_demo):
    readme = (ROOT / "README.md").read_text()
    readme = readme[readme.index("### Demo accounts"):readme.index("## Production")]
    table = {m.group(1) for m in re.finditer(r"^\| `(\w+)` \|", readme, re.MULTILINE)}
    usernames = {row[0] for row in demo_data.ENTERPRISES} | {row[0] for row in demo_data.STAFF}
    assert table == usernames
    assert demo_data.DEMO_PASSWORD in readme
