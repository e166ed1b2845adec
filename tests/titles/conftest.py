from tests.review.province.conftest import experts, rubric  # noqa: F401 - the province's fixtures
