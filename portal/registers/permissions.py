"""Who imports and reads the reference lists (django-rules predicates on a ``ListVersion``).

The province (officers and admins) imports and reads every list. A city bureau imports and reads its own
city's above-size list, and reads the province-wide dishonest-entity list, which it checks applicants
against when it pre-screens (the list is public on 信用中国 anyway). Enterprises and experts see no list.
"""
import rules

from portal.accounts.permissions import is_city_official, is_provincial_staff

from .constants import PER_CITY


@rules.predicate
def is_city_official_of_list(user, version):
    """A city official, and the list is its own city's (a per-city list)."""
    return (version is not None and version.kind in PER_CITY and version.city_id is not None
            and version.city_id == getattr(user, "city_id", None))


@rules.predicate
def is_province_wide_list(user, version):
    return version is not None and version.kind not in PER_CITY


rules.add_perm("registers.import_list", is_provincial_staff | (is_city_official & is_city_official_of_list))
rules.add_perm("registers.view_list", is_provincial_staff
               | (is_city_official & (is_city_official_of_list | is_province_wide_list)))
rules.add_perm("registers.import_any_list", is_provincial_staff | is_city_official)
