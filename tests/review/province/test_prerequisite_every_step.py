"""The prerequisite title holds at every step (Art. 12, 13), not only at submission: a basic title
lost while an advanced application is in review stops it at the province's next step, and the
enterprise, the city and the province read why on the application's pages. (A revocation through the
portal also stops the application at once: ``applications.stopping``.)"""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import Status
from applications.workflow import perform
from portal.errors import ActionRefused
from review.models import NoticeEntry, PublicNotice
from review.province import services
from tiers.titles.constants import RevocationGround, TitleStatus
from tiers.titles.models import Title

from .helpers import (
    OBJECTIONS,
    accepted,
    approved,
    in_notice,
    last_audit,
    move_notice,
    recommended,
    submit_all,
    under_review,
)

pytestmark = pytest.mark.django_db

MIIT_DOCUMENT = {"document_number": "工信厅联通装函〔2026〕188号", "document_date": datetime.date(2026, 9, 30)}


def revoke_prerequisite(app, officer, code="basic"):
    """The prerequisite title lost without the application being stopped: a revocation through the
    portal stops it at once (``tests/titles/test_revocation_cases.py``), so these tests mark the title
    revoked as a record loaded from elsewhere would be, to prove each step still checks by itself."""
    title = app.enterprise.titles.get(tier__code=code, status=TitleStatus.ACTIVE)
    Title.objects.filter(pk=title.pk).update(status=TitleStatus.REVOKED, revoked_on=timezone.localdate(),
                                             revocation_ground=RevocationGround.MAJOR_ACCIDENT,
                                             revocation_note="发生重大安全事故（测试）。")
    return title


def _try_accept(app, officer, experts):
    perform(app, "accept", actor=officer)


def _try_start_review(app, officer, experts):
    perform(app, "start_review", actor=officer, data={"experts": experts})


def _try_approve(app, officer, experts):
    perform(app, "approve", actor=officer, data={"reason": "评审通过。"})


def _try_publish_notice(app, officer, experts):
    today = timezone.localdate()
    services.publish_notice(**OBJECTIONS, round=app.round, tier=app.tier, applications=[app], title="拟认定名单公示",
                            starts_on=today, ends_on=today + datetime.timedelta(days=7), actor=officer)


def _try_certify(app, officer, experts):
    perform(app, "certify", actor=officer)


def _try_recommend_to_miit(app, officer, experts):
    perform(app, "recommend_to_miit", actor=officer, data={"reason": "推荐。"})


def _try_record_miit_approval(app, officer, experts):
    perform(app, "record_miit_approval", actor=officer, data=MIIT_DOCUMENT)


def _at_recommended(user, officer, experts):
    return recommended(user)


def _at_accepted(user, officer, experts):
    return accepted(user, officer)


def _scored(user, officer, experts):
    return submit_all(under_review(user, officer, experts), ("0.9", "0.8", "0.85"))


def _at_approved(user, officer, experts):
    return approved(user, officer, experts)


def _notice_ended(user, officer, experts):
    app = in_notice(user, officer, experts)
    move_notice(app, starts_ago=9, ends_ago=1)
    return app


def _excellence_accepted(user, officer, experts):
    return accepted(user, officer, tier_code="excellence")


def _excellence_at_miit(user, officer, experts):
    return perform(accepted(user, officer, tier_code="excellence"), "recommend_to_miit", actor=officer)


STEPS = [
    # (step, build the application just before it, try the step, prerequisite tier, article)
    ("accept", _at_recommended, _try_accept, "basic", "Art. 12"),
    ("start_review", _at_accepted, _try_start_review, "basic", "Art. 12"),
    ("approve", _scored, _try_approve, "basic", "Art. 12"),
    ("publish_notice", _at_approved, _try_publish_notice, "basic", "Art. 12"),
    ("certify", _notice_ended, _try_certify, "basic", "Art. 12"),
    ("recommend_to_miit", _excellence_accepted, _try_recommend_to_miit, "advanced", "Art. 13"),
    ("record_miit_approval", _excellence_at_miit, _try_record_miit_approval, "advanced", "Art. 13"),
]


@pytest.mark.parametrize("step, build, attempt, prerequisite, article", STEPS, ids=[s[0] for s in STEPS])
def test_prerequisite_revoked_mid_review_refuses_every_later_step(
        enterprise_user, provincial_officer, experts, rubric, step, build, attempt, prerequisite, article):
    app = build(enterprise_user, provincial_officer, experts)
    status_before, verb_before = app.status, last_audit(app).verb
    revoke_prerequisite(app, provincial_officer, prerequisite)

    with pytest.raises(ActionRefused) as refused:
        attempt(app, provincial_officer, experts)

    assert refused.value.article == article
    assert "no longer holds an active" in refused.value.message
    app.refresh_from_db()
    assert app.status == status_before
    assert last_audit(app).verb == verb_before  # nothing audited: the transition did not happen
    assert not Title.objects.filter(enterprise=app.enterprise, tier=app.tier).exists()


def test_refused_notice_publishes_nothing(enterprise_user, provincial_officer, experts, rubric):
    app = approved(enterprise_user, provincial_officer, experts)
    revoke_prerequisite(app, provincial_officer)
    with pytest.raises(ActionRefused):
        _try_publish_notice(app, provincial_officer, experts)
    assert not PublicNotice.objects.exists() and not NoticeEntry.objects.exists()


def test_with_the_prerequisite_held_the_same_steps_grant_the_title(enterprise_user, provincial_officer, experts,
                                                                  rubric):
    app = _notice_ended(enterprise_user, provincial_officer, experts)
    app = perform(app, "certify", actor=provincial_officer)
    assert app.status == Status.CERTIFIED
    row = last_audit(app)
    assert row.verb == "review.certified" and row.actor == provincial_officer
    assert Title.objects.filter(enterprise=app.enterprise, tier__code="advanced", status=TitleStatus.ACTIVE).exists()


def test_every_party_reads_why_the_application_is_stopped(client_for, enterprise_user, jinan_official,
                                                          provincial_officer, experts, rubric):
    app = under_review(enterprise_user, provincial_officer, experts)
    detail = reverse("applications:detail", args=[app.pk])
    assert 'id="prerequisite-problem"' not in client_for(enterprise_user).get(detail).content.decode()

    revoke_prerequisite(app, provincial_officer)

    for user, url in [(enterprise_user, detail), (jinan_official, detail), (experts[0], detail),
                      (provincial_officer, detail),
                      (provincial_officer, reverse("review:province_application", args=[app.pk]))]:
        page = client_for(user).get(url).content.decode()
        assert 'id="prerequisite-problem"' in page, (user, url)
        assert "no longer holds an active Basic (city-level) smart factory title" in page
        assert "(Art. 12)" in page


def test_the_enterprise_reads_the_reason_in_chinese(client_for, enterprise_user, provincial_officer, experts,
                                                    rubric, settings):
    app = accepted(enterprise_user, provincial_officer)
    revoke_prerequisite(app, provincial_officer)
    client = client_for(enterprise_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "本申请已中止" in page and "基础级（市级）" in page and "第十二条" in page
