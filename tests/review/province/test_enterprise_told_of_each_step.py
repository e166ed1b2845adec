"""The enterprise is told of each step an official takes on its application or its titles: the city's
pre-screen pass, the province's acceptance, its decision either way, the public notice, the certification,
and a revocation case decided either way. Each is one notification per user and event (a redelivered task
adds none), in the centre and by e-mail after the commit, unless the user turned e-mail off for its kind."""
import pytest
from django.core import mail
from django.urls import reverse

from applications.constants import Status
from applications.tasks import notify_enterprise_of_transition
from applications.workflow import perform
from portal.models import AuditEntry, Notification, NotificationPreference
from review.city import services as city_services
from tests.applications.factories import give_title, make_application
from tests.review.province.helpers import approved, in_notice, move_notice, recommended, under_review
from tests.titles.aftercare import open_case, title_of
from tiers.titles import revocation
from tiers.titles.constants import RevocationGround
from tiers.titles.tasks import notify_enterprise_of_step

pytestmark = pytest.mark.django_db


class People:
    def __init__(self, enterprise_user, jinan_official, provincial_officer, experts):
        self.enterprise_user, self.city, self.province, self.experts = (enterprise_user, jinan_official,
                                                                        provincial_officer, experts)


def prescreen_passed(p):
    give_title(p.enterprise_user.enterprise, "basic")
    app = make_application(p.enterprise_user, tier_code="advanced", state=Status.SUBMITTED, stamped=True)
    return app, lambda: city_services.pass_prescreen(app, actor=p.city)


def accepted_by_the_province(p):
    app = recommended(p.enterprise_user)
    return app, lambda: perform(app, "accept", actor=p.province)


def approved_step(p):
    from tests.review.province.helpers import submit_all

    app = submit_all(under_review(p.enterprise_user, p.province, p.experts), ("0.9", "0.8", "0.85"))
    return app, lambda: perform(app, "approve", actor=p.province, data={"reason": "评审通过。"})


def rejected_step(p):
    from tests.review.province.helpers import submit_all

    app = submit_all(under_review(p.enterprise_user, p.province, p.experts), ("0.5", "0.4", "0.45"))
    return app, lambda: perform(app, "reject", actor=p.province, data={"reason": "专家评审未达到认定标准。"})


def notice_published(p):
    from review.province import services
    from tests.review.province.helpers import OBJECTIONS

    app = approved(p.enterprise_user, p.province, p.experts)

    def publish():
        from django.utils import timezone

        from portal.calendar.working_days import default_period

        starts_on, ends_on = default_period(timezone.localdate())
        services.publish_notice(**OBJECTIONS, round=app.round, tier=app.tier, applications=[app],
                                title="2026年度拟认定名单公示", starts_on=starts_on, ends_on=ends_on, actor=p.province)

    return app, publish


def certified(p):
    app = in_notice(p.enterprise_user, p.province, p.experts)
    move_notice(app, starts_ago=9, ends_ago=1)
    return app, lambda: perform(app, "certify", actor=p.province)


STEPS = {  # step: (how to reach it and take it, the audit verb it writes)
    "pre-screen passed": (prescreen_passed, "review.city_passed"),
    "accepted by the province": (accepted_by_the_province, "review.accepted"),
    "approved": (approved_step, "review.approved"),
    "rejected": (rejected_step, "review.rejected"),
    "notice published": (notice_published, "review.notice_published"),
    "certified": (certified, "review.certified"),
}


@pytest.fixture
def people(enterprise_user, jinan_official, provincial_officer, experts, rubric):
    return People(enterprise_user, jinan_official, provincial_officer, experts)


def told_once(user, key, kind, url, handler, entry):
    """``user`` has one notification of ``kind`` for the event and got one e-mail of it; the handler run
    again (a redelivered outbox message) adds neither."""
    (told,) = Notification.objects.filter(user=user, key=key)
    assert told.kind == kind and told.url == url
    emails = [m for m in mail.outbox if m.subject == told.subject]
    assert len(emails) == 1 and emails[0].to == [user.email] and url in emails[0].body
    handler(entry.pk)
    assert Notification.objects.filter(user=user, key=key).count() == 1
    assert len([m for m in mail.outbox if m.subject == told.subject]) == 1
    return told


@pytest.mark.parametrize("step", list(STEPS))
def test_the_enterprise_is_told_of_each_step_an_official_takes(step, people, django_capture_on_commit_callbacks):
    reach, verb = STEPS[step]
    app, take = reach(people)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        take()
    entry = AuditEntry.objects.filter(object_id=str(app.pk), verb=verb).latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        told_once(people.enterprise_user, f"audit:{entry.pk}", "applications.status",
                  reverse("applications:detail", args=[app.pk]), notify_enterprise_of_transition, entry)


def test_an_enterprise_that_turned_email_off_is_told_in_the_centre_only(people, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=people.enterprise_user, kind="applications.status", email=False)
    app, take = approved_step(people)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        take()
    entry = AuditEntry.objects.filter(object_id=str(app.pk), verb="review.approved").latest("pk")
    assert Notification.objects.filter(user=people.enterprise_user, key=f"audit:{entry.pk}").count() == 1
    assert not [m for m in mail.outbox if m.to == [people.enterprise_user.email]]


@pytest.mark.parametrize("decision", ["revoke", "dismiss"])
def test_the_enterprise_is_told_of_a_revocation_case_decided(decision, enterprise, enterprise_user, provincial_officer,
                                                              django_capture_on_commit_callbacks):
    title_of(enterprise, "advanced", certified_by=provincial_officer)
    (case,) = open_case(enterprise, provincial_officer, ground=RevocationGround.TERMINATED, statement_due=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revocation.perform(case, decision, actor=provincial_officer, data={"reasons": "事实清楚，依第十五条决定。"})
    entry = AuditEntry.objects.filter(object_id=str(case.pk), verb__startswith="titles.").latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        told = told_once(enterprise_user, f"step:{entry.pk}", "titles.case_step",
                         reverse("titles:case_detail", args=[case.pk]), notify_enterprise_of_step, entry)
    assert "事实清楚，依第十五条决定" in told.body
