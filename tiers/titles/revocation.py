"""Writes on titles after recognition: revocation (Art. 15). Renames are ``tiers.renames`` (Art. 16).

A title is never deleted: a revoked title keeps its record, with the date, the Art. 15 ground and a
note, and its certificate then verifies as revoked.
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit
from portal.errors import ensure

from .constants import RevocationGround, TitleStatus
from .models import Title
from .permissions import can_revoke_title


def _revocation_state(title):
    return {
        "status": title.status,
        "revoked_on": title.revoked_on.isoformat() if title.revoked_on else None,
        "revocation_ground": title.revocation_ground,
        "revocation_note": title.revocation_note,
    }


@transaction.atomic
def revoke_title(title, *, ground, note, revoked_on, actor):
    """Revoke ``title`` on an Art. 15 ground (撤销称号).

    Before: ``actor`` may revoke it (the province any title, a city bureau the basic titles of its own
    city); the title is active; ``ground`` is one of ``RevocationGround`` (each names its Art. 15 item);
    a note says what the decision rests on; the date is not before the recognition nor in the future.
    After: status revoked with the date, ground and note; the current certificate verifies as revoked
    from that date (``review.certificates.mark_revoked``); audited as ``tiers.title_revoked``. Nothing
    is deleted. Returns the title.
    """
    from tiers.titles.certificates import mark_revoked  # review imports tiers; import it only when called

    title = (Title.objects.select_for_update(of=("self",)).select_related("tier", "enterprise__city")
             .get(pk=title.pk))
    ensure(can_revoke_title(actor, title), _("You may not revoke this title."), article="Art. 15")
    ensure(title.status == TitleStatus.ACTIVE,
           _("Only an active title can be revoked; this one is “%(status)s”.") % {"status": title.get_status_display()},
           article="Art. 15")
    ensure(ground in RevocationGround.values, _("Choose the ground of Art. 15 the revocation rests on."),
           article="Art. 15")
    note = (note or "").strip()
    ensure(bool(note), _("Say what the revocation rests on (the facts, the document or the authority's decision)."),
           article="Art. 15")
    ensure(revoked_on is not None and revoked_on <= timezone.localdate(),
           _("The date of revocation cannot be in the future."))
    ensure(revoked_on >= title.recognized_on,
           _("The date of revocation cannot be before the title was recognized (%(date)s).")
           % {"date": title.recognized_on.isoformat()})
    before = _revocation_state(title)
    title.status = TitleStatus.REVOKED
    title.revoked_on = revoked_on
    title.revocation_ground = ground
    title.revocation_note = note
    title.save(update_fields=["status", "revoked_on", "revocation_ground", "revocation_note"])
    audit(actor, "tiers.title_revoked", title, before=before, after=_revocation_state(title), message=note)
    mark_revoked(title, actor=actor)
    return title
