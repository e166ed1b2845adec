"""What the enterprise does next on an application, in words that are true now.

The status's sentence (``APPLICANT_VIEW``) is the default. It gives way to:

- a check of an official's transition possible from the status that only the enterprise can satisfy
  (``REMEDIES``): the same checks ``Lifecycle.refusal`` runs to show that official's button disabled, so
  "nothing to do" is never said while the city's pass waits for the enterprise's stamped scans;
- the title the application led to, once revoked (no "download your certificate" then);
- what a layer above knows about the step that followed (the city's filing acknowledged by the
  province), told through ``register_fact`` from that layer's ``AppConfig.ready``.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.errors import ActionRefused

from .constants import APPLICANT_VIEW, Status
from .documents import ensure_stamped_documents


@dataclass(frozen=True)
class NextStep:
    """A sentence for the enterprise, and where to act on it when it has something to do."""

    text: Any
    url: str = ""

    def __str__(self) -> str:
        return str(self.text)


def _upload_stamped(application: Any, refused: ActionRefused) -> NextStep:
    from .constants import DocumentKind
    from .documents import _joined, missing_stamped

    return NextStep(
        _("Upload the signed and stamped %(documents)s of version %(version)s: the city's pre-screen cannot "
          "pass the application without them (Art. 11).") % {
            "documents": _joined(str(DocumentKind(kind).label) for kind in missing_stamped(application)),
            "version": application.current_version},
        reverse("applications:detail", args=[application.pk]) + "#documents")


# A check of an official's transition that the enterprise satisfies, and what the enterprise is told.
REMEDIES: dict[Callable[[Any], None], Callable[[Any, ActionRefused], NextStep]] = {
    ensure_stamped_documents: _upload_stamped,
}

# Statuses whose application led to a title.
TITLED_STATUSES = frozenset({Status.CITY_RECOGNIZED, Status.CERTIFIED, Status.MIIT_APPROVED})

_facts: dict[str, list[Callable[[Any], NextStep | None]]] = {}


def register_fact(status: str, teller: Callable[[Any], NextStep | None]) -> None:
    """``teller(application)`` says what is true now of an application in ``status`` when the status's
    own sentence no longer is (or None); a layer above registers it from its ``AppConfig.ready``."""
    tellers = _facts.setdefault(status, [])
    if teller not in tellers:
        tellers.append(teller)


def _enterprise_remedy(application: Any) -> NextStep | None:
    from .workflow import APPLICATION

    for transition in APPLICATION.possible(application):
        for check in transition.checks:
            remedy = REMEDIES.get(check)
            if remedy is None:
                continue
            try:
                check(application)
            except ActionRefused as refused:
                return remedy(application, refused)
    return None


def title_of(application: Any) -> Any:
    """The title ``application`` led to (its enterprise, tier and round's year), or None."""
    from tiers.titles.models import Title

    return (Title.objects.filter(enterprise_id=application.enterprise_id, tier_id=application.tier_id,
                                 year=application.round.year).order_by("-recognized_on", "-pk").first())


def _title_revoked(application: Any) -> NextStep | None:
    from django.utils.formats import date_format

    from tiers.titles.constants import TitleStatus

    title = title_of(application)
    if title is None or title.status != TitleStatus.REVOKED:
        return None
    return NextStep(_("Nothing to do: the title was revoked on %(date)s (%(ground)s); its certificate is no "
                      "longer valid.") % {
        "date": date_format(title.revoked_on, "DATE_FORMAT") if title.revoked_on else "—",
        "ground": title.get_revocation_ground_display() or "—"})


def next_step(application: Any) -> NextStep:
    """What the enterprise does next on ``application`` (see the module docstring). Reads only."""
    remedy = _enterprise_remedy(application)
    if remedy is not None:
        return remedy
    if application.status in TITLED_STATUSES:
        revoked = _title_revoked(application)
        if revoked is not None:
            return revoked
    for teller in _facts.get(application.status, ()):
        told = teller(application)
        if told is not None:
            return told
    return NextStep(APPLICANT_VIEW[application.status][1])
