"""The province's score sheet of one round and tier (评分汇总表), read cell by cell: each expert's total is
a number under a column of its own, the means and the final score are numbers, who scored is named in a
last column the department may cut off; and only the department gets the sheet."""
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from review.models import ExpertAssignment
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, body, make_credit_code
from tests.review.province.helpers import approved, submit_all, under_review

pytestmark = pytest.mark.django_db

FIGURES = 3 * 3 + 5  # the three years' operating income, profit and R&D spending; the five indicators' changes


def score_sheet(client, app):
    client.cookies["django_language"] = "en"
    return client.get(reverse("review:ranking"), {"round": app.round_id, "tier": app.tier_id, "export": "xlsx"})


def read(response):
    assert response.status_code == 200
    return [list(row) for row in load_workbook(BytesIO(body(response))).active.iter_rows(values_only=True)]


def scores(app):
    return list(ExpertAssignment.objects.filter(application=app, submitted_at__isnull=False, withdrawn_at__isnull=True)
                .select_related("expert").order_by("submitted_at", "pk"))


@pytest.fixture
def two_in_review(enterprise_user, jinan, provincial_officer, experts, rubric):
    """One application approved on three scores, one still under review with two of its three in."""
    first = approved(enterprise_user, provincial_officer, experts)
    other = EnterpriseUserFactory(username="jinan_second", enterprise=EnterpriseFactory(
        city=jinan, name="济南第二智能装备有限公司", credit_code=make_credit_code("370112", 321)))
    second = under_review(other, provincial_officer, experts, round=first.round)
    submit_all(second, ["0.6", "0.7"])
    return first, second


def test_each_experts_total_is_a_number_under_a_column_of_its_own(two_in_review, provincial_officer, client_for):
    first, second = two_in_review
    header, *rows = read(score_sheet(client_for(provincial_officer), first))
    assert header[:12] == ["Rank", "Enterprise", "Unified social credit code", "City", "Status", "Expert 1",
                           "Expert 2", "Expert 3", "Scores submitted", "Mean", "Trimmed mean", "Final score"]
    assert header[12] == "2023 Operating income (10,000 yuan)" and header[11 + FIGURES] == \
        "Energy per unit of output change (%)"
    assert header[-1] == "Experts, in the order of the expert columns" and len(header) == 12 + FIGURES + 1
    by_name = {row[1]: row for row in rows}
    assert list(by_name) == [first.enterprise.name, second.enterprise.name]  # in rank order: 0.85 before 0.65

    row, given = by_name[first.enterprise.name], scores(first)
    assert row[:5] == [1, first.enterprise.name, first.enterprise.credit_code, "济南", "Approved"]
    assert row[5:8] == [float(a.total) for a in given]
    numbers = row[5:10] + row[11:12]  # the scores, how many, the mean, the final score
    assert all(isinstance(cell, (int, float)) for cell in numbers)  # numbers, never "name: total" text
    assert row[8] == 3 and row[9] == pytest.approx(float(sum(a.total for a in given)) / 3, abs=0.01)
    assert row[10] is None and row[11] == row[9]  # under five scores nothing is trimmed: the mean ranks
    assert row[-1] == "；".join(a.expert.get_full_name() for a in given)

    row, given = by_name[second.enterprise.name], scores(second)
    assert row[:5] == [2, second.enterprise.name, second.enterprise.credit_code, "济南", "Under expert review"]
    assert row[5:7] == [float(a.total) for a in given] and row[7] is None  # the third expert has not scored
    assert row[8] == 2
    assert row[-1] == "；".join(a.expert.get_full_name() for a in given)


@pytest.mark.parametrize("persona", ["jinan_official", "enterprise_user", "expert"])
def test_the_score_sheet_is_refused_to_all_but_the_department(persona, request, two_in_review, client_for):
    response = score_sheet(client_for(request.getfixturevalue(persona)), two_in_review[0])
    assert response.status_code == 403
    assert not response.get("Content-Type", "").startswith("application/vnd.openxmlformats")
