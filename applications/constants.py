"""The whole application lifecycle: statuses, what the applicant reads for each, and the form's sections.

The transitions between these statuses are declared in ``applications/workflow.py``.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiers.constants import SegmentCode


class Status(models.TextChoices):
    """Every state an application can be in, across the enterprise, city, province and MIIT stages."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting city pre-screen")
    RETURNED = "returned", _("Returned for revision")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CITY_REJECTED = "city_rejected", _("Rejected at city pre-screen")
    CITY_PASSED = "city_passed", _("Passed city pre-screen")
    CITY_RECOGNIZED = "city_recognized", _("Recognized by the city (basic tier)")
    RECOMMENDED = "recommended", _("Recommended to the province")
    ACCEPTED = "accepted", _("Accepted by the province")
    UNDER_REVIEW = "under_review", _("Under expert review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    IN_NOTICE = "in_notice", _("In public notice")
    CERTIFIED = "certified", _("Certified")
    RECOMMENDED_TO_MIIT = "recommended_to_miit", _("Recommended to MIIT")
    MIIT_APPROVED = "miit_approved", _("Approved by MIIT")
    MIIT_REJECTED = "miit_rejected", _("Not approved by MIIT")
    STOPPED = "stopped", _("Stopped: the title it needs was revoked")


# What the enterprise reads for each state (Hypha style): its own label and what it must do next.
APPLICANT_VIEW = {
    Status.DRAFT: (_("Draft, not yet submitted"), _("Complete every step, accept the pledge and submit.")),
    Status.SUBMITTED: (_("Submitted; the city is pre-screening it"), _("Nothing to do: wait for the city's pre-screen.")),
    Status.RETURNED: (_("Returned to you for revision"), _("Read the reviewers' comments, revise and resubmit.")),
    Status.WITHDRAWN: (_("Withdrawn by you"), _("Nothing to do. You may start a new application.")),
    Status.CITY_REJECTED: (_("Not passed by the city"), _("Nothing to do for this application.")),
    Status.CITY_PASSED: (_("Passed the city's pre-screen"), _("Nothing to do: the city will recognize or recommend it.")),
    Status.CITY_RECOGNIZED: (_("Recognized by the city"), _("Nothing to do: the city files the recognition with the province.")),
    Status.RECOMMENDED: (_("Recommended by the city to the province"), _("Nothing to do: wait for the province to accept it.")),
    Status.ACCEPTED: (_("Accepted by the province"), _("Nothing to do: experts will review it.")),
    Status.UNDER_REVIEW: (_("Under expert review"), _("Nothing to do: wait for the decision.")),
    Status.APPROVED: (_("Approved by the province"), _("Nothing to do: the result will be published for public notice.")),
    Status.REJECTED: (_("Not approved"), _("Nothing to do for this application.")),
    Status.IN_NOTICE: (_("In public notice"), _("Nothing to do: certification follows the notice period.")),
    Status.CERTIFIED: (_("Certified"), _("Download your certificate from your titles.")),
    Status.RECOMMENDED_TO_MIIT: (_("Recommended to MIIT"), _("Follow MIIT's notice for its review and on-site check.")),
    Status.MIIT_APPROVED: (_("Approved by MIIT"), _("Nothing to do.")),
    Status.MIIT_REJECTED: (_("Not approved by MIIT"), _("Nothing to do for this application.")),
    Status.STOPPED: (_("Stopped: the title it needs was revoked"),
                     _("Nothing to do for this application; the reason is in its history (Art. 12, 13, 15).")),
}

# The enterprise may edit only these; everything else is frozen as a numbered version.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})

# Ended applications. Every other status counts as open: at most one open application per
# enterprise, tier and round (a recognized one stays "open" so the same tier cannot be applied for
# twice in one round).
CLOSED_STATUSES = frozenset({Status.WITHDRAWN, Status.CITY_REJECTED, Status.REJECTED, Status.MIIT_REJECTED,
                             Status.STOPPED})
OPEN_STATUSES = frozenset(set(Status) - CLOSED_STATUSES)

# Under way at the city, the province or MIIT: what stops when the title it needs is revoked (Art. 12, 13, 15).
IN_FLIGHT_STATUSES = frozenset({
    Status.SUBMITTED, Status.RETURNED, Status.CITY_PASSED, Status.RECOMMENDED, Status.ACCEPTED,
    Status.UNDER_REVIEW, Status.APPROVED, Status.IN_NOTICE, Status.RECOMMENDED_TO_MIIT,
})

# The funnel from submission to title: each stage and the statuses of the applications that reached it
# (a rejection after a stage has reached it; a title is the end of every route). Drafts are the
# enterprise's own until submitted, so no official's figure counts them.
_PROVINCE_ON = {Status.ACCEPTED, Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED, Status.IN_NOTICE,
                Status.CERTIFIED, Status.RECOMMENDED_TO_MIIT, Status.MIIT_APPROVED, Status.MIIT_REJECTED}
_RECOMMENDED_ON = {Status.RECOMMENDED, *_PROVINCE_ON}
_PASSED_ON = {Status.CITY_PASSED, Status.CITY_RECOGNIZED, *_RECOMMENDED_ON}
STAGES = {
    "submitted": (_("Submitted"), frozenset({Status.SUBMITTED, Status.RETURNED, Status.CITY_REJECTED, Status.STOPPED,
                                              *_PASSED_ON})),
    "city_passed": (_("Passed the city's pre-screen"), frozenset(_PASSED_ON)),
    "recommended": (_("Recommended to the province"), frozenset(_RECOMMENDED_ON)),
    "accepted": (_("Accepted by the province"), frozenset(_PROVINCE_ON)),
    "titled": (_("Recognized or certified"), frozenset({Status.CITY_RECOGNIZED, Status.CERTIFIED,
                                                       Status.MIIT_APPROVED})),
}

# Before a decision: the enterprise may still withdraw.
PRE_DECISION_STATUSES = frozenset({
    Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.CITY_PASSED, Status.RECOMMENDED,
    Status.ACCEPTED, Status.UNDER_REVIEW,
})


class Kind(models.TextChoices):
    """A tier application (one open per enterprise, tier and round) or an excellent-scenario one (Art. 10)."""

    TIER = "tier", _("Smart factory tier")
    SCENARIO = "scenario", _("Excellent scenario")


class AssessmentSource(models.TextChoices):
    """Where the maturity level of Art. 5 (5) comes from: what real calls accept, and officials check."""

    NATIONAL_PLATFORM = "national_platform", _(
        "Self-assessment on the national smart-manufacturing capability maturity assessment platform")
    THIRD_PARTY = "third_party", _("Third-party assessment or certification")


class AssessmentCheckStatus(models.TextChoices):
    """An official's mark on the maturity assessment report (``applications.assessment``)."""

    UNCHECKED = "unchecked", _("Not yet checked")
    VERIFIED = "verified", _("Verified by an official")
    QUERIED = "queried", _("Queried by an official")


# The assessment's provenance as the enterprise gives it on the maturity step (with the level and the
# report attached in the ``assessment_report`` section). A change of any of them on a returned
# application takes back an official's "verified": it was given for other figures.
ASSESSMENT_FIELDS = ("assessment_source", "assessment_report_number", "assessment_date", "assessment_score",
                     "maturity_level")


class Declaration(models.TextChoices):
    """The Art. 5 (2)-(4) declarations; keys as ``tiers.eligibility.ApplicationContent`` reads them."""

    OPERATIONS_SOUND = "operations_sound", _(
        "Sound operation and finances in the last three years; no major safety, environmental or quality "
        "accident; not on the list of seriously dishonest entities (Art. 5 (2))"
    )
    SECURE_CONTROLLABLE = "secure_controllable", _(
        "Key equipment, industrial software, industrial OS and solutions are secure and controllable; network "
        "and data security risks are controlled (Art. 5 (3))"
    )
    ORGANISATION_AND_TEAM = "organisation_and_team", _(
        "An organisation for planning, building and running the smart factory, and a team of smart-manufacturing "
        "professionals (Art. 5 (4))"
    )


# Sections of the form: where attachments belong and what a reviewer's comment refers to.
GENERAL = "general"
BASICS = "basics"
DECLARATIONS = "declarations"
FINANCES = "finances"
MATURITY = "maturity"
OUTCOMES = "outcomes"
PLEDGE = "pledge"


def segment_section(code):
    return f"segment_{code}"


SECTION_LABELS = {
    GENERAL: _("General"),
    BASICS: _("Round and tier"),
    DECLARATIONS: _("Art. 5 declarations"),
    FINANCES: _("Operations and finances (经营和财务状况)"),
    MATURITY: _("Maturity and assessment report"),
    **{segment_section(code): label for code, label in SegmentCode.choices},
    OUTCOMES: _("Outcomes (建设成效)"),
    PLEDGE: _("Pledge (承诺书)"),
}

# Attachment sections: one per declaration, the assessment report, each segment, the outcomes.
ASSESSMENT_REPORT = "assessment_report"
ATTACHMENT_SECTIONS = [
    *(f"declaration_{d}" for d in Declaration.values),
    ASSESSMENT_REPORT,
    *(segment_section(code) for code in SegmentCode.values),
    OUTCOMES,
]


class DocumentKind(models.TextChoices):
    """What the enterprise prints from the portal, signs, stamps and uploads back (real calls ask for both)."""

    APPLICATION_FORM = "application_form", _("Application document (申报书)")
    PLEDGE = "pledge", _("Pledge (承诺书)")
