"""Objections belong to the public notice: recorded only while the application is in notice, refused
once it is certified (then revocation, Art. 15), and an upheld one stops the certification."""
import pytest
from django.utils import timezone

from applications.constants import Status
from applications.workflow import perform
from portal.errors import ActionRefused
from review.models import Objection, ObjectionKind, ObjectionStatus
from review.province import services
from tests.factories import force_save
from tiers.titles.models import Title

from .helpers import in_notice, last_audit, move_notice

pytestmark = pytest.mark.django_db


def record(app, officer, notice):
    return services.record_objection(
        notice=notice, application=app, kind=ObjectionKind.PERSON, objector_name="王实名",
        objector_contact="13800000000", received_on=notice.starts_on, content="申报的生产作业数据与实际不符。",
        actor=officer)


def test_an_objection_after_certification_is_refused_pointing_to_revocation(enterprise_user, provincial_officer,
                                                                            experts, rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = move_notice(app, starts_ago=9, ends_ago=1)
    app = perform(app, "certify", actor=provincial_officer)
    # A letter received during the notice but recorded only now, after certification:
    with pytest.raises(ActionRefused) as refused:
        record(app, provincial_officer, notice)
    assert refused.value.article == "Art. 15"
    assert "revoke the title" in refused.value.message
    assert not Objection.objects.exists()
    assert last_audit(app).verb == "review.certified"


def test_a_late_letter_is_still_recorded_while_the_application_awaits_certification(enterprise_user,
                                                                                   provincial_officer, experts,
                                                                                   rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = move_notice(app, starts_ago=9, ends_ago=1)  # notice over, not yet certified: still in notice
    objection = record(app, provincial_officer, notice)
    assert objection.status == ObjectionStatus.OPEN
    assert last_audit(objection).verb == "review.objection_recorded"
    with pytest.raises(ActionRefused, match="still open"):
        perform(app, "certify", actor=provincial_officer)


def test_no_objection_once_the_application_was_rejected_after_one(enterprise_user, provincial_officer, experts,
                                                                  rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = app.notice_entry.notice
    services.resolve_objection(record(app, provincial_officer, notice), status=ObjectionStatus.UPHELD,
                               resolution="经核查，数据不实。", actor=provincial_officer)
    with pytest.raises(ActionRefused, match="only while the application is in public notice"):
        record(app, provincial_officer, notice)
    assert Objection.objects.count() == 1


def test_an_upheld_objection_during_the_notice_blocks_certification(enterprise_user, provincial_officer, experts,
                                                                    rubric):
    app = in_notice(enterprise_user, provincial_officer, experts)
    objection = record(app, provincial_officer, app.notice_entry.notice)
    services.resolve_objection(objection, status=ObjectionStatus.UPHELD, resolution="经核查，数据不实。",
                               actor=provincial_officer)
    app.refresh_from_db()
    assert app.status == Status.REJECTED
    row = last_audit(app)
    assert row.verb == "review.rejected_after_objection" and row.after["objection"] == objection.pk
    move_notice(app, starts_ago=9, ends_ago=1)
    with pytest.raises(ActionRefused):
        perform(app, "certify", actor=provincial_officer)
    assert not Title.objects.filter(enterprise=app.enterprise, tier=app.tier).exists()


def test_certify_itself_refuses_while_an_upheld_objection_stands(enterprise_user, provincial_officer, experts,
                                                                 rubric):
    """The certify guard on its own, should an upheld objection stand beside an application still in notice."""
    app = in_notice(enterprise_user, provincial_officer, experts)
    notice = move_notice(app, starts_ago=9, ends_ago=1)
    force_save(Objection(notice=notice, application=app, kind=ObjectionKind.PERSON, objector_name="王实名",
                         objector_contact="13800000000", received_on=notice.starts_on, content="数据不实。",
                         status=ObjectionStatus.UPHELD, resolution="属实。", resolved_at=timezone.now(),
                         recorded_by=provincial_officer))
    with pytest.raises(ActionRefused, match="was upheld"):
        perform(app, "certify", actor=provincial_officer)
    app.refresh_from_db()
    assert app.status == Status.IN_NOTICE
