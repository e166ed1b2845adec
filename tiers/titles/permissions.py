"""Who may see and act on titles and rename requests (django-rules predicates, also registered as perms).

Life after recognition (Art. 15): each title has one authority, that of its tier — the city bureau
of the enterprise's city for a basic title (Art. 11), the provincial department (its officers, and
admins) for the others; for excellence and leading the province records what MIIT asks and decides.
That authority evaluates the title's operation, decides its revocation and, when a revocation is
overturned, restores it. Monitoring evaluations and revocation cases are seen by the province, the
city bureau of the enterprise's city and the enterprise itself; the enterprise reports, rectifies and
states its case. Renames (Art. 16): the enterprise asks for its own titles; the city
bureau of the enterprise's city decides or forwards; the provincial department decides what was
forwarded and acknowledges the city's filings. The status a step starts from is the business of the
transition table in ``tiers.renames``, not of these predicates.
"""
import rules

from portal.accounts.constants import Role
from portal.accounts.permissions import is_admin, is_provincial_officer, is_provincial_staff, role_of
from tiers.constants import Authority

is_province = is_provincial_staff


@rules.predicate
def is_city_official_of_title(user, title):
    """A city official of the city the title's enterprise is registered in."""
    return bool(title is not None and role_of(user) == Role.CITY_OFFICIAL and user.city_id
                and user.city_id == title.enterprise.city_id)


@rules.predicate
def is_city_tier(user, title):
    """The title's tier is recognized by the city bureau (basic, Art. 11)."""
    return title is not None and title.tier.authority == Authority.CITY


@rules.predicate
def is_enterprise_of(user, rename_request):
    """The user works for the enterprise that asked for the rename."""
    return bool(rename_request is not None and role_of(user) == Role.ENTERPRISE
                and user.enterprise_id == rename_request.enterprise_id)


@rules.predicate
def is_city_official_of_request(user, rename_request):
    """A city official of the city the requesting enterprise is registered in."""
    return bool(rename_request is not None and role_of(user) == Role.CITY_OFFICIAL and user.city_id
                and user.city_id == rename_request.enterprise.city_id)


@rules.predicate
def is_authority_of_title(user, title):
    """The authority of the title's tier: its city's bureau for a basic title, the province otherwise."""
    if title is None:
        return False
    if title.tier.authority == Authority.CITY:
        return is_city_official_of_title(user, title)
    return is_province(user)


@rules.predicate
def is_enterprise_of_title(user, title):
    return bool(title is not None and role_of(user) == Role.ENTERPRISE and user.enterprise_id == title.enterprise_id)


can_view_title = is_province | is_city_official_of_title | is_enterprise_of_title
can_revoke_title = is_authority_of_title
can_view_rename = is_enterprise_of | is_city_official_of_request | is_province
can_city_decide_rename = is_city_official_of_request
can_province_decide_rename = is_province

can_supersede_title = can_revoke_title  # who decides a rename of the title (Art. 16) is who could revoke it


@rules.predicate
def may_revoke_certificates_title(user, certificate):
    """Whoever may revoke (or, by a rename, supersede) the certificate's title."""
    return certificate is not None and can_revoke_title(user, certificate.title)


rules.add_perm("titles.view_title_record", can_view_title)
rules.add_perm("titles.supersede_title", can_supersede_title)
rules.add_perm("titles.supersede_certificate", may_revoke_certificates_title)
rules.add_perm("titles.revoke_certificate", may_revoke_certificates_title)
rules.add_perm("titles.revoke_title", can_revoke_title)
rules.add_perm("titles.view_rename_request", can_view_rename)
rules.add_perm("titles.city_decide_rename", can_city_decide_rename)
rules.add_perm("titles.province_decide_rename", can_province_decide_rename)


# --- monitoring evaluations and revocation cases -----------------------------------------------------

def _city_official_of(user, enterprise):
    return bool(role_of(user) == Role.CITY_OFFICIAL and user.city_id and user.city_id == enterprise.city_id)


def _is_authority(user, authority, enterprise):
    """The city bureau of the enterprise's city for ``Authority.CITY``; the province for the others."""
    if authority == Authority.CITY:
        return _city_official_of(user, enterprise)
    return is_province(user)


@rules.predicate
def is_evaluation_authority(user, evaluation):
    return evaluation is not None and _is_authority(user, evaluation.authority, evaluation.title.enterprise)


@rules.predicate
def is_evaluated_enterprise(user, evaluation):
    return bool(evaluation is not None and role_of(user) == Role.ENTERPRISE
                and user.enterprise_id == evaluation.title.enterprise_id)


@rules.predicate
def is_city_official_of_evaluation(user, evaluation):
    return evaluation is not None and _city_official_of(user, evaluation.title.enterprise)


@rules.predicate
def is_case_authority(user, case):
    return case is not None and _is_authority(user, case.authority, case.enterprise)


@rules.predicate
def is_enterprise_of_case(user, case):
    return bool(case is not None and role_of(user) == Role.ENTERPRISE and user.enterprise_id == case.enterprise_id)


@rules.predicate
def is_city_official_of_case(user, case):
    return case is not None and _city_official_of(user, case.enterprise)


@rules.predicate
def may_open_case_on(user, enterprise):
    """A case on an enterprise's ground is opened by its city's bureau or by the province."""
    return enterprise is not None and (_city_official_of(user, enterprise) or is_province(user))


rules.add_perm("titles.view_evaluation", is_province | is_city_official_of_evaluation | is_evaluated_enterprise)
rules.add_perm("titles.open_evaluation", is_authority_of_title)
rules.add_perm("titles.evaluate", is_evaluation_authority)
rules.add_perm("titles.report_on_evaluation", is_evaluated_enterprise)
rules.add_perm("titles.view_revocation_case", is_province | is_city_official_of_case | is_enterprise_of_case)
rules.add_perm("titles.open_revocation_case", may_open_case_on)
rules.add_perm("titles.decide_revocation_case", is_case_authority)
rules.add_perm("titles.state_case", is_enterprise_of_case)
rules.add_perm("titles.acknowledge_revocation_filing", is_province)
# A title that lost its prerequisite to a revocation (``prerequisites``): the officer records the report.
rules.add_perm("titles.report_prerequisite_loss", is_provincial_officer)


# --- certificates ---------------------------------------------------------------------------------

@rules.predicate
def can_download_certificate(user, certificate):
    """The title's enterprise, the officials of its city, provincial officers and admins."""
    role = role_of(user)
    if role is None or certificate is None:
        return False
    if role == Role.ENTERPRISE:
        return user.enterprise_id == certificate.title.enterprise_id
    if role == Role.CITY_OFFICIAL:
        return user.city_id == certificate.title.enterprise.city_id
    return is_provincial_staff(user)


# Admins only: re-queueing a render is an operational act on the whole register.
can_retry_render = is_admin


rules.add_perm("titles.download_certificate", can_download_certificate)
rules.add_perm("titles.retry_certificate_render", can_retry_render)
