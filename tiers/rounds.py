"""When and by whom applications may be submitted: application rounds (批次) and the measures' validity.

- ``ensure_open_for_submission(round, tier=..., city=...)`` guards every submission.
- ``open_rounds_for(enterprise)`` lists the rounds an enterprise may submit to now.
- ``measures_end_date()`` is the last day the measures are valid (Art. 19): 2027-12-31 from settings,
  or the latest ``MeasuresExtension`` an admin has recorded. No round may close after that day.
"""
import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import ActionRefused

from .models import MeasuresExtension, Round


def measures_end_date():
    """The last day the measures are valid: settings.MEASURES_END_DATE or a later recorded extension (Art. 19)."""
    end = datetime.date.fromisoformat(str(settings.MEASURES_END_DATE))
    extension = MeasuresExtension.objects.order_by("-valid_until").values_list("valid_until", flat=True).first()
    return max(end, extension) if extension else end


def measures_end_moment():
    """The first instant after the measures' last day, in the portal's time zone: rounds close by then."""
    end = measures_end_date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(end, datetime.time.min))


def ensure_open_for_submission(round, *, tier, city, at=None):
    """Raise ActionRefused unless an application of ``tier`` from ``city`` may be submitted to ``round`` at ``at``.

    Refused when the round is not yet open or already closed, when ``at`` is past the measures'
    end date (Art. 19), when the tier is not open in the round, or when the city does not take part
    (Qingdao has run its own process outside the provincial call).
    """
    at = at or timezone.now()
    if at >= measures_end_moment():
        raise ActionRefused(
            _("The measures are valid until %(date)s; no application can be submitted after that (Art. 19).")
            % {"date": measures_end_date().isoformat()},
            article="Art. 19",
        )
    if at < round.opens_at:
        raise ActionRefused(
            _("The round “%(round)s” is not open yet: submissions open at %(opens)s.")
            % {"round": round.display_name, "opens": timezone.localtime(round.opens_at).strftime("%Y-%m-%d %H:%M")},
        )
    if at >= round.closes_at:
        raise ActionRefused(
            _("The round “%(round)s” closed at %(closes)s; no more submissions are accepted.")
            % {"round": round.display_name, "closes": timezone.localtime(round.closes_at).strftime("%Y-%m-%d %H:%M")},
        )
    if not round.tiers.filter(pk=tier.pk).exists():
        raise ActionRefused(
            _("The round “%(round)s” is not open for %(tier)s (Art. 4).") % {"round": round.display_name, "tier": tier.name},
            article="Art. 4",
        )
    if not round.cities.filter(pk=city.pk).exists():
        raise ActionRefused(
            _("%(city)s does not take part in the round “%(round)s”; enterprises there apply through their "
              "city's own process (Art. 12).") % {"city": city.name, "round": round.display_name},
            article="Art. 12",
        )


def open_rounds(at=None):
    """Rounds open for submission at ``at`` (now by default), not past the measures' end."""
    at = at or timezone.now()
    if at >= measures_end_moment():
        return Round.objects.none()
    return Round.objects.filter(opens_at__lte=at, closes_at__gt=at)


def open_rounds_for(enterprise, at=None):
    """Rounds open now in which the enterprise's city takes part, with their tiers prefetched."""
    return open_rounds(at).filter(cities=enterprise.city).prefetch_related("tiers").distinct()
