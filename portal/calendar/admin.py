"""The working-day calendar in the Django admin: the holiday table is reference data (each change one
audit row); the years loaded are records, and a year the chinesecalendar package does not know yet is
loaded on its own page from the State Council's notice (``seeding.enter_year``)."""
import datetime
import re

import rules
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.admin_base import AuditedAdmin, RecordAdmin
from portal.errors import ActionRefused

from . import permissions  # noqa: F401 - registers portal.load_calendar
from .models import CalendarDay, CalendarYear
from .seeding import enter_year

_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s*(?:~|至|到|—|--)\s*(\d{4}-\d{2}-\d{2}))?\s+(\S.*)$")


def _lines(text, *, ranges):
    """Parse one entry per line: ``2027-02-10 ~ 2027-02-16 春节`` (a range) or ``2027-02-07 春节调休``."""
    entries = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None or (match.group(2) and not ranges):
            raise ValidationError(_("Line %(number)d is not in the form shown: %(line)s"),
                                  params={"number": number, "line": line})
        try:
            first = datetime.date.fromisoformat(match.group(1))
            last = datetime.date.fromisoformat(match.group(2) or match.group(1))
        except ValueError as error:
            raise ValidationError(_("Line %(number)d has no valid date: %(line)s"),
                                  params={"number": number, "line": line}) from error
        name = match.group(3).strip()
        entries.append((first, last, name) if ranges else (first, name))
    return entries


class EnterYearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    notice = forms.CharField(label=_("State Council notice"), max_length=200, widget=forms.TextInput(attrs={"size": 70}),
                             help_text=_("The title or document number of the notice the holidays come from."))
    holidays = forms.CharField(
        label=_("holidays"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One holiday a line, its first and last day and its name, e.g. 2027-02-10 ~ 2027-02-16 春节."))
    worked_days = forms.CharField(
        label=_("weekends worked (调休)"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
        help_text=_("One Saturday or Sunday worked a line, with the holiday it makes up for, e.g. 2027-02-07 春节调休."))

    def clean_holidays(self):
        return _lines(self.cleaned_data["holidays"], ranges=True)

    def clean_worked_days(self):
        return _lines(self.cleaned_data["worked_days"], ranges=False)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    """The holiday table every period's working days respect (holidays, and weekends worked instead)."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(CalendarYear)
class CalendarYearAdmin(RecordAdmin):
    """The years whose holidays are loaded; a missing year is entered on its own page."""

    list_display = ["year", "source", "notice", "loaded_at", "loaded_by"]
    list_select_related = ["loaded_by"]
    change_list_template = "admin/portal/calendaryear/change_list.html"
    portal_note = _("Loaded from the chinesecalendar package every day, or entered by an administrator from the "
                    "State Council's notice on this admin's own page; each entry is audited.")

    def get_urls(self):
        enter = path("enter/", self.admin_site.admin_view(self.enter_view), name="portal_calendaryear_enter")
        return [enter, *super().get_urls()]

    def enter_view(self, request):
        if not rules.has_perm("portal.load_calendar", request.user):
            raise PermissionDenied
        form = EnterYearForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                loaded = enter_year(data["year"], holidays=data["holidays"], worked_days=data["worked_days"],
                                    notice=data["notice"], actor=request.user)
            except ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                self.message_user(request, _("The holidays of %(year)s are loaded.") % {"year": loaded.year},
                                  messages.SUCCESS)
                return redirect("admin:portal_calendaryear_changelist")
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": _("Enter a year's holidays from the State Council's notice")}
        return TemplateResponse(request, "admin/portal/calendaryear/enter.html", context)
