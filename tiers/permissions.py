"""Who manages the rule book (django-rules permissions).

Art. 12 gives the recommendation quotas to the provincial department, which also opens the rounds:
its officers (and admins, who hold its full rights) manage rounds, quota plans and overrides. The
reference texts — tiers and their requirements, the scenario guide — and the record of an extension
of the measures' validity (Art. 19) stay with the administrators.

A city bureau runs its own basic-tier rounds (Art. 4, 11) within the province's calendar: it opens
them for its city and changes them; a provincial round is changed by the province, a city's round by
its bureau (and an admin, who holds every right).
"""
import rules

from portal.accounts.permissions import is_admin, is_city_official, is_provincial_staff


@rules.predicate
def is_bureau_of(user, city):
    """An official of ``city``'s bureau."""
    return city is not None and getattr(user, "city_id", None) == getattr(city, "pk", None)


@rules.predicate
def runs_the_round(user, round):
    """The round's organiser: the province (staff) for its rounds, the city's bureau for a city's own."""
    if round is None:
        return False
    if round.organiser_id is None:
        return is_provincial_staff(user)
    return is_admin(user) or (is_city_official(user) and user.city_id == round.organiser_id)


rules.add_perm("tiers.manage_rounds", is_provincial_staff)
rules.add_perm("tiers.city_rounds_area", is_city_official)
rules.add_perm("tiers.run_city_rounds", is_city_official & is_bureau_of)
rules.add_perm("tiers.change_round", runs_the_round)
rules.add_perm("tiers.manage_quotas", is_provincial_staff)
rules.add_perm("tiers.manage_reference_data", is_admin)
