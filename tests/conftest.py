"""Personas shared by every test: an enterprise in 济南, officials of 济南 and 青岛 (the 青岛 one is
always refused on 济南's work), an expert, a provincial officer and an admin."""
import os

import pytest

from tests.factories import PASSWORD, EnterpriseFactory, EnterpriseUserFactory, UserFactory, city

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + ORM in browser tests

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def jinan(db):
    return city("370100")


@pytest.fixture
def qingdao(db):
    return city("370200")


@pytest.fixture
def enterprise(db, jinan):
    return EnterpriseFactory(city=jinan, name="济南智造装备有限公司")


@pytest.fixture
def enterprise_user(enterprise):
    return EnterpriseUserFactory(username="jinan_enterprise", enterprise=enterprise)


@pytest.fixture
def other_enterprise_user(qingdao):
    from tests.factories import make_credit_code

    other = EnterpriseFactory(city=qingdao, name="青岛海洋智能制造有限公司", credit_code=make_credit_code("370202", 99))
    return EnterpriseUserFactory(username="qingdao_enterprise", enterprise=other)


@pytest.fixture
def jinan_official(jinan):
    return UserFactory(username="jinan_official", city_official=True, city=jinan)


@pytest.fixture
def qingdao_official(qingdao):
    return UserFactory(username="qingdao_official", city_official=True, city=qingdao)


@pytest.fixture
def provincial_officer(db):
    return UserFactory(username="province_officer", provincial_officer=True)


@pytest.fixture
def expert(db):
    return UserFactory(username="expert_one", expert=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="portal_admin", admin=True)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as ``user``."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


# Browser tests: pytest-playwright drives Debian's Chromium (Playwright cannot download its own here).
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            "args": CHROMIUM_ARGS, "headless": True}
