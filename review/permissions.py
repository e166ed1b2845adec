"""Who may do what with certificates (django-rules predicates)."""
import rules

# --- City bureaus (Art. 11-13): pre-screen, recognize, rank and recommend, file recognitions ---------------
# Application predicates take (user, application); the city may act only on its own city's work.
from applications.permissions import is_city_official_of  # noqa: E402
from portal.accounts.constants import Role
from portal.accounts.permissions import is_admin, is_expert, is_provincial_staff
from tiers.constants import TierCode  # noqa: E402


@rules.predicate
def is_basic_application(user, application):
    """The application is for the basic tier, which the city recognizes itself (Art. 11)."""
    return application is not None and application.tier.code == TierCode.BASIC


can_prescreen = is_city_official_of
can_recognize = is_city_official_of & is_basic_application
can_recommend = is_city_official_of & ~is_basic_application
can_withdraw_recommendation = is_city_official_of


@rules.predicate
def is_city_official_of_filing(user, filing):
    """A city official of the city that filed the recognition."""
    return bool(filing is not None and getattr(user, "role", None) == Role.CITY_OFFICIAL
                and user.city_id is not None and user.city_id == filing.city_id)


# Provincial officers and admins record filings: acknowledge them or query them (Art. 11).
can_respond_to_filing = is_provincial_staff


can_view_filing = is_city_official_of_filing | can_respond_to_filing
can_refile = is_city_official_of_filing

rules.add_perm("review.prescreen", can_prescreen)
rules.add_perm("review.recognize", can_recognize)
rules.add_perm("review.recommend", can_recommend)
rules.add_perm("review.withdraw_recommendation", can_withdraw_recommendation)
rules.add_perm("review.view_filing", can_view_filing)
rules.add_perm("review.respond_to_filing", can_respond_to_filing)
rules.add_perm("review.refile", can_refile)


# --- the province and its experts (review/province/workflow.py, review/province/views.py) ----------

@rules.predicate
def is_province_tier(user, application):
    """Tiers the province itself recognizes: advanced and the excellent-scenario award (Art. 10, 12)."""
    from tiers.constants import Authority

    return application is not None and application.tier.authority == Authority.PROVINCE


@rules.predicate
def is_miit_tier(user, application):
    """Excellence and leading: the province recommends, MIIT recognizes (Art. 13)."""
    from tiers.constants import Authority

    return application is not None and application.tier.authority == Authority.MIIT


@rules.predicate
def has_upheld_objection(user, application):
    from .models import ObjectionStatus

    return application is not None and application.objections.filter(status=ObjectionStatus.UPHELD).exists()


@rules.predicate
def is_own_open_sheet(user, assignment):
    """The expert's own, still assigned, not yet submitted score sheet of an application under review."""
    from applications.constants import Status

    return bool(
        assignment is not None and is_expert(user) and assignment.expert_id == user.pk
        and assignment.withdrawn_at is None and assignment.submitted_at is None
        and assignment.application.status == Status.UNDER_REVIEW
    )


@rules.predicate
def has_submitted_own(user, assignment):
    """Other experts' scores are shown only to an expert who has submitted their own."""
    return bool(assignment is not None and assignment.expert_id == user.pk and assignment.withdrawn_at is None
                and assignment.submitted_at is not None)


can_accept = is_provincial_staff
can_return_to_city = is_provincial_staff
can_start_review = is_provincial_staff
can_reject = is_provincial_staff
can_certify = is_provincial_staff
can_approve = is_provincial_staff & is_province_tier
can_publish_notice = is_provincial_staff & is_province_tier
can_recommend_to_miit = is_provincial_staff & is_miit_tier
can_record_miit_outcome = is_provincial_staff & is_miit_tier
can_reject_after_objection = is_provincial_staff & has_upheld_objection
can_score = is_own_open_sheet
can_see_panel_scores = has_submitted_own
can_manage_rubric = is_admin
can_declare_own_conflict = is_expert
can_record_conflict_for_others = is_admin

for _name, _predicate in {
    "accept": can_accept, "return_to_city": can_return_to_city, "start_review": can_start_review,
    "approve": can_approve, "reject": can_reject, "publish_notice": can_publish_notice, "certify": can_certify,
    "reject_after_objection": can_reject_after_objection, "recommend_to_miit": can_recommend_to_miit,
    "record_miit_outcome": can_record_miit_outcome,
}.items():
    rules.add_perm(f"review.{_name}", _predicate)
rules.add_perm("review.assign_experts", is_provincial_staff)
rules.add_perm("review.publish_notices", is_provincial_staff)
rules.add_perm("review.handle_objections", is_provincial_staff)
rules.add_perm("review.score", can_score)
rules.add_perm("review.see_panel_scores", can_see_panel_scores)
rules.add_perm("review.manage_rubric", can_manage_rubric)
rules.add_perm("review.declare_own_conflict", can_declare_own_conflict)
rules.add_perm("review.record_conflict_for_others", can_record_conflict_for_others)
