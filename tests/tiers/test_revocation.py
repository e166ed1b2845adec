"""Revoking one title (Art. 15), the step a revocation case's decision takes for each title it covers
(``tests/titles/test_revocation_cases.py``): who may take it, what it records, how the certificate then
verifies, what it means for the next tier; and the officials' titles list, record and Excel export."""
import datetime
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.factories import EnterpriseFactory, body, make_credit_code
from tests.tiers.factories import TitleFactory, tier
from tests.tiers.test_eligibility import COMPLETE_INDICATORS
from tiers.constants import TierCode
from tiers.eligibility import ApplicationContent, unmet_rules
from tiers.titles.certificates import request_certificate
from tiers.titles.constants import RevocationGround, TitleStatus, Validity
from tiers.titles.revocation import revoke_title
from tiers.titles.selectors import held_titles

pytestmark = pytest.mark.django_db

# Today: a revocation cannot precede the certificate it revokes, which the tests issue today.
REVOKED_ON = timezone.localdate()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def basic_title(enterprise):
    return TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=2025)


@pytest.fixture
def advanced_title(enterprise):
    return TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=2026,
                        recognized_on=datetime.date(2026, 1, 20))


@pytest.fixture
def qingdao_title(qingdao):
    other = EnterpriseFactory(city=qingdao, name="青岛海洋智能制造有限公司", credit_code=make_credit_code("370202", 7))
    return TitleFactory(enterprise=other, tier=tier(TierCode.BASIC), year=2025)


def certify(title, actor):
    """The title's certificate, numbered (the PDF render runs after commit, which these tests do not need)."""
    return request_certificate(title, actor=actor)


def verbs(obj):
    return list(audit_trail(obj).values_list("verb", flat=True))


def revoke(title, actor, **overrides):
    data = {"ground": RevocationGround.TERMINATED, "note": "市场监管部门注销登记通知书（2026）第12号",
            "revoked_on": REVOKED_ON, **overrides}
    return revoke_title(title, actor=actor, **data)


# --- the service -------------------------------------------------------------------------------

def test_provincial_officer_revokes_a_title_and_its_certificate_verifies_revoked(advanced_title, provincial_officer):
    certificate = certify(advanced_title, provincial_officer)

    revoke(advanced_title, provincial_officer)

    advanced_title.refresh_from_db()
    certificate.refresh_from_db()
    assert advanced_title.status == TitleStatus.REVOKED
    assert advanced_title.revoked_on == REVOKED_ON
    assert advanced_title.revocation_ground == RevocationGround.TERMINATED
    assert advanced_title.revocation_note.startswith("市场监管部门")
    assert (certificate.validity, certificate.validity_changed_on) == (Validity.REVOKED, REVOKED_ON)
    entry = audit_trail(advanced_title).get(verb="tiers.title_revoked")
    assert entry.actor == provincial_officer
    assert entry.before["status"] == "active"
    assert entry.after == {"status": "revoked", "revoked_on": REVOKED_ON.isoformat(), "revocation_ground": "terminated",
                           "revocation_note": advanced_title.revocation_note}
    assert "review.certificate_revoked" in verbs(certificate)


@pytest.mark.parametrize("code", [TierCode.ADVANCED, TierCode.EXCELLENCE, TierCode.LEADING, TierCode.SCENARIO])
def test_the_province_revokes_titles_of_the_tiers_it_decides_or_records(enterprise, admin_user, code):
    title = TitleFactory(enterprise=enterprise, tier=tier(code))
    revoke(title, admin_user)
    title.refresh_from_db()
    assert title.status == TitleStatus.REVOKED
    assert verbs(title) == ["tiers.title_revoked"]


@pytest.mark.parametrize("persona", ["provincial_officer", "admin_user"])
def test_the_province_may_not_revoke_a_basic_title_which_the_city_recognized(request, basic_title, persona):
    with pytest.raises(ActionRefused) as refused:
        revoke(basic_title, request.getfixturevalue(persona))
    assert refused.value.article == "Art. 15"
    basic_title.refresh_from_db()
    assert basic_title.status == TitleStatus.ACTIVE


def test_title_without_a_certificate_can_still_be_revoked(basic_title, jinan_official):
    revoke(basic_title, jinan_official)
    basic_title.refresh_from_db()
    assert basic_title.status == TitleStatus.REVOKED and not basic_title.certificates.exists()


def test_city_official_revokes_a_basic_title_of_the_city(basic_title, jinan_official):
    revoke(basic_title, jinan_official)
    basic_title.refresh_from_db()
    assert basic_title.status == TitleStatus.REVOKED
    assert audit_trail(basic_title).get().actor == jinan_official


def test_city_official_may_not_revoke_an_advanced_title(advanced_title, jinan_official):
    with pytest.raises(ActionRefused) as refused:
        revoke(advanced_title, jinan_official)
    assert refused.value.article == "Art. 15"
    advanced_title.refresh_from_db()
    assert advanced_title.status == TitleStatus.ACTIVE and verbs(advanced_title) == []


def test_qingdao_official_may_not_revoke_a_jinan_title(basic_title, qingdao_official):
    with pytest.raises(ActionRefused):
        revoke(basic_title, qingdao_official)
    basic_title.refresh_from_db()
    assert basic_title.status == TitleStatus.ACTIVE


@pytest.mark.parametrize("persona", ["enterprise_user", "expert"])
def test_enterprise_and_expert_may_not_revoke(request, basic_title, persona):
    with pytest.raises(ActionRefused):
        revoke(basic_title, request.getfixturevalue(persona))
    basic_title.refresh_from_db()
    assert basic_title.status == TitleStatus.ACTIVE


def test_only_an_active_title_can_be_revoked(basic_title, jinan_official):
    revoke(basic_title, jinan_official)
    with pytest.raises(ActionRefused):
        revoke(basic_title, jinan_official, ground=RevocationGround.OTHER_VIOLATION)
    basic_title.refresh_from_db()
    assert basic_title.revocation_ground == RevocationGround.TERMINATED
    assert verbs(basic_title) == ["tiers.title_revoked"]


def test_superseded_title_cannot_be_revoked(enterprise, admin_user):
    successor = TitleFactory(enterprise=enterprise)
    old = TitleFactory(enterprise=enterprise, status=TitleStatus.SUPERSEDED, superseded_by=successor)
    with pytest.raises(ActionRefused):
        revoke(old, admin_user)


@pytest.mark.parametrize("overrides", [
    {"note": "   "},
    {"ground": "not_a_ground"},
    {"revoked_on": timezone.localdate() + datetime.timedelta(days=1)},
    {"revoked_on": datetime.date(2025, 6, 29)},  # the day before the recognition
])
def test_revocation_needs_a_ground_a_note_and_a_sensible_date(basic_title, jinan_official, overrides):
    with pytest.raises(ActionRefused):
        revoke(basic_title, jinan_official, **overrides)
    basic_title.refresh_from_db()
    assert basic_title.status == TitleStatus.ACTIVE and verbs(basic_title) == []


def test_revoked_title_no_longer_satisfies_the_prerequisite_rule(enterprise, basic_title, jinan_official):
    content = ApplicationContent(
        declarations={"operations_sound": True, "secure_controllable": True, "organisation_and_team": True},
        maturity_level=3, has_assessment_report=True, assessment_source="national_platform",
        assessment_report_number="SD-2026-000123", assessment_date=datetime.date(2026, 2, 1),
        assessment_score=Decimal("3.12"),
        covered_segments=frozenset({"production_operations", "production_management", "operations_management"}),
        indicators=COMPLETE_INDICATORS,
    )
    advanced = tier(TierCode.ADVANCED)
    before = replace(content, held_titles=held_titles(enterprise))
    assert unmet_rules(enterprise=enterprise, tier=advanced, content=before) == []

    revoke(basic_title, jinan_official)

    after = replace(content, held_titles=held_titles(enterprise))
    codes = [rule.code for rule in unmet_rules(enterprise=enterprise, tier=advanced, content=after)]
    assert codes == ["prerequisite_title_missing"]


# --- public verification -----------------------------------------------------------------------

def test_certificate_of_a_revoked_title_verifies_revoked_with_ground_and_date(client, advanced_title,
                                                                              provincial_officer):
    certificate = certify(advanced_title, provincial_officer)
    revoke(advanced_title, provincial_officer, ground=RevocationGround.FAILED_MONITORING)

    response = client.get(reverse("public:verify_number", args=[certificate.number]))  # Chinese, the default

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-validity="revoked"' in html
    assert "运行监测评估不合格经整改仍未能达标（第十五条第三项）" in html
    assert REVOKED_ON.isoformat() in html  # one date format per language (portal/formats)
    assert "市场监管部门" not in html  # the internal note is not public


# --- pages -------------------------------------------------------------------------------------

def test_qingdao_official_gets_404_on_a_jinan_title(client_for, basic_title, qingdao_official):
    client = client_for(qingdao_official)
    assert client.get(reverse("titles:title_detail", args=[basic_title.pk])).status_code == 404
    assert client.get(reverse("titles:case_open"), {"enterprise": basic_title.enterprise_id}).status_code == 404


def test_jinan_official_sees_an_advanced_title_of_the_city_but_may_not_evaluate_it(client_for, advanced_title,
                                                                                  jinan_official):
    client = client_for(jinan_official)
    html = client.get(reverse("titles:title_detail", args=[advanced_title.pk])).content.decode()
    assert 'id="evaluate"' not in html
    assert client.get(reverse("titles:evaluation_open"), {"title": advanced_title.pk}).status_code == 403


@pytest.mark.parametrize("persona", ["enterprise_user", "expert"])
def test_enterprise_and_expert_get_403_on_the_titles_list(request, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(reverse("titles:title_list")).status_code == 403


def test_an_enterprise_sees_its_own_title_record_and_no_other(client_for, basic_title, qingdao_title,
                                                                enterprise_user, expert):
    client = client_for(enterprise_user)
    page = client.get(reverse("titles:title_detail", args=[basic_title.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="certificates"' in html
    assert 'id="evaluate"' not in html and 'id="open-case"' not in html  # no official's action
    assert client.get(reverse("titles:title_detail", args=[qingdao_title.pk])).status_code == 404
    assert client_for(expert).get(reverse("titles:title_detail", args=[basic_title.pk])).status_code == 403


def test_enterprise_home_shows_its_revoked_title_as_revoked(client_for, enterprise_user, basic_title, jinan_official):
    revoke(basic_title, jinan_official)
    html = client_for(enterprise_user).get(reverse("enterprise_home")).content.decode()
    assert "已撤销" in html


def test_title_record_shows_certificates_and_history(client_for, advanced_title, provincial_officer):
    certificate = certify(advanced_title, provincial_officer)
    revoke(advanced_title, provincial_officer)

    html = client_for(provincial_officer).get(reverse("titles:title_detail", args=[advanced_title.pk])).content.decode()

    assert certificate.number in html
    assert 'data-verb="tiers.title_revoked"' in html
    assert 'data-verb="review.certificate_requested"' in html and 'data-verb="review.certificate_revoked"' in html
    assert 'id="revocation"' in html and "企业被依法终止（第十五条第二项）" in html
    assert 'id="open-case"' not in html and 'id="evaluate"' not in html  # nothing more to decide on it


# --- the titles list and its export --------------------------------------------------------------

@pytest.fixture
def register(enterprise, basic_title, advanced_title, qingdao_title, admin_user):
    revoke(advanced_title, admin_user)
    return {"basic": basic_title, "advanced": advanced_title, "qingdao": qingdao_title}


def listed(response):
    return {int(pk) for pk in response.context["page"].object_list.values_list("pk", flat=True)}


def test_city_official_lists_only_the_city_titles_without_a_city_filter(client_for, register, jinan_official):
    response = client_for(jinan_official).get(reverse("titles:title_list"))
    assert listed(response) == {register["basic"].pk, register["advanced"].pk}
    assert "city" not in response.context["filter"].form.fields


def test_provincial_officer_filters_the_titles(client_for, register, provincial_officer):
    client = client_for(provincial_officer)
    url = reverse("titles:title_list")
    assert listed(client.get(url)) == {t.pk for t in register.values()}
    assert listed(client.get(url, {"city": "370200"})) == {register["qingdao"].pk}
    assert listed(client.get(url, {"status": "revoked"})) == {register["advanced"].pk}
    assert listed(client.get(url, {"tier": "basic", "year": 2025})) == {register["basic"].pk, register["qingdao"].pk}
    assert listed(client.get(url, {"q": "青岛海洋"})) == {register["qingdao"].pk}
    code = register["basic"].enterprise.credit_code
    assert listed(client.get(url, {"q": code.lower()})) == {register["basic"].pk, register["advanced"].pk}


def test_titles_list_is_paginated(client_for, enterprise, admin_user):
    for year in range(2000, 2030):
        TitleFactory(enterprise=enterprise, year=year)
    client = client_for(admin_user)
    first = client.get(reverse("titles:title_list"))
    second = client.get(reverse("titles:title_list"), {"page": 2})
    assert len(first.context["page"].object_list) == 25 and len(second.context["page"].object_list) == 5


def test_titles_export_to_excel_follows_the_filter(client_for, register, provincial_officer):
    from openpyxl import load_workbook

    response = client_for(provincial_officer).get(reverse("titles:title_list"), {"status": "revoked",
                                                                                 "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and the one revoked title
    record = dict(zip(rows[0], rows[1], strict=False))
    assert record["称号所载企业名称"] == register["advanced"].enterprise_name
    assert record["撤销日期"].date() == REVOKED_ON
    assert record["撤销事由"] == "企业被依法终止（第十五条第二项）"


def test_city_official_export_holds_only_the_city_titles(client_for, register, jinan_official):
    from openpyxl import load_workbook

    response = client_for(jinan_official).get(reverse("titles:title_list"), {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True))
    credit_codes = {row[2] for row in rows[1:]}
    assert credit_codes == {register["basic"].enterprise.credit_code}
    assert len(rows) == 3
