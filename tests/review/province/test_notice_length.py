"""A public notice (公示) runs at least ``NOTICE_WORKING_DAYS`` working days (5), counted on the
working-day calendar: the form and ``publish_notice`` both refuse a shorter one, saying the working days
and the earliest end; and a notice reaching a year whose holidays are not loaded is refused."""
import datetime

import pytest
import time_machine
from django.utils import translation
from django.utils.formats import date_format

from applications.constants import Status
from applications.models import Application
from portal.errors import ActionRefused
from review.models import PublicNotice
from review.province import services
from review.province.forms import NoticeForm
from tests.clock import morning
from tests.review.province.helpers import OBJECTIONS, approved

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def on_28_september_2026():
    with time_machine.travel(morning(D(2026, 9, 28)), tick=False), translation.override("zh-hans"):
        yield


def _publish(app, officer, starts_on, ends_on):
    return services.publish_notice(**OBJECTIONS, round=app.round, tier=app.tier, applications=[app], title="公示",
                                   starts_on=starts_on, ends_on=ends_on, actor=officer)


def _form(app, starts_on, ends_on):
    return NoticeForm(data={"round": app.round.pk, "tier": app.tier.pk, "title": "公示", "applications": [app.pk],
                            "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat() if ends_on else "",
                            "objection_contact": OBJECTIONS["objection_contact"],
                            "objection_address": OBJECTIONS["objection_address"]},
                      approved=Application.objects.filter(pk=app.pk))


def test_a_one_day_notice_is_refused_with_the_earliest_end(on_28_september_2026, enterprise_user, provincial_officer,
                                                          experts, rubric):
    app = approved(enterprise_user, provincial_officer, experts)
    # 29 and 30 September, then the National Day holiday (1-7 October), 8, 9 and Saturday 10 October worked.
    earliest = date_format(D(2026, 10, 10), "DATE_FORMAT")
    with pytest.raises(ActionRefused) as refused:
        _publish(app, provincial_officer, D(2026, 9, 29), D(2026, 9, 29))
    assert "5个工作日" in str(refused.value) and earliest in str(refused.value)
    with pytest.raises(ActionRefused):
        _publish(app, provincial_officer, D(2026, 9, 29), D(2026, 10, 9))
    app.refresh_from_db()
    assert app.status == Status.APPROVED and not PublicNotice.objects.exists()

    notice = _publish(app, provincial_officer, D(2026, 9, 29), D(2026, 10, 10))
    assert (notice.starts_on, notice.ends_on) == (D(2026, 9, 29), D(2026, 10, 10))


def test_the_form_refuses_a_short_notice_and_fills_in_the_minimum(on_28_september_2026, enterprise_user,
                                                                 provincial_officer, experts, rubric):
    app = approved(enterprise_user, provincial_officer, experts)
    form = _form(app, D(2026, 9, 29), D(2026, 9, 30))
    assert not form.is_valid()
    assert "5个工作日" in str(form.errors["ends_on"]) and date_format(D(2026, 10, 10), "DATE_FORMAT") in str(
        form.errors["ends_on"])
    form = _form(app, D(2026, 9, 29), None)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ends_on"] == D(2026, 10, 10)


def test_the_minimum_is_configuration(on_28_september_2026, settings, enterprise_user, provincial_officer, experts,
                                      rubric):
    settings.NOTICE_WORKING_DAYS = 7
    app = approved(enterprise_user, provincial_officer, experts)
    with pytest.raises(ActionRefused, match="7个工作日"):
        _publish(app, provincial_officer, D(2026, 9, 29), D(2026, 10, 10))
    assert _publish(app, provincial_officer, D(2026, 9, 29), D(2026, 10, 13)).ends_on == D(2026, 10, 13)


def test_a_notice_into_a_year_not_loaded_is_refused_by_the_form_and_the_service(enterprise_user, provincial_officer,
                                                                                experts, rubric):
    with time_machine.travel(morning(D(2026, 12, 1)), tick=False):
        app = approved(enterprise_user, provincial_officer, experts)
    with time_machine.travel(morning(D(2026, 12, 28)), tick=False):
        with pytest.raises(ActionRefused, match="2027"):
            _publish(app, provincial_officer, D(2026, 12, 28), D(2027, 1, 8))
        form = _form(app, D(2026, 12, 28), D(2027, 1, 8))
        assert not form.is_valid() and "2027" in str(form.errors)
        assert NoticeForm(approved=Application.objects.none()).initial.get("ends_on") is None  # no crash
