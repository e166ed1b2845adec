"""Granting a title: the only code that creates one.

City recognition (Art. 11), provincial certification (Art. 10, 12), MIIT's outcome (Art. 13) and a
rename or restructuring (Art. 16) all call ``grant_title``; it records the title, writes the grant as
the first row of the title's own audit trail and asks for its certificate, in the caller's transaction.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from portal.audit import audit
from portal.errors import ensure

from .certificates import current_certificate, reissue_for_rename, request_certificate
from .constants import TitleStatus, Validity
from .lifecycles import TITLE
from .models import Certificate, Title

# Sent at the end of ``grant_title``, inside its transaction, with sender=Title, title, predecessor (the
# renamed title, or None) and actor: a higher layer's receiver records what follows the new title there
# (``applications.screening``: a title granted during a credit case joins it).
title_granted = Signal()


def title_year(*, round: Any = None, predecessor: Title | None = None, recognized_on: datetime.date) -> int:
    """The year a title carries: the year of the round it was applied for in (a 2025 round's advanced
    factories are the 2025 list, even when certified in 2026); a renamed title keeps its predecessor's
    year; a title granted outside any round (e.g. from paper records) carries its recognition year."""
    if predecessor is not None:
        return predecessor.year
    if round is not None:
        return round.year
    return recognized_on.year


@transaction.atomic
def grant_title(*, enterprise: Any, tier: Any, recognized_on: datetime.date, source: str, actor: Any,
                round: Any = None, predecessor: Title | None = None, miit_document: str = "",
                rename_request: Any = None, scenarios: Any = ()) -> Title:
    """Record a title for ``enterprise`` of ``tier`` and ask for its certificate.

    Before: the caller has taken the decision the regulation asks for (and checked who took it);
    for MIIT's tiers ``miit_document`` names MIIT's document (Art. 13); a ``predecessor`` is the
    enterprise's active title of the same tier that a rename or restructuring replaces (Art. 16).
    After, in one transaction: an active title under the enterprise's current name, with the year
    decided by ``title_year``; the audit row ``titles.title_granted`` on the title itself (the first row
    of its history); a numbered certificate queued for rendering; ``title_granted`` sent. With a
    ``predecessor``: it is superseded by the new title, and its valid certificate by the new one (none is
    issued when the predecessor never had one, e.g. a title recorded from paper records). An excellent-scenario award
    names its ``scenarios`` (Art. 10; a rename carries the predecessor's over), and so does its
    certificate. Returns the title.
    """
    ensure(recognized_on is not None, _("A title needs the date of its recognition."))
    if predecessor is not None:
        predecessor = Title.objects.select_for_update(of=("self",)).get(pk=predecessor.pk)
        ensure(predecessor.status == TitleStatus.ACTIVE and predecessor.tier_id == tier.pk,
               _("Only an active title of the same tier is replaced by a rename."), article="Art. 16")
    title = Title(
        enterprise=enterprise, tier=tier, status=TitleStatus.ACTIVE, enterprise_name=enterprise.name,
        recognized_on=recognized_on, source=(source or "")[:200],
        year=title_year(round=round, predecessor=predecessor, recognized_on=recognized_on),
    )
    title.save()
    scenarios = list(predecessor.scenarios.all()) if predecessor is not None else list(scenarios or ())
    if scenarios:
        title.scenarios.set(scenarios)
    audit(actor, "titles.title_granted", title, after={
        "tier": tier.code, "year": title.year, "enterprise_name": title.enterprise_name,
        "recognized_on": recognized_on.isoformat(), "source": title.source,
        **({"round": round.pk} if round is not None else {}),
        **({"predecessor": predecessor.pk} if predecessor is not None else {}),
        **({"rename_request": rename_request.pk} if rename_request is not None else {}),
        **({"scenarios": [s.pk for s in scenarios]} if scenarios else {}),
    })
    if predecessor is None:
        request_certificate(title, actor=actor, miit_document=miit_document)
    else:
        TITLE.perform(predecessor, "supersede", actor=actor,
                      data={"successor": title, "rename_request": rename_request.pk if rename_request else None})
        old: Certificate | None = current_certificate(predecessor)
        if old is not None and old.validity == Validity.VALID:
            reissue_for_rename(predecessor, title, actor=actor)
    title_granted.send(sender=Title, title=title, predecessor=predecessor, actor=actor)
    return title
