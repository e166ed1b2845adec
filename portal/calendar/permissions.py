"""Who loads a year's holidays into the working-day calendar: the administrators."""
import rules

from portal.accounts.permissions import is_admin


def can_load_calendar(user, obj=None):
    """An administrator enters the State Council's holiday notice of a year the package does not know."""
    return is_admin(user)


rules.add_perm("portal.load_calendar", can_load_calendar)
