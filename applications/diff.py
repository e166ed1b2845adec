"""What changed between two submitted versions, field by field (difflib for texts)."""
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _

from tiers.constants import Indicator, MaturityLevel, SegmentCode

from .constants import AssessmentSource, Declaration
from .figures import FIGURE_LABELS
from .models import section_label


@dataclass(frozen=True)
class Row:
    label: str
    old: str
    new: str
    ops: list  # [(tag, text)], tag in equal/insert/delete, for texts that changed

    @property
    def changed(self):
        return self.old != self.new


def _yes(value):
    return str(_("Yes")) if value else str(_("No"))


def flatten(snapshot):
    """The snapshot as (key, label, text) rows in the form's order."""
    if not snapshot:
        return []
    rows = [("scenarios", _("Scenarios applied for"), "\n".join(snapshot.get("scenarios", [])))]
    level = snapshot.get("maturity_level")
    rows.append(("maturity_level", _("Maturity level"), str(MaturityLevel(level).label) if level else ""))
    assessment = snapshot.get("maturity_assessment") or {}  # absent from versions submitted before it was asked
    source = assessment.get("source") or ""
    rows += [
        ("assessment_source", _("Source of the maturity assessment"),
         str(AssessmentSource(source).label) if source in AssessmentSource.values else source),
        ("assessment_report_number", _("Assessment report number"), assessment.get("report_number") or ""),
        ("assessment_date", _("Assessment date"), assessment.get("date") or ""),
        ("assessment_score", _("Assessment score"), assessment.get("score") or ""),
        ("assessment_explanation", _("Notes on the assessment"), assessment.get("explanation") or ""),
    ]
    for key, value in snapshot.get("declarations", {}).items():
        label = Declaration(key).label
        rows.append((f"declares_{key}", label, _yes(value.get("declared"))))
        rows.append((f"{key}_text", _("%(declaration)s — explanation") % {"declaration": label}, value.get("text", "")))
    for code, value in snapshot.get("segments", {}).items():
        name = SegmentCode(code).label
        rows.append((f"segment_{code}", name, value.get("narrative", "")))
        rows.append((f"segment_{code}_scenarios", _("%(segment)s — typical scenarios") % {"segment": name},
                     "\n".join(value.get("scenarios", []))))
        rows.append((f"segment_{code}_missing_justification",
                     _("%(segment)s — why it is not covered") % {"segment": name},
                     value.get("missing_justification", "")))
    for year, values in snapshot.get("financials", {}).items():
        for name, label in FIGURE_LABELS.items():
            rows.append((f"financials_{year}_{name}", _("%(year)s %(figure)s (10,000 yuan)") % {
                "year": year, "figure": label}, values.get(name) or ""))
    rows.append(("outcomes", _("Outcomes (建设成效)"), snapshot.get("outcomes", "")))
    for key, values in snapshot.get("indicators", {}).items():
        text = f"{values.get('before') or '—'} → {values.get('after') or '—'} {values.get('unit') or ''}".strip()
        if values.get("change_percent") is not None:
            text += f" ({values['change_percent']}%)"
        rows.append((f"indicator_{key}", Indicator(key).label,
                     text if values.get("before") or values.get("after") or values.get("unit") else ""))
    if "missing_segment_justification" in snapshot:  # versions submitted before per-segment justifications
        rows.append(("missing_segment_justification", _("Why a segment is not covered"),
                     snapshot["missing_segment_justification"]))
    attachments = sorted(
        f"{section_label(a['section'])}: {a['original_name']} ({a['sha256'][:8]})"
        for a in snapshot.get("attachments", [])
    )
    rows.append(("attachments", _("Attachments"), "\n".join(attachments)))
    return rows


def text_ops(old, new):
    """Character-level opcodes (Chinese has no spaces between words)."""
    ops = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", old[i1:i2]))
        else:
            if i2 > i1:
                ops.append(("delete", old[i1:i2]))
            if j2 > j1:
                ops.append(("insert", new[j1:j2]))
    return ops


def diff_snapshots(old, new):
    """Every field of ``new`` beside ``old``; ``changed`` rows carry the text diff."""
    old_rows = {key: text for key, _label, text in flatten(old)}
    rows = []
    for key, label, text in flatten(new):
        before = old_rows.get(key, "")
        rows.append(Row(label=str(label), old=before, new=text, ops=text_ops(before, text) if before != text else []))
    return rows
