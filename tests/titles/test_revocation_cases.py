"""Revocation as a case (Art. 15): each ground with its cascade and its authority per tier, the
statement period (陈述申辩), MIIT's decision recorded by the province, a city's revocation filed with
the province, overturning, in-flight applications stopped, and the pages that lead to the decision."""
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from applications.constants import Status
from portal.audit import audit_trail
from portal.errors import ActionRefused
from tests.applications.factories import pdf_upload
from tests.review.province.helpers import accepted
from tiers.constants import TierCode
from tiers.titles import revocation
from tiers.titles.constants import CaseStatus, EvaluationStatus, RevocationGround, TitleStatus, Validity
from tiers.titles.models import RevocationCase

from .aftercare import (
    MIIT,
    TODAY,
    days,
    failed_twice,
    open_case,
    open_one,
    past_statement_period,
    report,
    title_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def ladder(enterprise, provincial_officer):
    """An enterprise holding a basic, an advanced and an excellence title, each with its certificate."""
    return {code: title_of(enterprise, code, certified_by=provincial_officer)
            for code in (TierCode.BASIC, TierCode.ADVANCED, TierCode.EXCELLENCE)}


def decide(case, actor, step="revoke", **data):
    return revocation.perform(case, step, actor=actor, data={"reasons": "事实清楚，依第十五条撤销。", **data})


def state(title):
    title.refresh_from_db()
    return title.status


def verbs(obj):
    return list(audit_trail(obj).values_list("verb", flat=True))


# --- opening: one case per authority ----------------------------------------------------------------

def test_an_enterprise_ground_opens_one_case_per_deciding_authority(ladder, enterprise, jinan_official, enterprise_user,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cases = open_case(enterprise, jinan_official)
    by_authority = {c.authority: c for c in cases}
    assert set(by_authority) == {"city", "province", "miit"}
    assert [t.tier.code for t in by_authority["city"].titles.all()] == [TierCode.BASIC]
    assert [t.tier.code for t in by_authority["province"].titles.all()] == [TierCode.ADVANCED]
    assert [t.tier.code for t in by_authority["miit"].titles.all()] == [TierCode.EXCELLENCE]
    assert len({c.group for c in cases}) == 1
    assert all(c.status == CaseStatus.STATEMENT_PERIOD and c.statement_due == days(10) for c in cases)
    assert len(mail.outbox) == 3 and all(m.to == [enterprise_user.email] for m in mail.outbox)
    assert any(days(10).isoformat() in m.body for m in mail.outbox)


def test_ground_2_has_no_statement_period(ladder, enterprise, provincial_officer):
    cases = open_case(enterprise, provincial_officer, ground=RevocationGround.TERMINATED, statement_due=None)
    assert all(c.status == CaseStatus.AWAITING_DECISION and c.statement_due is None for c in cases)


def test_the_statement_period_is_at_least_five_days(ladder, enterprise, provincial_officer):
    with pytest.raises(ActionRefused) as refused:
        open_case(enterprise, provincial_officer, statement_due=days(4))
    assert refused.value.article == "Art. 15"
    assert not RevocationCase.objects.exists()


def test_ground_3_is_not_opened_by_hand(ladder, enterprise, provincial_officer):
    with pytest.raises(ActionRefused) as refused:
        open_case(enterprise, provincial_officer, ground=RevocationGround.FAILED_MONITORING)
    assert refused.value.article == "Art. 15 (3)"


@pytest.mark.parametrize("persona", ["qingdao_official", "enterprise_user", "expert"])
def test_only_the_city_of_the_enterprise_or_the_province_opens_a_case(request, ladder, enterprise, persona):
    with pytest.raises(ActionRefused):
        open_case(enterprise, request.getfixturevalue(persona))
    assert not RevocationCase.objects.exists()


def test_a_case_needs_facts_and_an_active_title(enterprise, provincial_officer):
    with pytest.raises(ActionRefused):
        open_case(enterprise, provincial_officer)  # no title at all
    title_of(enterprise, TierCode.ADVANCED)
    with pytest.raises(ActionRefused):
        open_case(enterprise, provincial_officer, facts="  ")


# --- each ground, its cascade and its authority -------------------------------------------------------

@pytest.mark.parametrize("ground", [RevocationGround.FALSE_INFORMATION, RevocationGround.TERMINATED,
                                    RevocationGround.MAJOR_ACCIDENT, RevocationGround.OTHER_VIOLATION])
def test_an_enterprise_ground_revokes_all_its_titles_each_by_its_authority(ladder, enterprise, jinan_official,
                                                                           provincial_officer, ground):
    cases = {c.authority: c for c in open_case(enterprise, provincial_officer, ground=ground,
                                                statement_due=None if ground == "terminated" else days(10))}
    for case in cases.values():
        if case.status == CaseStatus.STATEMENT_PERIOD:
            past_statement_period(case)

    decide(cases["city"], jinan_official, decided_on=TODAY)
    decide(cases["province"], provincial_officer)
    decide(cases["miit"], provincial_officer, step="record_miit_revocation", **MIIT)

    for title in ladder.values():
        title.refresh_from_db()
        assert (title.status, title.revocation_ground, title.revoked_on) == (TitleStatus.REVOKED, ground, TODAY)
        assert title.certificates.get().validity == Validity.REVOKED
    assert all(c.status == CaseStatus.REVOKED for c in RevocationCase.objects.all())


def test_the_province_may_not_decide_a_basic_title_nor_the_city_an_advanced_one(ladder, enterprise,
                                                                                 jinan_official, provincial_officer):
    cases = {c.authority: past_statement_period(c) for c in open_case(enterprise, jinan_official)}
    with pytest.raises(ActionRefused):
        decide(cases["city"], provincial_officer)
    with pytest.raises(ActionRefused):
        decide(cases["province"], jinan_official)
    assert state(ladder[TierCode.BASIC]) == state(ladder[TierCode.ADVANCED]) == TitleStatus.ACTIVE


def test_the_province_cannot_revoke_excellence_on_its_own_without_miits_decision(ladder, enterprise,
                                                                                 provincial_officer):
    case = next(c for c in open_case(enterprise, provincial_officer) if c.authority == "miit")
    past_statement_period(case)
    with pytest.raises(ActionRefused):  # the province's own revoke is not a step of an MIIT case
        decide(case, provincial_officer)
    with pytest.raises(ActionRefused) as refused:  # recording needs MIIT's document
        decide(case, provincial_officer, step="record_miit_revocation")
    assert refused.value.article == "Art. 13, 15"
    assert state(ladder[TierCode.EXCELLENCE]) == TitleStatus.ACTIVE

    decide(case, provincial_officer, step="record_miit_revocation", **MIIT)
    case.refresh_from_db()
    assert case.miit_document_number == MIIT["miit_document_number"]
    assert state(ladder[TierCode.EXCELLENCE]) == TitleStatus.REVOKED
    assert "工信厅通装函〔2026〕77号" in ladder[TierCode.EXCELLENCE].revocation_note


def test_a_city_revocation_is_filed_with_the_province_which_acknowledges_it(ladder, enterprise, jinan_official,
                                                                            provincial_officer, client_for):
    case = past_statement_period(next(c for c in open_case(enterprise, jinan_official) if c.authority == "city"))
    decide(case, jinan_official)
    case.refresh_from_db()
    assert case.filed_at is not None and case.filing_acknowledged_at is None
    html = client_for(provincial_officer).get(reverse("province_home")).content.decode()
    assert 'id="revocation-filings"' in html

    with pytest.raises(ActionRefused):
        revocation.perform(case, "acknowledge_filing", actor=jinan_official)
    revocation.perform(case, "acknowledge_filing", actor=provincial_officer, data={"note": "已备案"})
    case.refresh_from_db()
    assert case.filing_acknowledged_by == provincial_officer and case.status == CaseStatus.REVOKED
    with pytest.raises(ActionRefused):  # once
        revocation.perform(case, "acknowledge_filing", actor=provincial_officer)


def test_ground_3_revokes_only_the_evaluated_title(ladder, jinan_official, enterprise_user):
    evaluation = failed_twice(ladder[TierCode.BASIC], jinan_official, enterprise_user)
    case = past_statement_period(evaluation.revocation_cases.get())
    decide(case, jinan_official)
    assert state(ladder[TierCode.BASIC]) == TitleStatus.REVOKED
    assert state(ladder[TierCode.ADVANCED]) == state(ladder[TierCode.EXCELLENCE]) == TitleStatus.ACTIVE
    assert ladder[TierCode.BASIC].revocation_ground == RevocationGround.FAILED_MONITORING


def test_ground_3_needs_a_failed_re_evaluation_on_record(ladder, jinan_official, enterprise_user):
    evaluation = open_one(ladder[TierCode.BASIC], jinan_official)
    report(evaluation, enterprise_user)
    with pytest.raises(ActionRefused) as refused:
        revocation.open_case_for_failed_evaluation(evaluation, actor=jinan_official, statement_due=days(10),
                                                   facts="不合格")
    assert refused.value.article == "Art. 15 (3)"


def test_a_revocation_closes_the_evaluations_under_way(ladder, enterprise, jinan_official, provincial_officer,
                                                       enterprise_user):
    evaluation = open_one(ladder[TierCode.ADVANCED], provincial_officer)
    case = past_statement_period(next(c for c in open_case(enterprise, provincial_officer)
                                      if c.authority == "province"))
    decide(case, provincial_officer)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.CLOSED and f"#{case.pk}" in evaluation.closed_reason


# --- the statement period -----------------------------------------------------------------------------

def test_the_decision_waits_for_the_statement_or_the_end_of_its_period(ladder, enterprise, provincial_officer,
                                                                     enterprise_user):
    cases = open_case(enterprise, provincial_officer)
    case = next(c for c in cases if c.authority == "province")
    with pytest.raises(ActionRefused):
        decide(case, provincial_officer)

    revocation.perform(case, "submit_statement", actor=enterprise_user,
                       data={"statement": "事故系承包商所致，已整改。", "evidence": pdf_upload("整改说明.pdf")})

    for sibling in RevocationCase.objects.filter(group=case.group):  # one statement answers every case of the group
        assert sibling.status == CaseStatus.AWAITING_DECISION and sibling.statement.startswith("事故系承包商")
        assert sibling.statement_evidence_id == RevocationCase.objects.get(pk=case.pk).statement_evidence_id
    decide(case, provincial_officer, step="dismiss", reasons="陈述理由成立，不予撤销。")
    case.refresh_from_db()
    assert case.status == CaseStatus.DISMISSED
    assert state(ladder[TierCode.ADVANCED]) == TitleStatus.ACTIVE


def test_no_statement_after_the_deadline_and_none_from_another_enterprise(ladder, enterprise, provincial_officer,
                                                                          enterprise_user, other_enterprise_user):
    case = next(c for c in open_case(enterprise, provincial_officer) if c.authority == "province")
    with pytest.raises(ActionRefused):
        revocation.perform(case, "submit_statement", actor=other_enterprise_user, data={"statement": "x"})
    past_statement_period(case)
    with pytest.raises(ActionRefused):
        revocation.perform(case, "submit_statement", actor=enterprise_user, data={"statement": "迟交"})
    decide(case, provincial_officer)  # the period is over: the authority decides
    assert state(ladder[TierCode.ADVANCED]) == TitleStatus.REVOKED


# --- in-flight applications -------------------------------------------------------------------------------

def test_an_in_flight_advanced_application_stops_when_its_basic_title_is_revoked(
        enterprise_user, jinan_official, provincial_officer, client_for):
    app = accepted(enterprise_user, provincial_officer)
    basic = enterprise_user.enterprise.titles.get(tier__code=TierCode.BASIC)
    case = past_statement_period(open_case(enterprise_user.enterprise, jinan_official)[0])

    confirm = client_for(jinan_official).get(reverse("titles:case_step", args=[case.pk, "revoke"]))
    assert confirm.status_code == 200
    assert str(app) in confirm.content.decode() and 'id="consequences"' in confirm.content.decode()

    decide(case, jinan_official)

    app.refresh_from_db()
    assert app.status == Status.STOPPED and f"#{case.pk}" in app.stop_reason
    assert state(basic) == TitleStatus.REVOKED
    assert list(audit_trail(app).values_list("verb", flat=True))[-1] == "applications.stopped"
    page = client_for(enterprise_user).get(reverse("applications:detail", args=[app.pk])).content.decode()
    assert "已中止" in page


def test_an_application_that_does_not_need_the_revoked_title_goes_on(enterprise_user, jinan_official,
                                                                     provincial_officer):
    app = accepted(enterprise_user, provincial_officer)
    scenario = title_of(enterprise_user.enterprise, TierCode.SCENARIO)
    case = past_statement_period(next(c for c in open_case(enterprise_user.enterprise, provincial_officer)
                                      if c.authority == "province"))
    assert list(case.titles.all()) == [scenario]
    decide(case, provincial_officer)
    app.refresh_from_db()
    assert app.status == Status.ACCEPTED


# --- overturning --------------------------------------------------------------------------------------------

def test_an_overturned_revocation_restores_the_title_and_the_history_keeps_both(ladder, enterprise,
                                                                                provincial_officer, client):
    case = past_statement_period(next(c for c in open_case(enterprise, provincial_officer)
                                      if c.authority == "province"))
    decide(case, provincial_officer)
    title = ladder[TierCode.ADVANCED]
    certificate = title.certificates.get()

    with pytest.raises(ActionRefused):
        revocation.perform(case, "overturn", actor=provincial_officer, data={"basis": "court", "reasons": "x"})
    revocation.perform(case, "overturn", actor=provincial_officer, data={
        "basis": "administrative_review", "document": "鲁政复决字〔2027〕3号", "reasons": "事实认定不清。"})

    title.refresh_from_db()
    certificate.refresh_from_db()
    assert (title.status, title.revoked_on, title.revocation_ground) == (TitleStatus.ACTIVE, None, "")
    assert certificate.validity == Validity.VALID
    assert verbs(title) == ["tiers.title_revoked", "titles.title_restored"]
    assert verbs(certificate)[-2:] == ["review.certificate_revoked", "titles.certificate_restored"]
    restored = audit_trail(title).get(verb="titles.title_restored")
    assert restored.after["undone"]["revocation_ground"] == RevocationGround.MAJOR_ACCIDENT
    case.refresh_from_db()
    assert case.status == CaseStatus.OVERTURNED and case.decided_on == TODAY  # both decisions on record
    html = client.get(reverse("public:verify_number", args=[certificate.number])).content.decode()
    assert 'data-validity="valid"' in html


# --- pages ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona, status", [("qingdao_official", 404), ("other_enterprise_user", 404),
                                             ("expert", 403), ("enterprise_user", 200), ("jinan_official", 200),
                                             ("provincial_officer", 200)])
def test_a_case_is_seen_only_by_its_parties(request, client_for, ladder, enterprise, provincial_officer, persona,
                                            status):
    case = open_case(enterprise, provincial_officer, evidence=pdf_upload("事故认定书.pdf"))[0]
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("titles:case_detail", args=[case.pk])).status_code == status
    assert client.get(reverse("titles:case_evidence", args=[case.pk, "facts"])).status_code == status


def test_the_province_opens_a_case_through_its_page_and_a_refusal_keeps_what_was_typed(client_for, ladder,
                                                                                       enterprise,
                                                                                       provincial_officer):
    client = client_for(provincial_officer)
    url = reverse("titles:case_open")
    page = client.get(url, {"enterprise": enterprise.pk}).content.decode()
    assert 'id="covered"' in page and 'value="failed_monitoring"' not in page
    bad = client.post(url, {"enterprise": enterprise.pk, "ground": "major_accident", "facts": "保留的事实",
                            "statement_due": days(2).isoformat()})
    assert bad.status_code == 200 and "保留的事实" in bad.content.decode()
    assert not RevocationCase.objects.exists()
    response = client.post(url, {"enterprise": enterprise.pk, "ground": "major_accident", "facts": "重大安全事故",
                                 "statement_due": days(10).isoformat()})
    assert response.status_code == 302 and RevocationCase.objects.count() == 3
    assert client.get(url, {"enterprise": "abc"}).status_code == 400


def test_the_enterprise_states_its_case_through_its_page(client_for, ladder, enterprise, provincial_officer,
                                                        enterprise_user):
    case = open_case(enterprise, provincial_officer)[0]
    client = client_for(enterprise_user)
    detail = client.get(reverse("titles:case_detail", args=[case.pk])).content.decode()
    url = reverse("titles:case_step", args=[case.pk, "submit_statement"])
    assert f'href="{url}"' in detail and 'id="statement-period"' in detail
    assert client.post(url, {"statement": "我们不同意。"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_DECISION
    # The enterprise has no decision to take.
    assert client.get(reverse("titles:case_step", args=[case.pk, "revoke"])).status_code == 403


def test_the_list_filters_and_exports(client_for, ladder, enterprise, provincial_officer, jinan_official):
    open_case(enterprise, provincial_officer)
    client = client_for(provincial_officer)
    url = reverse("titles:case_list")
    assert client.get(url, {"ground": "major_accident"}).content.decode().count("data-case=") == 3
    assert client.get(url, {"ground": "terminated"}).content.decode().count("data-case=") == 0
    assert client.get(url, {"city": "999999"}).status_code == 400
    sheet = load_workbook(io.BytesIO(b"".join(client.get(url, {"export": "xlsx"}).streaming_content))).active
    assert sheet.max_row == 4 and sheet.cell(2, 2).value == enterprise.name
    assert client_for(jinan_official).get(url).content.decode().count("data-case=") == 3  # the city's enterprise


def test_a_leading_title_too_is_revoked_only_with_miits_decision(enterprise, provincial_officer):
    leading = title_of(enterprise, TierCode.LEADING, certified_by=provincial_officer)
    (case,) = open_case(enterprise, provincial_officer)
    assert case.authority == "miit"
    past_statement_period(case)
    assert [t.name for t in revocation.CASE.available(case, provincial_officer)] == ["record_miit_revocation",
                                                                                     "dismiss"]
    with pytest.raises(ActionRefused):
        decide(case, provincial_officer, step="record_miit_revocation")
    decide(case, provincial_officer, step="record_miit_revocation", **MIIT)
    assert state(leading) == TitleStatus.REVOKED


def test_an_enterprise_that_moved_city_still_has_its_application_stopped_by_its_new_citys_revocation(
        enterprise_user, provincial_officer, qingdao_official):
    from portal.accounts.models import Enterprise
    from tests.factories import city

    app = accepted(enterprise_user, provincial_officer)  # applied from Jinan
    Enterprise.objects.filter(pk=enterprise_user.enterprise_id).update(city=city("370200"))  # moved to Qingdao
    enterprise_user.enterprise.refresh_from_db()
    case = past_statement_period(open_case(enterprise_user.enterprise, qingdao_official)[0])
    decide(case, qingdao_official)
    app.refresh_from_db()
    assert app.status == Status.STOPPED


def test_revoking_is_shown_disabled_until_the_statement_period_ends_and_a_late_statement_too(
        client_for, ladder, enterprise, provincial_officer, enterprise_user):
    from django.utils import translation
    from django.utils.formats import date_format

    from tests.factories import disabled_reason, in_english

    case = next(c for c in open_case(enterprise, provincial_officer, statement_due=days(10))
                if c.authority == "province")
    officer = in_english(client_for(provincial_officer))
    detail = reverse("titles:case_detail", args=[case.pk])
    revoke = reverse("titles:case_step", args=[case.pk, "revoke"])
    page = officer.get(detail).content.decode()
    reason = disabled_reason(page, f"not-yet-revoke-{case.pk}")
    with translation.override("en"):
        assert reason and date_format(days(11), "DATE_FORMAT") in reason and "Art. 15" in reason
    assert revoke not in page and reverse("titles:case_step", args=[case.pk, "dismiss"]) in page
    with pytest.raises(ActionRefused):
        decide(case, provincial_officer)

    past_statement_period(case)
    page = officer.get(detail).content.decode()
    assert disabled_reason(page, f"not-yet-revoke-{case.pk}") is None and revoke in page
    page = in_english(client_for(enterprise_user)).get(detail).content.decode()
    assert disabled_reason(page, f"not-yet-submit_statement-{case.pk}")  # too late to state its case
    with pytest.raises(ActionRefused):
        revocation.perform(case, "submit_statement", actor=enterprise_user, data={"statement": "迟交"})
