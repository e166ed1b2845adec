"""Each lifecycle declares its table here, as the regulation reads: every transition with its source
states, its target, the permission asked on the object and its audit verb. A change of a table must
change this file too, on purpose."""
import pytest
import rules

from applications.actions import APPLICATION_ACTIONS
from applications.checks import ensure_prerequisite_held
from portal.lifecycle import lifecycles
from tiers.titles.actions import CASE_ACTIONS, EVALUATION_ACTIONS, RENAME_ACTIONS

IN_FLIGHT = ["accepted", "approved", "city_passed", "in_notice", "recommended", "recommended_to_miit", "returned",
             "submitted", "under_review"]
EVALUATION_OPEN = ["open", "rectified", "rectifying", "reported"]
PRE_DECISION = ["accepted", "city_passed", "draft", "recommended", "returned", "submitted", "under_review"]

TABLES = {
    "application": {
        "submit": (["draft"], "submitted", "applications.submit", "applications.submitted"),
        "resubmit": (["returned"], "submitted", "applications.submit", "applications.resubmitted"),
        "return_for_revision": (["accepted", "city_passed", "recommended", "submitted"], "returned",
                                "applications.return_for_revision", "applications.returned"),
        "withdraw": (PRE_DECISION, "withdrawn", "applications.withdraw", "applications.withdrawn"),
        # The city (Art. 11-13)
        "city_pass": (["submitted"], "city_passed", "review.prescreen", "review.city_passed"),
        "city_reject": (["submitted"], "city_rejected", "review.prescreen", "review.city_rejected"),
        "city_recognize": (["city_passed"], "city_recognized", "review.recognize", "review.city_recognized"),
        "recommend": (["city_passed"], "recommended", "review.recommend", "review.recommended"),
        "withdraw_recommendation": (["recommended"], "city_passed", "review.withdraw_recommendation",
                                    "review.recommendation_withdrawn"),
        # The province (Art. 10, 12, 13)
        "accept": (["recommended"], "accepted", "review.accept", "review.accepted"),
        "return_to_city": (["recommended"], "city_passed", "review.return_to_city", "review.returned_to_city"),
        "start_review": (["accepted"], "under_review", "review.start_review", "review.review_started"),
        "approve": (["under_review"], "approved", "review.approve", "review.approved"),
        "reject": (["under_review"], "rejected", "review.reject", "review.rejected"),
        "publish_notice": (["approved"], "in_notice", "review.publish_notice", "review.notice_published"),
        "certify": (["in_notice"], "certified", "review.certify", "review.certified"),
        "reject_after_objection": (["in_notice"], "rejected", "review.reject_after_objection",
                                   "review.rejected_after_objection"),
        "recommend_to_miit": (["accepted", "under_review"], "recommended_to_miit", "review.recommend_to_miit",
                              "review.recommended_to_miit"),
        "record_miit_approval": (["recommended_to_miit"], "miit_approved", "review.record_miit_outcome",
                                 "review.miit_approved"),
        "record_miit_rejection": (["recommended_to_miit"], "miit_rejected", "review.record_miit_outcome",
                                  "review.miit_rejected"),
        # The title it needs was revoked (Art. 12, 13, 15)
        "stop": (IN_FLIGHT, "stopped", "applications.stop_on_revocation", "applications.stopped"),
    },
    # The officials' check of the maturity assessment report (Art. 5 (5))
    "assessment_check": {
        "verify": (["queried", "unchecked"], "verified", "applications.check_assessment",
                   "applications.assessment_verified"),
        "query": (["queried", "unchecked", "verified"], "queried", "applications.check_assessment",
                  "applications.assessment_queried"),
        "reopen": (["verified"], "unchecked", "applications.reopen_assessment_check",
                   "applications.assessment_check_reopened"),
    },
    "rename_request": {
        "city_approve": (["submitted"], "city_approved", "titles.city_decide_rename", "tiers.rename_city_approved"),
        "city_forward": (["submitted"], "city_forwarded", "titles.city_decide_rename", "tiers.rename_city_forwarded"),
        "city_reject": (["submitted"], "rejected", "titles.city_decide_rename", "tiers.rename_city_rejected"),
        "province_approve": (["city_forwarded"], "approved", "titles.province_decide_rename",
                             "tiers.rename_province_approved"),
        "record_miit_approval": (["city_forwarded"], "approved", "titles.province_decide_rename",
                                 "tiers.rename_miit_approval_recorded"),
        "province_reject": (["city_forwarded"], "rejected", "titles.province_decide_rename",
                            "tiers.rename_province_rejected"),
        "acknowledge_filing": (["city_approved"], None, "titles.province_decide_rename",
                               "tiers.rename_filing_acknowledged"),
    },
    "filing": {
        "acknowledge": (["filed"], "acknowledged", "review.respond_to_filing", "review.filing_acknowledged"),
        "query": (["filed"], "queried", "review.respond_to_filing", "review.filing_queried"),
        "refile": (["queried"], "filed", "review.refile", "review.filing_refiled"),
    },
    "objection": {
        "uphold": (["open"], "upheld", "review.handle_objections", "review.objection_upheld"),
        "dismiss": (["open"], "dismissed", "review.handle_objections", "review.objection_dismissed"),
    },
    "title": {
        "revoke": (["active"], "revoked", "titles.revoke_title", "tiers.title_revoked"),
        "restore": (["revoked"], "active", "titles.revoke_title", "titles.title_restored"),
        "supersede": (["active"], "superseded", "titles.supersede_title", "tiers.title_superseded"),
    },
    "certificate": {
        "supersede": (["valid"], "superseded", "titles.supersede_certificate", "review.certificate_superseded"),
        "revoke": (["valid"], "revoked", "titles.revoke_certificate", "review.certificate_revoked"),
        "restore": (["revoked"], "valid", "titles.revoke_certificate", "titles.certificate_restored"),
    },
    # Life after recognition (Art. 14, 15)
    "monitoring_evaluation": {
        "submit_report": (["open"], "reported", "titles.report_on_evaluation", "titles.evaluation_reported"),
        "pass": (["reported"], "passed", "titles.evaluate", "titles.evaluation_passed"),
        "fail": (["open", "reported"], "rectifying", "titles.evaluate", "titles.evaluation_failed"),
        "submit_rectification": (["rectifying"], "rectified", "titles.report_on_evaluation",
                                 "titles.rectification_submitted"),
        "pass_reevaluation": (["rectified"], "passed", "titles.evaluate", "titles.reevaluation_passed"),
        "fail_reevaluation": (["rectified", "rectifying"], "failed", "titles.evaluate", "titles.reevaluation_failed"),
        "close": (EVALUATION_OPEN, "closed", "titles.evaluate", "titles.evaluation_closed"),
    },
    "revocation_case": {
        "submit_statement": (["statement_period"], "awaiting_decision", "titles.state_case",
                             "titles.case_statement_submitted"),
        "revoke": (["awaiting_decision", "statement_period"], "revoked", "titles.decide_revocation_case",
                   "titles.case_revoked"),
        "record_miit_revocation": (["awaiting_decision", "statement_period"], "revoked",
                                   "titles.decide_revocation_case", "titles.case_miit_revoked"),
        "dismiss": (["awaiting_decision", "statement_period"], "dismissed", "titles.decide_revocation_case",
                    "titles.case_dismissed"),
        "overturn": (["revoked"], "overturned", "titles.decide_revocation_case", "titles.case_overturned"),
        "acknowledge_filing": (["overturned", "revoked"], None, "titles.acknowledge_revocation_filing",
                               "titles.case_filing_acknowledged"),
    },
}

# Every move of an application towards a title checks again that the prerequisite title is held
# (Art. 12, 13): the city's recommendation and each of the province's steps up to the title.
TOWARDS_TITLE = {"recommend", "accept", "start_review", "approve", "publish_notice", "certify",
                 "recommend_to_miit", "record_miit_approval"}


def declared(name):
    return next(lc for lc in lifecycles() if lc.name == name)


def test_every_lifecycle_is_declared_here():
    assert {lc.name for lc in lifecycles()} == set(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_the_table_is_as_the_regulation_reads(name):
    table = {t.name: (sorted(t.sources), t.target, t.permission, t.verb) for t in declared(name).transitions.values()}
    assert table == {k: (sorted(v[0]), v[1], v[2], v[3]) for k, v in TABLES[name].items()}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_transition_asks_a_registered_permission_and_writes_its_own_audit_verb(name):
    transitions = list(declared(name).transitions.values())
    assert all(rules.perm_exists(t.permission) for t in transitions)
    verbs = [t.verb for t in transitions]
    assert all(verbs) and len(set(verbs)) == len(verbs)


@pytest.mark.parametrize("action_set", [APPLICATION_ACTIONS, RENAME_ACTIONS, EVALUATION_ACTIONS, CASE_ACTIONS],
                         ids=lambda a: a.lifecycle.name)
def test_every_transition_offered_on_pages_has_exactly_one_face(action_set):
    assert action_set.missing() == set()
    assert set(action_set.actions) == set(action_set.lifecycle.transitions)


def test_the_prerequisite_is_checked_at_every_move_towards_a_title():
    application = declared("application")
    checked = {t.name for t in application.transitions.values() if ensure_prerequisite_held in t.checks}
    assert checked == TOWARDS_TITLE
