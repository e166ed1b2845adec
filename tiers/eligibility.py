"""Who may apply for what (Art. 5-9, 12-13): one function returning every unmet rule.

``unmet_rules(enterprise=..., tier=..., content=...)`` is called at submission (unmet rules block
it) and on the form's final step, before submission.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ApplicationContent:
    """What the eligibility rules read from an application, independent of how it is stored.

    ``declarations``: the Art. 5 (2)-(4) declarations, keyed "operations_sound" (2),
    "secure_controllable" (3), "organisation_and_team" (4): True when declared.
    ``maturity_level``: 1-5 (GB/T 39116-2020), None when not given; ``has_assessment_report``.
    ``covered_segments``: SegmentCode values the application describes.
    ``missing_segment_justification``: for excellence, why a segment is not covered.
    """

    declarations: dict = field(default_factory=dict)
    maturity_level: int | None = None
    has_assessment_report: bool = False
    covered_segments: frozenset = frozenset()
    missing_segment_justification: str = ""


@dataclass(frozen=True)
class UnmetRule:
    """A rule the application does not meet: a stable code, the article, and the message in both languages."""

    code: str
    article: str
    message_zh: str
    message_en: str

    @property
    def message(self):
        from django.utils.translation import get_language

        return self.message_en if (get_language() or "").startswith("en") else self.message_zh
