"""Who may do what to an application: django-rules predicates, also registered as permissions.

Each predicate takes ``(user, application)`` (``can_view_attachment`` takes an attachment). They
answer for the user's role and scope; the status an action starts from is the workflow table's
business (``applications.workflow``), except where the role allowed depends on it
(``can_return_for_revision``). Templates ask ``{% has_perm "applications.submit" user app %}``.
"""
import rules

from portal.accounts.constants import Role
from portal.accounts.permissions import is_provincial_staff

from .constants import EDITABLE_STATUSES, Status


@rules.predicate
def is_applicant(user, application):
    """The user works for the enterprise that applies."""
    return bool(
        application is not None and getattr(user, "role", None) == Role.ENTERPRISE
        and user.enterprise_id == application.enterprise_id
    )


@rules.predicate
def is_city_official_of(user, application):
    """A city official of the application's city (its enterprise's when it was created)."""
    return bool(
        application is not None and getattr(user, "role", None) == Role.CITY_OFFICIAL
        and user.city_id is not None and user.city_id == application.city_id
    )


is_province = is_provincial_staff  # admins hold the provincial department's full rights


@rules.predicate
def is_assigned_expert(user, application):
    """An expert assigned to review the application (review.ExpertAssignment, not withdrawn)."""
    return bool(
        application is not None and getattr(user, "role", None) == Role.EXPERT
        and application.expert_assignments.filter(expert=user, withdrawn_at__isnull=True).exists()
    )


@rules.predicate
def is_submitted(user, application):
    """Officials only see what an enterprise has submitted at least once."""
    return application is not None and application.status != Status.DRAFT


@rules.predicate
def is_editable(user, application):
    return application is not None and application.status in EDITABLE_STATUSES


def _status_in(*statuses):
    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def check(user, application):
        return application is not None and application.status in statuses

    return check


can_view_application = is_applicant | ((is_city_official_of | is_province | is_assigned_expert) & is_submitted)
can_edit_application = is_applicant & is_editable
can_submit = is_applicant
can_withdraw = is_applicant
# Art. 11-12: the city returns what it is screening; the province what it has been sent.
can_return_for_revision = (
    (is_city_official_of & _status_in(Status.SUBMITTED, Status.CITY_PASSED))
    | (is_province & _status_in(Status.RECOMMENDED, Status.ACCEPTED))
)
can_view_versions = can_view_application
@rules.predicate
def is_city_official_of_its_enterprise(user, application):
    """A city official of the city the application's enterprise is registered in now (which decides its
    basic title, even if the enterprise moved after applying)."""
    return bool(
        application is not None and getattr(user, "role", None) == Role.CITY_OFFICIAL
        and user.city_id is not None and user.city_id == application.enterprise.city_id
    )


# Art. 15: whoever revokes the title an application needs (the city bureau of its enterprise's city, the
# province) stops it (``applications.stopping``); the revocation must never be refused for want of it.
can_stop_on_revocation = is_city_official_of | is_city_official_of_its_enterprise | is_province


# Art. 5 (5): the maturity assessment report is checked by whoever holds the application now: the city
# bureau while it screens it (Art. 11-12), the province from the recommendation until the decision.
ASSESSMENT_CHECKED_BY_CITY = (Status.SUBMITTED, Status.CITY_PASSED)
ASSESSMENT_CHECKED_BY_PROVINCE = (Status.RECOMMENDED, Status.ACCEPTED, Status.UNDER_REVIEW)
may_check_assessment_of = (
    (is_city_official_of & _status_in(*ASSESSMENT_CHECKED_BY_CITY))
    | (is_province & _status_in(*ASSESSMENT_CHECKED_BY_PROVINCE))
)


@rules.predicate
def can_check_assessment(user, check):
    """Mark an application's maturity assessment verified or queried (``applications.assessment``): the
    city official of its city while it is at the city, a provincial officer (or admin) while it is at the
    province. Takes the AssessmentCheck (unsaved before the first mark)."""
    return check is not None and may_check_assessment_of(user, check.application)


@rules.predicate
def can_reopen_assessment_check(user, check):
    """The enterprise, changing the assessment of its editable application, takes back a "verified" given
    for the figures it replaces."""
    return check is not None and can_edit_application(user, check.application)


@rules.predicate
def can_view_attachment(user, attachment):
    """Whoever may see the application may see its evidence."""
    return attachment is not None and can_view_application(user, attachment.application)


# The documents printed for a signature and a stamp (``applications.documents``): whoever may see the
# application downloads them; its enterprise and its city may ask again for one the portal could not print;
# the enterprise uploads the stamped scans while the city's pre-screen is to come.
can_prepare_documents = (is_applicant | is_city_official_of | is_province) & is_submitted
can_upload_stamped = is_applicant & _status_in(Status.SUBMITTED)


@rules.predicate
def can_view_document(user, document):
    """A generated document or a stamped scan: whoever may see its application."""
    return document is not None and can_view_application(user, document.application)


rules.add_perm("applications.view_application", can_view_application)
rules.add_perm("applications.prepare_documents", can_prepare_documents)
rules.add_perm("applications.upload_stamped", can_upload_stamped)
rules.add_perm("applications.view_document", can_view_document)
rules.add_perm("applications.edit_application", can_edit_application)
rules.add_perm("applications.submit", can_submit)
rules.add_perm("applications.withdraw", can_withdraw)
rules.add_perm("applications.return_for_revision", can_return_for_revision)
rules.add_perm("applications.view_attachment", can_view_attachment)
rules.add_perm("applications.stop_on_revocation", can_stop_on_revocation)
rules.add_perm("applications.check_assessment", can_check_assessment)
rules.add_perm("applications.reopen_assessment_check", can_reopen_assessment_check)
