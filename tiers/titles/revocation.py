"""Revocation of a title (撤销称号, Art. 15). Renames are ``renames`` (Art. 16).

A title is never deleted: a revoked title keeps its record, with the date, the Art. 15 ground and a
note, and its certificate then verifies as revoked.
"""
from typing import Any

from django.db import transaction

from .certificates import mark_revoked
from .lifecycles import TITLE


@transaction.atomic
def revoke_title(title: Any, *, ground: str, note: str, revoked_on: Any, actor: Any) -> Any:
    """Revoke ``title`` on an Art. 15 ground.

    Before: ``actor`` may revoke it (the province any title, a city bureau the basic titles of its own
    city); the title is active; ``ground`` is one of ``RevocationGround`` (each names its Art. 15 item);
    a note says what the decision rests on; the date is not before the recognition nor in the future.
    After: status revoked with the date, ground and note, audited as ``tiers.title_revoked``; the
    current certificate verifies as revoked from that date (``certificates.mark_revoked``). Nothing is
    deleted. Returns the title.
    """
    title = TITLE.perform(title, "revoke", actor=actor,
                          data={"ground": ground, "note": note, "revoked_on": revoked_on})
    mark_revoked(title, actor=actor)
    return title
