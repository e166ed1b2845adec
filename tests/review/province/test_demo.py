"""The province's demo: takes the city demo's recommendation to a public notice, and is safe to rerun."""
from io import StringIO

import pytest
from django.core.management import call_command

from applications.constants import Status
from applications.models import Application
from portal.models import AuditEntry
from review.models import ExpertAssignment, NoticeEntry
from tiers.constants import Authority

pytestmark = pytest.mark.django_db


def test_demo_takes_the_recommendation_to_a_notice_and_reruns_without_change(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"
    out = StringIO()
    call_command("demo_data", stdout=out)
    app = Application.objects.filter(tier__authority=Authority.PROVINCE).exclude(
        status__in=[Status.DRAFT, Status.SUBMITTED, Status.CITY_PASSED, Status.WITHDRAWN]).order_by("pk").first()
    assert app is not None, out.getvalue()  # the city demo recommended one
    assert app.status == Status.IN_NOTICE and NoticeEntry.objects.filter(application=app).exists()
    sheets = ExpertAssignment.objects.filter(application=app)
    assert sheets.exists() and all(s.submitted_at for s in sheets)
    # A full panel of three, none from the enterprise's own city (expert_li works in 济南).
    assert {s.expert.username for s in sheets} == {"expert_zhao", "expert_wang", "expert_chen"}
    rows = AuditEntry.objects.filter(verb__startswith="review.").count()
    call_command("demo_data", stdout=StringIO())
    app.refresh_from_db()
    assert app.status == Status.IN_NOTICE and NoticeEntry.objects.count() == 1
    assert AuditEntry.objects.filter(verb__startswith="review.").count() == rows
