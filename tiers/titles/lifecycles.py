"""The lifecycles of a title and of its certificate's validity, on the portal's one engine.

Title status (``TitleStatus``)::

    active ─revoke (Art. 15)─▶ revoked ─restore (the revocation overturned)─▶ active
       └───supersede (a rename or restructuring, Art. 16)─▶ superseded

Certificate validity (``Validity``), the legal state public verification answers::

    valid ─supersede (its title was renamed)─▶ superseded
      └────revoke (its title was revoked)────▶ revoked

Superseded is final for both: a title or certificate is a legal record and never comes back; a new
one is granted or issued instead. Revoked is final too, unless the revocation itself is overturned on
administrative review or in court (``revocation.CASE``'s ``overturn``): then ``restore`` makes the same
title active and its certificate valid again, and the history keeps both moves. Titles are created
only by ``grants.grant_title``.
"""
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.errors import ensure
from portal.lifecycle import Lifecycle, Transition, register

from . import permissions  # noqa: F401 - registers the permissions the tables ask for
from .constants import RevocationGround, TitleStatus, Validity
from .models import Certificate, Title

TITLE = register(Lifecycle("title", Title, states=TitleStatus, noun=_("title"),
                           select_related=("tier", "enterprise__city")))
CERTIFICATE = register(Lifecycle("certificate", Certificate, states=Validity, noun=_("certificate"),
                                 field="validity", select_related=("title__tier", "title__enterprise__city")))


def _revocation_facts(title: Title) -> Any:
    return {"revoked_on": title.revoked_on.isoformat() if title.revoked_on else None,
            "revocation_ground": title.revocation_ground, "revocation_note": title.revocation_note}


def _revoke_title(title: Title, actor: Any, data: Any) -> Any:
    """Art. 15: the ground is one of its five items; a note says what the decision rests on; the date
    is neither in the future nor before the recognition."""
    ground = data.get("ground")
    ensure(ground in RevocationGround.values, _("Choose the ground of Art. 15 the revocation rests on."),
           article="Art. 15")
    note = (data.get("note") or "").strip()
    ensure(bool(note), _("Say what the revocation rests on (the facts, the document or the authority's decision)."),
           article="Art. 15")
    revoked_on = data.get("revoked_on")
    ensure(revoked_on is not None and revoked_on <= timezone.localdate(),
           _("The date of revocation cannot be in the future."))
    ensure(revoked_on >= title.recognized_on,
           _("The date of revocation cannot be before the title was recognized (%(date)s).")
           % {"date": title.recognized_on.isoformat()})
    certificate = Certificate.objects.filter(title=title).exclude(validity=Validity.SUPERSEDED).first()
    ensure(certificate is None or revoked_on >= certificate.issued_on,
           _("The date of revocation cannot be before the title's certificate was issued (%(date)s).")
           % {"date": certificate.issued_on.isoformat() if certificate else ""})
    title.revoked_on, title.revocation_ground, title.revocation_note = revoked_on, ground, note
    data["note"] = note  # the audit row's message
    return ["revoked_on", "revocation_ground", "revocation_note"], _revocation_facts(title)


def _restore_title(title: Title, actor: Any, data: Any) -> Any:
    """The revocation was overturned (``data["case"]``): the title is active again; the audit row keeps
    the revocation it undoes."""
    case = data.get("case")
    ensure(case is not None and case.status == "overturned",
           _("A revoked title is restored only when its revocation case is overturned."), article="Art. 15")
    facts = {"overturned_case": case.pk, "undone": _revocation_facts(title)}
    title.revoked_on, title.revocation_ground, title.revocation_note = None, "", ""
    return ["revoked_on", "revocation_ground", "revocation_note"], facts


def _supersede_title(title: Title, actor: Any, data: Any) -> Any:
    """A rename or restructuring granted ``successor`` in this title's place (Art. 16)."""
    successor = data.get("successor")
    ensure(isinstance(successor, Title) and successor.pk != title.pk and successor.tier_id == title.tier_id,
           _("A title is superseded only by the new title granted in its place."), article="Art. 16")
    title.superseded_by = successor
    return ["superseded_by"], {"superseded_by": successor.pk, "enterprise_name": title.enterprise_name,
                               **({"rename_request": data["rename_request"]} if data.get("rename_request") else {})}


def _supersede_certificate(certificate: Certificate, actor: Any, data: Any) -> Any:
    """The title was renamed: ``successor`` (the new title's certificate) supersedes this one."""
    successor = data.get("successor")
    ensure(isinstance(successor, Certificate) and successor.pk != certificate.pk
           and certificate.title.superseded_by_id == successor.title_id,
           _("The old title must first be superseded by the new one."), article="Art. 16")
    certificate.superseded_by = successor
    certificate.validity_changed_on = successor.issued_on
    return ["superseded_by", "validity_changed_on"], {"number": certificate.number,
                                                      "superseded_by": successor.number}


def _revoke_certificate(certificate: Certificate, actor: Any, data: Any) -> Any:
    """The title was revoked (Art. 15): the certificate verifies as revoked from the title's date."""
    title = certificate.title
    ensure(title.status == TitleStatus.REVOKED and title.revoked_on and title.revocation_ground,
           _("Revoke the title, with its date and ground, before marking its certificate."), article="Art. 15")
    certificate.validity_changed_on = title.revoked_on
    data["note"] = title.revocation_ground
    return ["validity_changed_on"], {"number": certificate.number}


def _restore_certificate(certificate: Certificate, actor: Any, data: Any) -> Any:
    """The title's revocation was overturned and the title restored: the certificate is valid again."""
    ensure(certificate.title.status == TitleStatus.ACTIVE,
           _("Restore the title before its certificate."), article="Art. 15")
    certificate.validity_changed_on = timezone.localdate()
    return ["validity_changed_on"], {"number": certificate.number}


TITLE.declare(
    Transition(name="revoke", sources=frozenset({TitleStatus.ACTIVE}), target=TitleStatus.REVOKED,
               permission="titles.revoke_title", verb="tiers.title_revoked", effect=_revoke_title,
               article="Art. 15"),
    Transition(name="restore", sources=frozenset({TitleStatus.REVOKED}), target=TitleStatus.ACTIVE,
               permission="titles.revoke_title", verb="titles.title_restored", effect=_restore_title,
               article="Art. 15"),
    Transition(name="supersede", sources=frozenset({TitleStatus.ACTIVE}), target=TitleStatus.SUPERSEDED,
               permission="titles.supersede_title", verb="tiers.title_superseded", effect=_supersede_title,
               article="Art. 16"),
)

CERTIFICATE.declare(
    Transition(name="supersede", sources=frozenset({Validity.VALID}), target=Validity.SUPERSEDED,
               permission="titles.supersede_certificate", verb="review.certificate_superseded",
               effect=_supersede_certificate, article="Art. 16"),
    Transition(name="revoke", sources=frozenset({Validity.VALID}), target=Validity.REVOKED,
               permission="titles.revoke_certificate", verb="review.certificate_revoked",
               effect=_revoke_certificate, article="Art. 15"),
    Transition(name="restore", sources=frozenset({Validity.REVOKED}), target=Validity.VALID,
               permission="titles.revoke_certificate", verb="titles.certificate_restored",
               effect=_restore_certificate, article="Art. 15"),
)
