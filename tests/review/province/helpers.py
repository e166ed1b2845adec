"""Building applications at the province's stages, through the real transitions where they exist.

Before the province: ``make_application`` submits through the services and sets ``recommended`` with
``force_status`` (the city's ``recommend`` needs quotas and rankings that are the city's tests'
business; the browser test goes through it). From ``recommended`` on, every step is a real
transition or service of the province.
"""
import datetime
from decimal import Decimal

from applications.constants import Status
from applications.workflow import perform
from portal.audit import audit_trail
from review.models import PublicNotice, RubricCriterion
from review.province import services
from review.province.selectors import active_assignments, criteria_for
from tests.applications.factories import give_title, make_application, tier

# Where objections to a test notice go (a notice must say it).
OBJECTIONS = {"objection_contact": "省工业和信息化厅（测试）", "objection_address": "test@example.com"}


def default_rubrics():
    for code in ("advanced", "scenario", "excellence", "leading"):
        services.load_default_rubric(tier(code), actor=None)
    return RubricCriterion.objects.filter(tier__code="advanced")


def recommended(user, *, tier_code="advanced", round=None):
    """An application of ``user``'s enterprise, submitted and recommended by its city."""
    enterprise = user.enterprise
    prerequisite = {"advanced": "basic", "excellence": "advanced", "leading": "advanced"}.get(tier_code)
    if prerequisite and not enterprise.titles.filter(tier__code=prerequisite).exists():
        give_title(enterprise, prerequisite)
    return make_application(user, tier_code=tier_code, state=Status.RECOMMENDED, round=round)


def accepted(user, officer, **kwargs):
    app = recommended(user, **kwargs)
    return perform(app, "accept", actor=officer)


def under_review(user, officer, experts, **kwargs):
    app = accepted(user, officer, **kwargs)
    return perform(app, "start_review", actor=officer, data={"experts": experts})


def score_sheet(app, share):
    """Every criterion scored at ``share`` of its maximum (to one decimal)."""
    return {c.pk: (Decimal(share) * c.max_score).quantize(Decimal("0.5")) for c in criteria_for(app)}


def submit_all(app, shares):
    """Each assigned expert who has not submitted yet, in order of assignment, submits a sheet at the
    matching share."""
    for assignment, share in zip(active_assignments(app).filter(submitted_at__isnull=True), shares, strict=False):
        services.save_scores(assignment, scores=score_sheet(app, share), comment=f"意见{share}",
                             actor=assignment.expert, submit=True)
    app.refresh_from_db()
    return app


def approved(user, officer, experts, shares=("0.9", "0.8", "0.85"), **kwargs):
    app = under_review(user, officer, experts, **kwargs)
    submit_all(app, shares)
    return perform(app, "approve", actor=officer, data={"reason": "评审通过。"})


def in_notice(user, officer, experts, **kwargs):
    """On a notice that starts today (five working days); tests move the dates with ``move_notice``."""
    app = approved(user, officer, experts, **kwargs)
    from django.utils import timezone

    from portal.calendar.working_days import default_period

    starts_on, ends_on = default_period(timezone.localdate())
    services.publish_notice(**OBJECTIONS, round=app.round, tier=app.tier, applications=[app], title="2026年度拟认定名单公示",
                            starts_on=timezone.localdate(), ends_on=ends_on, actor=officer)
    app.refresh_from_db()
    return app


def move_notice(app, *, starts_ago, ends_ago):
    """Move the application's notice into the past (relative to today), as time passing would."""
    from django.utils import timezone

    today = timezone.localdate()
    notice = app.notice_entry.notice
    PublicNotice.objects.filter(pk=notice.pk).update(starts_on=today - datetime.timedelta(days=starts_ago),
                                                    ends_on=today - datetime.timedelta(days=ends_ago))
    notice.refresh_from_db()
    return notice


def last_audit(obj):
    return list(audit_trail(obj))[-1]
