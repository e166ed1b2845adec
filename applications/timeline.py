"""An application's history in words the enterprise reads, from the audit trail."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.audit import audit_trail, audit_trails
from portal.audit_sentences import register_verbs, said

from . import actions  # noqa: F401 - the transitions' done labels name their verbs
from .models import AssessmentCheck

VERB_LABELS = {
    "applications.draft_created": _("Draft created"),
    "applications.draft_saved": _("Draft saved"),
    "applications.attachment_added": _("File attached"),
    "applications.attachment_removed": _("File removed"),
    "applications.pledge_accepted": _("Pledge (承诺书) accepted"),
    "applications.assessment_check_reopened": _("Assessment changed: the official's verification is taken back"),
    "applications.documents_requested": _("Documents to sign and stamp asked for again"),
    "applications.document_rendered": _("Document ready to print, sign and stamp"),
    "applications.document_render_failed": _("A document could not be printed"),
    "applications.stamped_scan_uploaded": _("Signed and stamped document uploaded"),
}
# Routine saves clutter the enterprise's timeline; the detail page shows them.
ROUTINE_VERBS = {"applications.draft_saved", "applications.attachment_added", "applications.attachment_removed",
                 "applications.document_rendered"}


@dataclass(frozen=True)
class Entry:
    at: object
    label: str
    actor: object
    detail: str
    verb: str = ""  # the audit verb: the API's stable event code


register_verbs(VERB_LABELS)


def label_for(verb):
    """The sentence of ``verb`` (``portal.audit_sentences``: these labels, the transitions' done labels,
    every other app's verbs), never the verb itself."""
    return said(verb)


def timeline_for(application, *, detailed=False):
    """The application's own rows and those of the officials' check of its maturity assessment (Art. 5 (5)),
    in order. (``timelines_for``, for lists, reads the application's rows only.)"""
    rows = list(audit_trail(application))
    check = AssessmentCheck.objects.filter(application=application).first()
    if check is not None:
        rows = sorted([*rows, *audit_trail(check)], key=lambda row: (row.created_at, row.pk))
    return _entries(rows, detailed=detailed)


def timelines_for(applications, *, detailed=False):
    """{application id: its timeline} for a list of applications, from one query of the audit trail."""
    return {pk: _entries(rows, detailed=detailed) for pk, rows in audit_trails(applications).items()}


def _entries(rows, *, detailed):
    entries = []
    for row in rows:
        if not detailed and row.verb in ROUTINE_VERBS:
            continue
        detail = row.message
        after = row.after or {}
        if not detail and "version" in after:
            detail = _("Version %(number)s") % {"number": after["version"]}
        if not detail and row.verb in ("applications.attachment_added", "applications.stamped_scan_uploaded"):
            detail = after.get("name", "")
        entries.append(Entry(at=row.created_at, label=label_for(row.verb), actor=row.actor, detail=detail,
                             verb=row.verb))
    return entries
