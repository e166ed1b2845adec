"""Each role's navigation menu, in one place.

Entries are (label, url name); an entry whose url name does not resolve yet is left out, so apps
can add their pages to the menu before or after they exist.
"""
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.constants import Role

MENUS = {
    None: [
        (_("Public register"), "public:register"),
        (_("Public notices"), "public:notices"),
        (_("Verify a certificate"), "public:verify"),
    ],
    Role.ENTERPRISE: [
        (_("My home"), "enterprise_home"),
        (_("My applications"), "applications:list"),
        (_("Enterprise profile"), "accounts:enterprise_profile"),
        (_("Renames"), "tiers:rename_list"),
    ],
    Role.CITY_OFFICIAL: [
        (_("City workbench"), "city_home"),
        (_("Screening queue"), "review:city_queue"),
        (_("Recommendations"), "review:city_recommendations"),
        (_("Filings"), "review:city_filings"),
        (_("Quota"), "tiers:my_quota"),
        (_("Titles"), "tiers:title_list"),
        (_("Rename requests"), "tiers:rename_queue"),
    ],
    Role.PROVINCIAL_OFFICER: [
        (_("Provincial workbench"), "province_home"),
        (_("Recommendation inbox"), "review:province_inbox"),
        (_("Filings"), "review:filings"),
        (_("Public notices"), "review:notices"),
        (_("Ranking"), "review:ranking"),
        (_("Scoring rubric"), "review:rubric"),
        (_("Conflicts of interest"), "review:conflicts"),
        (_("Titles"), "tiers:title_list"),
        (_("Rename requests"), "tiers:rename_province"),
    ],
    Role.EXPERT: [
        (_("Expert workbench"), "expert_home"),
        (_("My assignments"), "review:expert_assignments"),
        (_("Conflicts of interest"), "review:conflicts"),
    ],
    Role.ADMIN: [
        (_("Admin console"), "admin_home"),
        (_("Rounds"), "tiers:round_list"),
        (_("Quotas"), "tiers:quota_list"),
        (_("Certificates"), "review:certificate_list"),
        (_("Scoring rubric"), "review:rubric"),
        (_("Conflicts of interest"), "review:conflicts"),
        (_("Titles"), "tiers:title_list"),
        (_("Rename requests"), "tiers:rename_province"),
        (_("Accounts"), "accounts:staff_list"),
        (_("Audit log"), "audit_log"),
        (_("Django admin"), "admin:index"),
    ],
}


def menu_for(user):
    role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
    items = []
    for label, name in MENUS.get(role, []):
        try:
            items.append({"label": label, "url": reverse(name), "name": name})
        except NoReverseMatch:
            continue
    return items
