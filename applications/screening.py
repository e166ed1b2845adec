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

The screening screens titles, not enterprises: each active title whose enterprise the latest list names is
screened once per listing, so a title granted after its enterprise was screened is screened too. A title
granted while the enterprise's credit case (a case this screening opened) is still open joins that case at
once, in ``grant_title``'s transaction (``tiers.titles.grants.title_granted``, ``join_open_cases``): the case
of its tier's authority, or a new case of that authority in the same group; the screening does the same for a
title it finds unmarked while such a case is open. Otherwise the unmarked titles get their own cases
(``open_cases`` restricted to them), and a title that succeeds a renamed one (Art. 16) inherits its marks, as
it inherits its cases (``tiers.titles.succession``).

"Already screened" is a ``DishonestScreening`` row per title and listing date, written in the same
transaction as the cases that cover it: a run cut short keeps what it committed and the next run does the
rest; a second run finds every mark and opens nothing; two overlapping runs meet on the row's unique
constraint. A listing that is dismissed on its case is not screened again for the titles that case covered; a
later listing (another date) is, and so is a title granted since.

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
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.calendar.working_days import working_days_after
from portal.registers.constants import ListKind
from portal.registers.selectors import latest_version
from tiers.titles.constants import CASE_OPEN_STATUSES, RevocationGround, TitleStatus
from tiers.titles.grants import title_granted
from tiers.titles.models import RevocationCase, Title
from tiers.titles.revocation import join_open_cases, open_cases

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
    """Open (or join) a revocation case for every active title of an enterprise newly found on the latest
    dishonest-entity list.

    Before: nothing (no list imported: nothing to do). After: for each enterprise the latest list names that
    holds active titles without a ``DishonestScreening`` of its listing: those titles join the enterprise's
    open credit case (``join_open_cases``) or get cases of their own (``open_cases``: one per deciding
    authority, sharing a group; each audited and told to the enterprise), and are marked, in one transaction.
    Returns {"screened": enterprises with titles screened now, "already": enterprises whose titles were all
    marked, "skipped": left for want of an actor}. Safe to run twice.
    """
    version = latest_version(ListKind.DISHONEST)
    counts = {"screened": 0, "already": 0, "skipped": 0}
    if version is None:
        return counts
    today = today or timezone.localdate()
    titles = (Title.objects.filter(status=TitleStatus.ACTIVE,
                                   enterprise__credit_code__in=version.entries.values("credit_code"))
              .select_related("enterprise", "tier").order_by("enterprise_id", "pk"))
    by_enterprise: dict[int, list[Any]] = {}
    for title in titles:
        by_enterprise.setdefault(title.enterprise_id, []).append(title)
    entries = {e.credit_code: e for e in version.entries.filter(credit_code__in=titles.values("enterprise__credit_code"))}
    marked = set(DishonestScreening.objects.filter(title__in=titles).values_list("title_id", "listed_on"))
    with translation.override(settings.LANGUAGE_CODE):
        for held in by_enterprise.values():
            enterprise = held[0].enterprise
            entry = entries[enterprise.credit_code]
            if entry.listed_on is None:  # the import requires the date on this list; never without one
                continue
            pending = [t for t in held if (t.pk, entry.listed_on) not in marked]
            if not pending:
                counts["already"] += 1
                continue
            if not rules.has_perm("titles.open_revocation_case", version.imported_by, enterprise):
                logger.warning("Dishonest-list screening: %s (who imported list version %s) may not open cases; "
                               "enterprise %s is left for the next import.", version.imported_by, version.pk,
                               enterprise.pk)
                counts["skipped"] += 1
                continue
            counts["screened" if _screen(enterprise, pending, entry, version, today) else "already"] += 1
    return counts


def open_credit_mark(enterprise: Any) -> DishonestScreening | None:
    """The mark of the enterprise's latest listing whose cases are still open (its credit case), or None."""
    open_groups = RevocationCase.objects.filter(enterprise=enterprise, status__in=CASE_OPEN_STATUSES).values("group")
    return (DishonestScreening.objects.filter(enterprise=enterprise, case_group__in=open_groups)
            .select_related("entry").order_by("-listed_on", "-pk").first())


def _screen(enterprise: Any, titles: list[Any], entry: Any, version: Any, today: datetime.date) -> bool:
    """Mark the titles for the listing and open or join their cases, together; False when another run marked
    one of them first."""
    ground = ground_for(entry, enterprise)
    try:
        with transaction.atomic():
            marks = [DishonestScreening.objects.create(enterprise=enterprise, title=title, listed_on=entry.listed_on,
                                                       entry=entry, ground=ground) for title in titles]
            credit = open_credit_mark(enterprise)
            if credit is not None and credit.case_group is not None:
                group = credit.case_group
                for title in titles:
                    join_open_cases(title, group=group, actor=version.imported_by)
            else:
                group = open_cases(enterprise=enterprise, ground=ground, titles=titles,
                                   facts=_facts(entry, version, ground, last_declared_on(enterprise)),
                                   statement_due=working_days_after(today, STATEMENT_DAYS),
                                   actor=version.imported_by)[0].group
            DishonestScreening.objects.filter(pk__in=[m.pk for m in marks]).update(case_group=group)
    except IntegrityError:
        return False
    return True


@receiver(title_granted, dispatch_uid="applications.screen_granted_title")
def _on_title_granted(sender: Any, title: Any, predecessor: Any, actor: Any, **kwargs: Any) -> None:
    """A title granted during its enterprise's credit case joins it, and is marked for that listing; a renamed
    title's successor inherits its marks (its cases follow it: ``tiers.titles.succession``). In the grant's
    transaction."""
    if predecessor is not None:
        for mark in DishonestScreening.objects.filter(title=predecessor):
            DishonestScreening.objects.create(enterprise=title.enterprise, title=title, listed_on=mark.listed_on,
                                              entry=mark.entry, ground=mark.ground, case_group=mark.case_group)
        return
    credit = open_credit_mark(title.enterprise)
    if credit is None or credit.case_group is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if join_open_cases(title, group=credit.case_group, actor=actor) is None:
            return
    DishonestScreening.objects.create(enterprise=title.enterprise, title=title, listed_on=credit.listed_on,
                                      entry=credit.entry, ground=credit.ground, case_group=credit.case_group)
