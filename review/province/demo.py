"""Demo of the province's work, after the city's demo (``review.demo_city``). Safe to run twice: each
step is taken only when the application is still before it.

Takes the first application of a provincial tier (advanced or excellent scenario) that the city demo
recommended, and as the demo provincial officer ("province"): accepts it; assigns the demo experts
the demo experts where eligible (an expert of the enterprise's own city, or with a declared
conflict, is left out and the empty place is reported, not filled); records their scores; approves;
and publishes a public notice of five working days from today.
"""
from decimal import Decimal

from applications.constants import Status
from applications.models import Application
from applications.workflow import perform
from portal.accounts.constants import Role
from portal.accounts.models import User
from portal.calendar.working_days import default_period
from portal.errors import ActionRefused
from tiers.constants import Authority

from . import services
from .selectors import active_assignments, criteria_for, eligible_experts

DEMO_EXPERTS = ("expert_li", "expert_zhao", "expert_wang", "expert_chen")
# Each demo expert scores every criterion at this share of its maximum.
DEMO_SHARES = {"expert_li": Decimal("0.86"), "expert_zhao": Decimal("0.78"), "expert_wang": Decimal("0.82"),
               "expert_chen": Decimal("0.9")}
STEPS = (Status.RECOMMENDED, Status.ACCEPTED, Status.UNDER_REVIEW, Status.APPROVED)


# Where objections to the demo notice go (placeholders: a deployment sets NOTICE_OBJECTION_CONTACT/_ADDRESS).
DEMO_OBJECTIONS = ("省工业和信息化厅智能制造处（演示）", "objections@example.com（演示地址）")


def run_province(stdout=None):
    def say(message):
        if stdout is not None:
            stdout.write(f"province: {message}\n")

    officer = User.objects.filter(username="province", role=Role.PROVINCIAL_OFFICER).first()
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    experts = {u.username: u for u in User.objects.filter(username__in=DEMO_EXPERTS, role=Role.EXPERT)}
    if officer is None or len(experts) < len(DEMO_EXPERTS):
        say("the demo provincial officer or experts are missing (run demo_data); skipped.")
        return
    application = (Application.objects.filter(tier__authority=Authority.PROVINCE, status__in=[*STEPS, Status.IN_NOTICE])
                   .select_related("enterprise__city", "tier", "round").order_by("pk").first())
    if application is None:
        say("no application recommended by the city demo yet; skipped.")
        return
    try:  # each step is its own transaction: a refused step keeps the ones before it
        _advance(application, officer=officer, admin=admin, experts=experts, say=say)
    except ActionRefused as exc:
        say(f"{application.enterprise} stopped at “{application.get_status_display()}”: {exc}")
    application.refresh_from_db()
    say(f"{application.enterprise} · {application.tier} · {application.status}")


def _advance(application, *, officer, admin, experts, say):
    services.load_default_rubric(application.tier, actor=admin)
    if application.status == Status.RECOMMENDED:
        perform(application, "accept", actor=officer, data={"reason": "材料齐全，予以受理。"})
    if application.status == Status.ACCEPTED:
        eligible = set(eligible_experts(application).values_list("pk", flat=True))
        chosen = [e for e in experts.values() if e.pk in eligible][: services.panel_size(application)]
        for name, expert in experts.items():
            if expert.pk not in eligible:
                say(f"{name} is not eligible for {application.enterprise} (same city or a declared conflict).")
        perform(application, "start_review", actor=officer, data={"experts": chosen})
        state = services.staffing(application)
        if state.shortfall:
            say(f"panel of {state.assigned} of {state.required}: {state.shortfall} place(s) empty, "
                f"no other eligible expert.")
    if application.status == Status.UNDER_REVIEW:
        criteria = criteria_for(application)
        covered = {s.segment_id for s in application.segments.all() if s.is_covered}
        for assignment in active_assignments(application).filter(submitted_at__isnull=True):
            share = DEMO_SHARES.get(assignment.expert.username, Decimal("0.8"))
            # A segment the factory does not cover earns little.
            scores = {c.pk: ((share if not c.segment_id or c.segment_id in covered else share / 4) * c.max_score)
                      .quantize(Decimal("0.1")) for c in criteria}
            services.save_scores(assignment, scores=scores, actor=assignment.expert, submit=True,
                                 comment="生产作业与生产管理环节数字化集成程度较高，建议加强供应链协同。")
        perform(application, "approve", actor=officer, data={"reason": "经专家评审，符合先进级（省级）智能工厂认定条件。"})
    if application.status == Status.APPROVED:
        from django.utils import timezone

        starts_on, ends_on = default_period(timezone.localdate())
        notice = services.publish_notice(
            round=application.round, tier=application.tier, applications=[application],
            title=f"{application.round.year}年度{application.tier.name_zh}拟认定名单公示",
            starts_on=starts_on, ends_on=ends_on, actor=officer, objection_contact=DEMO_OBJECTIONS[0],
            objection_address=DEMO_OBJECTIONS[1])
        say(f"notice “{notice.title}” from {notice.starts_on} to {notice.ends_on}.")
        application.refresh_from_db()
