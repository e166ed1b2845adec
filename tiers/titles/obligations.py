"""Art. 14: what a titled enterprise is expected to do, recorded year by year in its annual report.

``save_annual_report`` is the one write; ``reports_visible_to`` the one read (the province all, a city
its own, an enterprise its own).
"""
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.errors import ensure

from .constants import TitleStatus
from .models import AnnualReport, Title
from .selectors import scope_to_reader

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "titles.annual_report_saved": gettext_lazy("Annual report saved (Art. 14)"),
})

REPORT_FIELDS = ("standards_led", "standards_joined", "standards_detail", "solutions_formed", "solutions_detail",
                 "people_trained", "visits_hosted", "cases_published", "experience_detail")


def first_titled_year(enterprise: Any) -> Any:
    """The year of the enterprise's earliest active title, or None when it holds none."""
    return (Title.objects.filter(enterprise=enterprise, status=TitleStatus.ACTIVE)
            .order_by("year").values_list("year", flat=True).first())


def reportable_years(enterprise: Any) -> list[int]:
    """The years the enterprise may report on: from its first active title to this year, newest first."""
    first = first_titled_year(enterprise)
    if first is None:
        return []
    return list(range(timezone.localdate().year, first - 1, -1))


@transaction.atomic
def save_annual_report(*, enterprise: Any, year: int, data: dict[str, Any], actor: Any) -> AnnualReport:
    """Create or update the enterprise's report for ``year``.

    Pre: the actor is a user of the enterprise; the enterprise holds an active title (Art. 14 concerns
    the enterprises recognized as smart-factory cultivation objects); the year is one it may report on.
    Post: one report for the enterprise and year with ``data``; one audit row with what changed.
    """
    ensure(getattr(actor, "enterprise_id", None) == enterprise.pk, _("You may only report for your own enterprise."))
    years = reportable_years(enterprise)
    ensure(bool(years), _("Only an enterprise holding an active title files the annual report."), article="Art. 14")
    ensure(year in years, _("Choose a year from your first title's year to this year."), article="Art. 14")
    report = AnnualReport.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    before = {name: getattr(report, name) for name in REPORT_FIELDS} if report else None
    if report is None:
        report = AnnualReport(enterprise=enterprise, year=year)
    for name in REPORT_FIELDS:
        setattr(report, name, data.get(name) or ("" if name.endswith("_detail") else 0))
    report.updated_by = actor
    report.save()
    audit(actor, "titles.annual_report_saved", report, before=before,
          after={name: getattr(report, name) for name in REPORT_FIELDS})
    return report


def reports_visible_to(user: Any) -> Any:
    return scope_to_reader(AnnualReport.objects.select_related("enterprise__city"), user)
