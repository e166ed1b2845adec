"""Submission against the reference lists (``portal.registers``): a code on the latest dishonest-entity list
is refused with Art. 5 (2); an enterprise its city's latest above-size list leaves out submits only with an
explanation, which the city official reads (Art. 5 (1)); without lists, submission is as before."""
import datetime

import pytest

from applications import services, workflow
from applications.constants import Status
from tests.applications.factories import make_application
from tests.factories import make_credit_code
from tests.registers.factories import import_above_size, import_dishonest

pytestmark = pytest.mark.django_db


def _codes(exc):
    return {issue.code: issue.article for issue in exc.issues}


def test_without_lists_an_application_submits_as_before(enterprise_user):
    application = services.submit(make_application(enterprise_user), actor=enterprise_user)
    assert application.status == Status.SUBMITTED


def test_submission_is_refused_for_a_code_on_the_dishonest_list_naming_art_5_2(enterprise_user, provincial_officer,
                                                                              client_for):
    application = make_application(enterprise_user)
    import_dishonest(provincial_officer, [(enterprise_user.enterprise.credit_code, "济南智造装备有限公司",
                                           datetime.date(2026, 3, 1), "济南市市场监督管理局", "虚假宣传")])
    with pytest.raises(workflow.SubmissionBlocked) as blocked:
        services.submit(application, actor=enterprise_user)
    assert _codes(blocked.value)["on_dishonest_list"] == "Art. 5 (2)"
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.current_version == 0

    page = client_for(enterprise_user).get(f"/applications/{application.pk}/step/review/")
    html = page.content.decode()
    assert 'data-code="on_dishonest_list"' in html and "第五条第二项" in html and "严重失信主体名单" in html


def test_only_the_latest_dishonest_list_counts(enterprise_user, provincial_officer):
    code = enterprise_user.enterprise.credit_code
    import_dishonest(provincial_officer, [(code, "济南智造装备有限公司", datetime.date(2026, 3, 1), "某局", "")])
    import_dishonest(provincial_officer, [(make_credit_code("370102", 777), "别的公司", datetime.date(2026, 3, 1),
                                           "某局", "")])
    assert services.submit(make_application(enterprise_user), actor=enterprise_user).status == Status.SUBMITTED


def test_an_enterprise_not_on_the_above_size_list_submits_only_with_an_explanation_the_city_sees(
        enterprise_user, jinan_official, provincial_officer, jinan, client_for):
    import_above_size(jinan_official, jinan, 2026, [(make_credit_code("370102", 888), "济南别的企业有限公司")])
    application = make_application(enterprise_user)
    with pytest.raises(workflow.SubmissionBlocked) as blocked:
        services.submit(application, actor=enterprise_user)
    assert _codes(blocked.value) == {"above_size_unlisted": "Art. 5 (1)"}

    client = client_for(enterprise_user)
    step = client.get(f"/applications/{application.pk}/step/declarations/")
    assert 'name="above_size_explanation"' in step.content.decode()
    services.save_fields(application, actor=enterprise_user,
                         fields={"above_size_explanation": "2026年9月起主营业务收入超过2000万元，已申请入规。"})
    application = services.submit(application, actor=enterprise_user)
    assert application.status == Status.SUBMITTED
    assert application.versions.get().snapshot["above_size_explanation"].startswith("2026年9月")

    html = client_for(jinan_official).get(f"/applications/{application.pk}/").content.decode()
    assert 'id="above-size-finding"' in html and "已申请入规" in html and "第五条第一项" in html
    assert "规模以上工业企业名录" in html


def test_an_enterprise_on_the_latest_above_size_list_is_asked_nothing(enterprise_user, jinan_official, jinan,
                                                                      client_for):
    code = enterprise_user.enterprise.credit_code
    import_above_size(jinan_official, jinan, 2026, [(make_credit_code("370102", 888), "别的企业")])
    import_above_size(jinan_official, jinan, 2026, [(code, "济南智造装备有限公司")])
    application = make_application(enterprise_user)
    step = client_for(enterprise_user).get(f"/applications/{application.pk}/step/declarations/")
    assert 'name="above_size_explanation"' not in step.content.decode()
    assert services.submit(application, actor=enterprise_user).status == Status.SUBMITTED


def test_last_years_list_is_used_when_the_rounds_year_has_none(enterprise_user, jinan_official, jinan):
    import_above_size(jinan_official, jinan, 2025, [(make_credit_code("370102", 888), "别的企业")])
    with pytest.raises(workflow.SubmissionBlocked) as blocked:
        services.submit(make_application(enterprise_user), actor=enterprise_user)
    assert "above_size_unlisted" in _codes(blocked.value)


def test_another_citys_list_does_not_concern_the_enterprise(enterprise_user, qingdao_official, qingdao):
    import_above_size(qingdao_official, qingdao, 2026, [(make_credit_code("370202", 5), "青岛某企业")])
    assert services.submit(make_application(enterprise_user), actor=enterprise_user).status == Status.SUBMITTED
