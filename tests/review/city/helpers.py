"""Helpers of the city tests: quotas, applications walked through the city's real transitions, audit rows."""
import io

from applications.constants import Status
from portal.audit import audit_trail
from review.city import services as city_services
from tests.applications.factories import make_application
from tests.factories import body
from tiers.models import CityQuota, QuotaPlan, Tier


def make_quota(round_, tier_code, finals):
    """A quota plan of ``tier_code`` in ``round_`` with ``finals`` = {city: quota}."""
    plan = QuotaPlan.objects.create(round=round_, tier=Tier.objects.get(code=tier_code), total=sum(finals.values()))
    for city, final in finals.items():
        CityQuota.objects.create(plan=plan, city=city, computed=final)
    return plan


def passed(user, official, *, tier_code="advanced", round_=None):
    """An application of ``user``'s enterprise submitted, its stamped documents uploaded, and passed by
    ``official`` (the real transitions)."""
    app = make_application(user, tier_code=tier_code, state=Status.SUBMITTED, round=round_, stamped=True)
    return city_services.pass_prescreen(app, actor=official)


def audit_rows(obj):
    return list(audit_trail(obj))


def last_audit(obj):
    return audit_rows(obj)[-1]


def workbook_rows(response):
    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]
