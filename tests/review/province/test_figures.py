"""The province and the experts read the application's finances and outcome indicators, and the score
sheet carries them (from the submitted version the experts scored)."""
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import body

pytestmark = pytest.mark.django_db


def test_the_province_and_the_expert_see_the_figures(client_for, enterprise_user, provincial_officer, experts, rubric):
    from review.models import ExpertAssignment
    from tests.review.province.helpers import under_review

    app = under_review(enterprise_user, provincial_officer, experts)
    page = client_for(provincial_officer).get(reverse("review:province_application", args=[app.pk])).content.decode()
    assert 'id="financial-figures"' in page and "61250.75" in page and "25.0%" in page
    assignment = ExpertAssignment.objects.filter(application=app).first()
    page = client_for(assignment.expert).get(reverse("review:expert_score", args=[assignment.pk])).content.decode()
    assert 'id="financial-figures"' in page and "61250.75" in page and "-52.0%" in page


def test_the_score_sheet_carries_the_figures_of_the_scored_version(client_for, enterprise_user, provincial_officer,
                                                                    experts, rubric):
    from tests.review.province.helpers import approved

    app = approved(enterprise_user, provincial_officer, experts)
    export = client_for(provincial_officer).get(reverse("review:ranking"), {
        "round": app.round_id, "tier": app.tier_id, "export": "xlsx"})
    header, row = list(load_workbook(BytesIO(body(export))).active.iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert cells["2023 Operating income (10,000 yuan)"] == 52000
    assert cells["2024 Total profit (10,000 yuan)"] == -420
    assert cells["2025 R&D spending (10,000 yuan)"] == 2650.25
    assert cells["Production efficiency change (%)"] == 25
    assert cells["Energy per unit of output change (%)"] == -16.7
    assert row[0] == 1 and row[1] == app.enterprise.name
