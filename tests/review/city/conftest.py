"""Fixtures of the city side: evidence in a throw-away directory, applications in each city state,
quota plans, and more 济南 enterprises to fill a quota."""
import pytest

from applications.constants import Status
from tests.applications.factories import give_title, make_application, open_round
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, make_credit_code

from .helpers import make_quota


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def round_(db):
    return open_round()


@pytest.fixture
def submitted_basic(enterprise_user, round_):
    return make_application(enterprise_user, tier_code="basic", state=Status.SUBMITTED, round=round_,
                            stamped=True)


@pytest.fixture
def submitted_advanced(enterprise_user, round_):
    give_title(enterprise_user.enterprise, "basic")
    return make_application(enterprise_user, tier_code="advanced", state=Status.SUBMITTED, round=round_,
                            stamped=True)


@pytest.fixture
def jinan_enterprise_users(jinan):
    """``jinan_enterprise_users(n)``: n more enterprises in 济南, each with a user and an active basic title."""
    def make(n):
        users = []
        for i in range(n):
            enterprise = EnterpriseFactory(city=jinan, credit_code=make_credit_code("370103", 500 + i),
                                           name=f"济南测试制造有限公司{i}", district="历城区" if i % 2 else "章丘区")
            give_title(enterprise, "basic")
            users.append(EnterpriseUserFactory(username=f"jinan_e{i}", enterprise=enterprise))
        return users

    return make


@pytest.fixture
def advanced_quota(round_, jinan):
    """济南's quota of 1 for the advanced tier in the test round."""
    return make_quota(round_, "advanced", {jinan: 1})
