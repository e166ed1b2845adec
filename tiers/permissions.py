"""Who manages the rule book (django-rules permissions).

Art. 12 gives the recommendation quotas to the provincial department, which also opens the rounds:
its officers (and admins, who hold its full rights) manage rounds, quota plans and overrides. The
reference texts — tiers and their requirements, the scenario guide — and the record of an extension
of the measures' validity (Art. 19) stay with the administrators.
"""
import rules

from portal.accounts.permissions import is_admin, is_provincial_staff

rules.add_perm("tiers.manage_rounds", is_provincial_staff)
rules.add_perm("tiers.manage_quotas", is_provincial_staff)
rules.add_perm("tiers.manage_reference_data", is_admin)
