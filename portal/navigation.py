"""Each role's navigation menu, in one place.

Entries are (label, url name), or (label, [entries]) for a dropdown; an entry whose url name does
not resolve yet is left out, so apps can add their pages to the menu before or after they exist.
"""
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.constants import Role

MENUS = {
    None: [
        (_("Public register"), "public:register"),
        (_("Public notices"), "public_notices:list"),
        (_("Verify a certificate"), "public:verify"),
    ],
    Role.ENTERPRISE: [
        (_("My home"), "enterprise_home"),
        (_("My applications"), "applications:list"),
        (_("Enterprise profile"), "accounts:enterprise_profile"),
        (_("Renames"), "titles:rename_list"),
        (_("Annual report"), "titles:my_annual_report"),
        (_("Monitoring evaluations"), "titles:evaluation_list"),
    ],
    Role.CITY_OFFICIAL: [
        (_("Workbench"), "city_home"),
        (_("Dashboard"), "review:dashboard"),
        (_("Screening queue"), "review:city_queue"),
        (_("Recommendations"), "review:city_recommendations"),
        (_("Rounds and quota"), [
            (_("Basic rounds of my city"), "tiers:city_rounds"),
            (_("Quota"), "tiers:my_quota"),
        ]),
        (_("Reference lists"), "registers:version_list"),
        (_("Titles and filings"), [
            (_("Filings"), "review:city_filings"),
            (_("Titles"), "titles:title_list"),
            (_("Support list"), "titles:support_list"),
            (_("Annual reports"), "titles:annual_reports"),
            (_("Monitoring evaluations"), "titles:evaluation_list"),
            (_("Revocation cases"), "titles:case_list"),
            (_("Rename requests"), "titles:rename_queue"),
        ]),
    ],
    Role.PROVINCIAL_OFFICER: [
        (_("Workbench"), "province_home"),
        (_("Dashboard"), "review:dashboard"),
        (_("Inbox"), "review:province_inbox"),
        (_("Ranking"), "review:ranking"),
        (_("Public notices"), "review:notices"),
        (_("Rounds and quotas"), [
            (_("Rounds"), "tiers:round_list"),
            (_("Calendar of the cities' basic rounds"), "tiers:city_round_calendar"),
            (_("Quotas"), "tiers:quota_list"),
            (_("Reference lists"), "registers:version_list"),
            (_("Industries open to branches"), "accounts:branch_industries"),
        ]),
        (_("Titles and filings"), [
            (_("Filings"), "review:filings"),
            (_("Titles"), "titles:title_list"),
            (_("Certificates"), "titles:certificate_list"),
            (_("Support list"), "titles:support_list"),
            (_("Annual reports"), "titles:annual_reports"),
            (_("Monitoring evaluations"), "titles:evaluation_list"),
            (_("Revocation cases"), "titles:case_list"),
            (_("Rename requests"), "titles:rename_province"),
        ]),
        (_("Experts"), [
            (_("Scoring rubric"), "review:rubric"),
            (_("Conflicts of interest"), "review:conflicts"),
        ]),
    ],
    Role.EXPERT: [
        (_("Workbench"), "expert_home"),
        (_("My assignments"), "review:expert_assignments"),
        (_("Conflicts of interest"), "review:conflicts"),
    ],
    Role.ADMIN: [
        (_("Workbench"), "admin_home"),
        (_("Dashboard"), "review:dashboard"),
        (_("Rounds"), "tiers:round_list"),
        (_("Quotas"), "tiers:quota_list"),
        (_("Titles and certificates"), [
            (_("Titles"), "titles:title_list"),
            (_("Support list"), "titles:support_list"),
            (_("Annual reports"), "titles:annual_reports"),
            (_("Monitoring evaluations"), "titles:evaluation_list"),
            (_("Revocation cases"), "titles:case_list"),
            (_("Certificates"), "titles:certificate_list"),
            (_("Rename requests"), "titles:rename_province"),
        ]),
        (_("Reference data"), [
            (_("Tiers and requirements"), "tiers:tier_list"),
            (_("Reference lists"), "registers:version_list"),
            (_("Scenario guide"), "tiers:scenario_list"),
            (_("Industries open to branches"), "accounts:branch_industries"),
            (_("Scoring rubric"), "review:rubric"),
            (_("Conflicts of interest"), "review:conflicts"),
        ]),
        (_("System"), [
            (_("Accounts"), "accounts:staff_list"),
            (_("Audit log"), "audit_log"),
            (_("Django admin"), "admin:index"),
        ]),
    ],
}


def _resolve(entries):
    items = []
    for label, target in entries:
        if isinstance(target, list):
            children = _resolve(target)
            if children:
                items.append({"label": label, "children": children})
            continue
        try:
            items.append({"label": label, "url": reverse(target), "name": target})
        except NoReverseMatch:
            continue
    return items


def menu_for(user):
    """The menu of ``user``'s role: links, and dropdowns (``children``) grouping the less frequent pages."""
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    return _resolve(MENUS.get(role, []))
