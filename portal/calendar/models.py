"""The working-day calendar: the days that are not what their weekday says, and the years loaded."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday (no work)")
    WORKING_DAY = "working_day", _("Adjusted working day (weekend worked)")


class CalendarDay(models.Model):
    """A day that is not what its weekday says: a holiday on a weekday, or a weekend worked (调休)."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True, help_text=_("The holiday, or the holiday it makes up for."))

    class Meta:
        verbose_name = _("holiday or adjusted working day")
        verbose_name_plural = _("holidays and adjusted working days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("The chinesecalendar package")
    ADMIN = "admin", _("The State Council's notice, entered by an administrator")


class CalendarYear(models.Model):
    """A year whose holidays and weekends worked are loaded: periods may be counted across it. A year
    without this row is unknown, and a period reaching it is refused (``working_days.ensure_known``)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=20, choices=CalendarSource.choices)
    notice = models.CharField(_("State Council notice"), max_length=200, blank=True,
                              help_text=_("The title or document number of the notice the holidays come from."))
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("loaded by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("calendar year loaded")
        verbose_name_plural = _("calendar years loaded")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)
