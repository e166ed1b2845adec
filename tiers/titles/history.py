"""The histories of titles, certificates, renames, evaluations and revocation cases in words: each
audit verb's sentence in the reader's language (the steps' own done labels, ``actions``, and the
records' other events below, registered with ``portal.audit_sentences``, which says every audit row).
A history never shows a raw verb or a dict to its reader: the rows' ``label`` and ``changes``."""
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.audit_sentences import register_fields, register_values, register_verbs

from . import actions  # noqa: F401 - the steps' done labels name their verbs
from .models import AnnualReport, MonitoringEvaluation
from .obligations import REPORT_FIELDS

VERB_LABELS = {
    "titles.title_granted": _("Title granted"),
    "tiers.title_revoked": _("Title revoked (Art. 15)"),
    "tiers.title_superseded": _("Title replaced after a rename or restructuring (Art. 16)"),
    "titles.title_restored": _("Title restored: its revocation was overturned"),
    "review.certificate_requested": _("Certificate numbered"),
    "review.certificate_rendered": _("Certificate ready"),
    "review.certificate_render_failed": _("Certificate rendering failed"),
    "review.certificate_render_retried": _("Certificate rendering queued again"),
    "review.certificate_superseded": _("Certificate superseded by the renamed title's"),
    "review.certificate_revoked": _("Certificate revoked"),
    "titles.certificate_restored": _("Certificate valid again"),
    "tiers.rename_requested": _("Rename requested"),
    "tiers.rename_titles_skipped": _("Titles no longer active left out of the rename"),
    "titles.evaluation_opened": _("Evaluation opened"),
    "titles.evaluation_moved": _("Evaluation carried over to the renamed title"),
    "titles.case_opened": _("Revocation case opened"),
    "titles.case_title_added": _("The renamed title added to the case"),
    "titles.case_title_joined": _("A title granted during the case added to it"),
}
register_verbs(VERB_LABELS)


def _batch(value):
    """An evaluation batch's UUID as what it is: the evaluations opened together, when and how many."""
    opened = MonitoringEvaluation.objects.filter(batch=value).order_by("opened_at").values_list("opened_at", flat=True)
    first = opened.first()
    if first is None:
        return gettext("a batch of evaluations")
    return gettext("the %(count)s evaluations opened on %(date)s") % {
        "count": opened.count(), "date": formats.date_format(timezone.localtime(first), "Y-m-d")}


# Keys the evaluation's report stores (Art. 14 items, in ``art14``) and its batch.
register_fields({name: AnnualReport._meta.get_field(name).verbose_name for name in REPORT_FIELDS})
register_values({"batch": _batch})
