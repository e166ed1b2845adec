"""The December reminder: next year's holidays still missing from the working-day calendar."""
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.notifications import register_kind
from portal.reminders import Reminder, finder, subject

YEAR_MISSING = register_kind("portal.calendar_year_missing", gettext_lazy("Next year's holidays not yet loaded"),
                             audience="province")


def administrators():
    from portal.accounts.constants import Role
    from portal.accounts.models import User

    return User.objects.filter(role=Role.ADMIN, is_active=True)


@finder("portal.calendar_year_missing")
def next_year_missing(today):
    """In December, once to each admin: next year's holidays are neither in the chinesecalendar package nor
    entered (periods reaching next year are refused until they are)."""
    from .working_days import missing_years

    if today.month != 12:
        return []
    year = today.year + 1
    first = today.replace(year=year, month=1, day=1)
    if not missing_years(first, first):
        return []
    try:
        url = reverse("admin:portal_calendaryear_enter")
    except NoReverseMatch:
        url = ""
    return [Reminder(
        key=f"portal.calendar_year_missing:{year}", users=administrators(), kind=YEAR_MISSING.code,
        subject=subject(_("The holidays of %(year)s are not loaded yet") % {"year": year}),
        body=_("The working-day calendar has no holidays for %(year)s: no public notice, statement period or "
               "other period reaching %(year)s can be set until they are loaded. Enter the State Council's "
               "notice on the holidays of %(year)s in the administration, or update the chinesecalendar "
               "package once it knows them.") % {"year": year},
        url=url)]
