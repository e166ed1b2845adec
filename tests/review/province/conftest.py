"""Fixtures of the province's tests: a rubric, three eligible experts, and applications at each stage."""
import pytest

from tests.factories import UserFactory, city
from tests.review.province.helpers import default_rubrics


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Evidence and certificates go to a throw-away directory."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def rubric(db):
    return default_rubrics()


@pytest.fixture
def experts(expert, qingdao):
    """Three experts eligible for a 济南 enterprise: none of 济南, none with a conflict."""
    expert.first_name, expert.last_name = "甲专家", "欧阳"
    expert.save(update_fields=["first_name", "last_name"])
    two = UserFactory(username="expert_two", expert=True, city=qingdao, first_name="乙专家", last_name="司马",
                      organisation="中国海洋大学")
    three = UserFactory(username="expert_three", expert=True, city=city("370600"), first_name="丙专家",
                        last_name="诸葛", organisation="烟台大学")
    return [expert, two, three]
