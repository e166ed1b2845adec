"""The list of seriously dishonest entities holds at every step towards a title (Art. 5 (2)), as the
prerequisite title does: an enterprise listed after its submission is stopped at its next step — the city's
pass, recognition, recommendation, and each of the province's steps up to certification and MIIT's
outcome — with the listing named in the refusal, and the same check disables the button."""
import datetime

import pytest

from applications.constants import Status
from applications.workflow import APPLICATION, perform
from portal.errors import ActionRefused
from review.city import services as city_services
from tests.applications.factories import give_title, make_application
from tests.factories import make_credit_code
from tests.registers.factories import import_dishonest
from tests.review.city.helpers import make_quota, passed
from tiers.titles.models import Title

from .helpers import last_audit
from .test_prerequisite_every_step import STEPS as PROVINCE_STEPS

pytestmark = pytest.mark.django_db

LISTED_ON = datetime.date(2026, 4, 2)
AUTHORITY = "济南市市场监督管理局"


def _submitted(user, officer, experts):
    return make_application(user, tier_code="basic", state=Status.SUBMITTED, stamped=True)


def _try_city_pass(app, officer, experts):
    city_services.pass_prescreen(app, actor=_jinan_official())


def _passed_basic(user, officer, experts):
    return passed(user, _jinan_official(), tier_code="basic")


def _try_recognize(app, officer, experts):
    city_services.recognize(app, actor=_jinan_official(), document="济工信字〔2026〕9号")


def _passed_advanced(user, officer, experts):
    give_title(user.enterprise, "basic")
    app = passed(user, _jinan_official(), tier_code="advanced")
    make_quota(app.round, "advanced", {app.enterprise.city: 3})
    return app


def _try_recommend(app, officer, experts):
    city_services.recommend(app, actor=_jinan_official())


def _jinan_official():
    from portal.accounts.models import User

    return User.objects.get(username="jinan_official")


STEPS = [
    ("city_pass", _submitted, _try_city_pass),
    ("city_recognize", _passed_basic, _try_recognize),
    ("recommend", _passed_advanced, _try_recommend),
    *[(step, build, attempt) for step, build, attempt, _prerequisite, _article in PROVINCE_STEPS],
]


def _list(officer, enterprise):
    return import_dishonest(officer, [(enterprise.credit_code, enterprise.name, LISTED_ON, AUTHORITY, "虚假申报")])


@pytest.mark.parametrize("step, build, attempt", STEPS, ids=[s[0] for s in STEPS])
def test_an_enterprise_listed_after_submission_is_refused_at_every_step_naming_the_listing(
        enterprise_user, jinan_official, provincial_officer, experts, rubric, step, build, attempt):
    app = build(enterprise_user, provincial_officer, experts)
    status_before, verb_before = app.status, last_audit(app).verb
    version = _list(provincial_officer, app.enterprise)

    with pytest.raises(ActionRefused) as refused:
        attempt(app, provincial_officer, experts)

    assert refused.value.article == "Art. 5 (2)"
    message = str(refused.value.message)
    assert "seriously dishonest" in message and "(Art. 5 (2))" in message
    assert f"version {version.number}" in message and LISTED_ON.isoformat() in message and AUTHORITY in message
    app.refresh_from_db()
    assert app.status == status_before
    assert last_audit(app).verb == verb_before  # nothing audited: the transition did not happen
    assert not Title.objects.filter(enterprise=app.enterprise, tier=app.tier).exists()


def test_the_same_check_disables_the_button_with_the_listing(enterprise_user, jinan_official, provincial_officer,
                                                             experts, rubric):
    app = _submitted(enterprise_user, provincial_officer, experts)
    transition = APPLICATION.get("city_pass")
    assert APPLICATION.refusal(app, transition) is None
    _list(provincial_officer, app.enterprise)
    refusal = APPLICATION.refusal(app, transition)
    assert refusal is not None and refusal.article == "Art. 5 (2)" and AUTHORITY in str(refusal)


def test_a_listing_no_longer_on_the_latest_version_lets_the_application_go_on(
        enterprise_user, jinan_official, provincial_officer, experts, rubric):
    app = _submitted(enterprise_user, provincial_officer, experts)
    _list(provincial_officer, app.enterprise)
    # The next version no longer names it.
    import_dishonest(provincial_officer, [(make_credit_code("370102", 777), "别的公司", LISTED_ON, AUTHORITY, "")])
    app = perform(app, "city_pass", actor=jinan_official)
    assert app.status == Status.CITY_PASSED


def test_the_check_costs_one_query(enterprise_user, jinan_official, provincial_officer, experts, rubric,
                                   django_assert_num_queries):
    from applications.checks import ensure_not_dishonest

    app = _submitted(enterprise_user, provincial_officer, experts)
    _list(provincial_officer, app.enterprise)
    app = type(app).objects.select_related("enterprise").get(pk=app.pk)
    with django_assert_num_queries(1), pytest.raises(ActionRefused):
        ensure_not_dishonest(app)


def test_the_city_reads_the_listing_beside_the_disabled_pass_button_in_chinese(
        enterprise_user, jinan_official, provincial_officer, experts, rubric, client_for, settings):
    from django.urls import reverse

    from tests.factories import disabled_reason

    app = _submitted(enterprise_user, provincial_officer, experts)
    version = _list(provincial_officer, app.enterprise)
    client = client_for(jinan_official)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    reason = disabled_reason(page, f"not-yet-city_pass-{app.pk}")
    assert reason is not None and "严重失信主体名单" in reason and "第五条第二项" in reason
    assert f"第{version.number}版" in reason and AUTHORITY in reason and LISTED_ON.isoformat() in reason
