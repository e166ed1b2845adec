"""The daily screening of titled enterprises against the list of seriously dishonest entities (Art. 5 (2),
Art. 15): each enterprise holding an active title that the latest list names gets a revocation case, opened
for the authority of its titles to decide (``tiers.titles.revocation.open_cases``). The screening never
revokes: the enterprise states its case and the authority decides, as on any case.

The ground, documented here because the regulation leaves it to the reader:

* (1) false information in the application, when the listing date is before the enterprise last declared
  it was not on the list — every submission carries the Art. 5 (2) declaration ("未被列入严重失信主体名单")
  and the pledge, so a submission after the listing made a false declaration;
* (5) another violation punished so that the enterprise no longer qualifies, when it was listed on or
  after its last submission: it told the truth then, and the listing (a punishment by another authority)
  now takes away what Art. 5 (2) requires. The same day counts as after: it may not have known.

"Already screened" is a ``DishonestScreening`` row per enterprise and listing date, written in the same
transaction as the cases: a run cut short keeps what it committed and the next run does the rest; a
second run finds every mark and opens nothing; two overlapping runs meet on the row's unique constraint.
A listing that is dismissed on its case is not screened again; a later listing (another date) is.

The case is opened in the name of whoever imported the list version (a provincial officer or an admin,
the only ones who may import that list), who may open cases on any enterprise. If that account can no
longer open cases (deactivated), the listing is left unmarked and logged, and is screened again once
someone imports the list anew.
"""
from __future__ import annotations

import datetime
import logging
from typing import Any

import rules
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.calendar.working_days import working_days_after
from portal.registers.constants import ListKind
from portal.registers.selectors import latest_version
from tiers.titles.constants import RevocationGround, TitleStatus
from tiers.titles.revocation import open_cases

from .models import ApplicationVersion, DishonestScreening

logger = logging.getLogger(__name__)

# The enterprise's time to state its case (陈述申辩), in working days; the case requires at least
# MIN_STATEMENT_DAYS working days.
STATEMENT_DAYS = 10


def last_declared_on(enterprise: Any) -> datetime.date | None:
    """The date the enterprise last declared it was not on the list: its latest submitted version."""
    at = ApplicationVersion.objects.filter(application__enterprise=enterprise).aggregate(at=Max("submitted_at"))["at"]
    return timezone.localdate(at) if at else None


def ground_for(entry: Any, enterprise: Any) -> str:
    """(1) when the listing came before the enterprise's last declaration, else (5) (module docstring)."""
    declared = last_declared_on(enterprise)
    if declared is not None and entry.listed_on < declared:
        return RevocationGround.FALSE_INFORMATION
    return RevocationGround.OTHER_VIOLATION


def _facts(entry: Any, version: Any, ground: str, declared: datetime.date | None) -> str:
    facts = _("The daily screening found the enterprise on the list of seriously dishonest entities (version "
              "%(number)d, as of %(as_of)s, from %(source)s): listed on %(listed_on)s by %(authority)s.") % {
        "number": version.number, "as_of": version.as_of.isoformat(), "source": version.source,
        "listed_on": entry.listed_on.isoformat(), "authority": entry.authority}
    if entry.reason:
        facts += " " + _("Reason: %(reason)s") % {"reason": entry.reason}
    if ground == RevocationGround.FALSE_INFORMATION and declared is not None:
        facts += " " + _("It was already listed when it declared on %(date)s that it was not (Art. 5 (2)): "
                         "false information in the application (Art. 15 (1)).") % {"date": declared.isoformat()}
    else:
        facts += " " + _("It was listed after its last declaration, so it no longer meets Art. 5 (2) "
                         "(Art. 15 (5)).")
    return facts


def screen_dishonest_entities(today: datetime.date | None = None) -> dict[str, int]:
    """Open a revocation case for every titled enterprise newly found on the latest dishonest-entity list.

    Before: nothing (no list imported: nothing to do). After: for each enterprise with an active title whose
    code the latest list names and whose listing has no ``DishonestScreening`` yet, the cases of
    ``open_cases`` (one per deciding authority, sharing a group; each audited and told to the enterprise)
    and the mark, in one transaction. Returns {"screened": enterprises found now, "already": already marked,
    "skipped": left for want of an actor}. Safe to run twice.
    """
    version = latest_version(ListKind.DISHONEST)
    counts = {"screened": 0, "already": 0, "skipped": 0}
    if version is None:
        return counts
    from portal.accounts.models import Enterprise

    today = today or timezone.localdate()
    titled = (Enterprise.objects.filter(titles__status=TitleStatus.ACTIVE,
                                        credit_code__in=version.entries.values("credit_code")).distinct())
    entries = {e.credit_code: e for e in version.entries.filter(credit_code__in=titled.values("credit_code"))}
    with translation.override(settings.LANGUAGE_CODE):
        for enterprise in titled.order_by("pk"):
            entry = entries[enterprise.credit_code]
            if entry.listed_on is None:  # the import requires the date on this list; never without one
                continue
            if DishonestScreening.objects.filter(enterprise=enterprise, listed_on=entry.listed_on).exists():
                counts["already"] += 1
                continue
            if not rules.has_perm("titles.open_revocation_case", version.imported_by, enterprise):
                logger.warning("Dishonest-list screening: %s (who imported list version %s) may not open cases; "
                               "enterprise %s is left for the next import.", version.imported_by, version.pk,
                               enterprise.pk)
                counts["skipped"] += 1
                continue
            counts["screened" if _screen(enterprise, entry, version, today) else "already"] += 1
    return counts


def _screen(enterprise: Any, entry: Any, version: Any, today: datetime.date) -> bool:
    """Mark the listing and open its cases, together; False when another run marked it first."""
    ground = ground_for(entry, enterprise)
    try:
        with transaction.atomic():
            mark = DishonestScreening.objects.create(enterprise=enterprise, listed_on=entry.listed_on, entry=entry,
                                                     ground=ground)
            cases = open_cases(enterprise=enterprise, ground=ground,
                               facts=_facts(entry, version, ground, last_declared_on(enterprise)),
                               statement_due=working_days_after(today, STATEMENT_DAYS),
                               actor=version.imported_by)
            mark.case_group = cases[0].group
            mark.save(update_fields=["case_group"])
    except IntegrityError:
        return False
    return True
