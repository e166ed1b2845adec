"""Demo data of the city side (Art. 11-12), made through the city's services. Safe to run twice.

Needs the accounts of ``manage.py demo_data``, the rounds and quotas of ``tiers.demo`` and the
applications of ``applications.demo``; skips with a message when they are missing.

- 济南钢城特种钢材有限公司: the 济南 official verifies the maturity assessment report of its submitted basic
  application (Art. 5 (5); it counts among 济南's self-assessments, Art. 12), passes it and recognizes it:
  a basic title, its certificate, and the recognition filed with the province.
- The same enterprise, now holding an active basic title, applies for the advanced tier: submitted,
  passed and recommended within 济南's quota; the bureau prints its recommendation letter and summary
  table for the advanced tier and uploads the letter back stamped.
- It also applies for an excellent scenario, which the city passes: it waits on the recommendations page.
"""
from django.db import transaction

from applications import services as application_services
from applications.constants import Status
from applications.demo import SCENARIO_ROUND, TIER_ROUND, _fill, _pdf, print_and_stamp
from applications.models import Application, AssessmentCheck
from portal.accounts.models import User
from portal.errors import ActionRefused
from tiers.constants import TierCode
from tiers.models import Round, Tier
from tiers.titles.constants import TitleStatus

from . import services as city_services

OPINION = "材料齐全，符合申报条件，同意通过初审。"
RECOGNITION_DOCUMENT = "济工信字〔2026〕18号"


def run_city(stdout=None):
    def say(message):
        if stdout is not None:
            stdout.write(message)

    users = {u.username: u for u in User.objects.filter(username__in=["qiye_laiwu", "city_jinan"])
             .select_related("enterprise")}
    rounds = {name: Round.objects.filter(name=name).first() for name in (TIER_ROUND, SCENARIO_ROUND)}
    if len(users) < 2 or not all(rounds.values()):
        say("review (city): the demo accounts or rounds are missing (run demo_data); skipped.\n")
        return
    enterprise_user, official = users["qiye_laiwu"], users["city_jinan"]
    enterprise = enterprise_user.enterprise

    basic = Application.objects.filter(enterprise=enterprise, round=rounds[TIER_ROUND], tier__code=TierCode.BASIC,
                                       status__in=[Status.SUBMITTED, Status.CITY_PASSED]).first()
    if basic is not None:
        _step(say, "pass the basic application", lambda: _pass(basic, official, enterprise_user))
        _step(say, "recognize the basic application",
              lambda: city_services.recognize(basic, actor=official, document=RECOGNITION_DOCUMENT))

    if enterprise.titles.filter(tier__code=TierCode.BASIC, status=TitleStatus.ACTIVE).exists():
        advanced = _application(enterprise_user, rounds[TIER_ROUND], TierCode.ADVANCED, say)
        if advanced is not None:
            _step(say, "pass the advanced application", lambda: _pass(advanced, official, enterprise_user))
            if advanced.status == Status.CITY_PASSED:
                _step(say, "recommend the advanced application",
                      lambda: city_services.recommend(advanced, actor=official))
            _step(say, "print and stamp the recommendation letter", lambda: _print_letter(advanced, official))
    else:
        say("review (city): 济南钢城 holds no active basic title; no advanced application made.\n")

    scenario = _application(enterprise_user, rounds[SCENARIO_ROUND], TierCode.SCENARIO, say)
    if scenario is not None:
        _step(say, "pass the scenario application", lambda: _pass(scenario, official, enterprise_user))


def _pass(application, official, enterprise_user):
    """Verify the assessment report of a submitted application and pass it, its stamped 申报书 and 承诺书
    uploaded first; anything else (already passed, further on) is left alone."""
    application.refresh_from_db()
    if application.status == Status.SUBMITTED:
        if not AssessmentCheck.objects.filter(application=application).exists():
            application_services.check_assessment(application, verdict="verify", actor=official)
        print_and_stamp(application, enterprise_user)
        return city_services.pass_prescreen(application, actor=official, opinion=OPINION)


def _print_letter(application, official):
    """The bureau prints its letter and summary table of the application's round and tier (now, not after a
    commit a test never reaches) and uploads the letter back stamped. Safe to run twice."""
    from review.models import CityDocument, RecommendationLetter

    from .documents import render_city_document, request_city_documents

    if CityDocument.objects.filter(city=official.city, round=application.round, tier=application.tier).exists():
        return None  # printed on an earlier run; the list may have moved on since, the demo keeps that print
    printed = request_city_documents(city=official.city, round=application.round, tier=application.tier,
                                     actor=official)
    for document in printed:
        render_city_document(document)
    if not RecommendationLetter.objects.filter(city=official.city, round=application.round,
                                               tier=application.tier).exists():
        city_services.upload_letter(city=official.city, round=application.round, tier=application.tier,
                                    uploaded=_pdf("推荐函（盖章）"), actor=official)
    return printed


def _application(user, round_, tier_code, say):
    """The enterprise's application of this tier in the round (made and submitted when it has none)."""
    tier = Tier.objects.get(code=tier_code)
    existing = Application.objects.filter(enterprise=user.enterprise, round=round_, tier=tier).order_by("pk").first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            app = application_services.create_draft(enterprise=user.enterprise, round=round_, tier=tier, actor=user)
            _fill(app, user)
            application_services.submit(app, actor=user)
    except ActionRefused as exc:
        say(f"review (city): could not apply for {tier}: {exc}\n")
        return None
    app.refresh_from_db()
    say(f"review (city): {user.enterprise} applied for {tier}\n")
    return app


def _step(say, what, action):
    try:
        with transaction.atomic():
            result = action()
    except ActionRefused as exc:
        # Already done on an earlier run, or refused for a reason worth reading.
        say(f"review (city): {what}: {exc}\n")
        return None
    if result is not None:
        say(f"review (city): {what}: done\n")
    return result
