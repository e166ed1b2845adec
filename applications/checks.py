"""Rules of the register that hold at every step of an application, not only at submission.

- The prerequisite title (Art. 12, 13): an advanced application needs an active basic title, an
  excellence or leading one an active advanced title — when it is submitted, and still at every later
  step that moves it towards a title (the city's recommendation, the province's acceptance, review,
  approval, notice, certification, the recommendation to MIIT and MIIT's approval). A title revoked
  (Art. 15) or superseded while the application is in review stops it there.

``ensure_prerequisite_held`` is in the ``checks`` of each of those transitions (``portal.lifecycle``);
the pages read ``prerequisite_problem`` to show why the application is stopped.

- The list of seriously dishonest entities (Art. 5 (2)) likewise: an enterprise the latest list names may
  not apply (an eligibility rule at submission, ``tiers.eligibility``, ``on_dishonest_list``) nor go further
  once listed: ``ensure_not_dishonest`` is in the same ``checks``, and in the city's pass and recognition,
  and names the listing (list version, listing date, authority).

- Excellence's gaps (Art. 8): ``segment_gaps`` lists the segments left uncovered with their
  justifications, for the reviewers' pages and the province's ranking.
- The reference lists (Art. 5 (1), (2), ``portal.registers``): ``above_size_unlisted`` says whether the
  city's latest above-size list for the round's year leaves the enterprise out (it then explains why, and
  the city reads it: ``above_size_finding``); the dishonest-entity list is an eligibility rule
  (``tiers.eligibility``, ``on_dishonest_list``).
- No second title of a tier held (``tiers.eligibility.held_title_rule``): checked at submission with
  the other eligibility rules, and at creation by ``ensure_tier_not_held``.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from portal.errors import ActionRefused
from portal.registers.selectors import above_size_check, dishonest_listing
from tiers.constants import Authority, CoverageRule
from tiers.eligibility import CORE_SEGMENTS, held_title_rule
from tiers.titles.constants import TitleStatus
from tiers.titles.selectors import held_titles

from .constants import OPEN_STATUSES, Status

# Submitted and still on its way to a title. A draft's unmet rules are shown on the form's final step;
# once recognized, certified or approved by MIIT the application has its title, and a later loss of
# the prerequisite is a matter for revocation (Art. 15), not for this rule.
IN_REVIEW = OPEN_STATUSES - {Status.DRAFT, Status.CITY_RECOGNIZED, Status.CERTIFIED, Status.MIIT_APPROVED}


def prerequisite_article(tier):
    """Art. 13 for MIIT's tiers (excellence, leading), Art. 12 for the advanced tier."""
    return "Art. 13" if tier.authority == Authority.MIIT else "Art. 12"


def missing_prerequisite(application):
    """The prerequisite Tier the application's enterprise holds no active title of, or None."""
    prerequisite = application.tier.prerequisite
    if prerequisite is None:
        return None
    # Over ``.all()``: a list of applications may have prefetched their enterprises' titles (a handful each).
    held = any(t.tier_id == prerequisite.pk and t.status == TitleStatus.ACTIVE
               for t in application.enterprise.titles.all())
    return None if held else prerequisite


# One message per article, so that each language names the article in its own words.
_MESSAGES = {
    "Art. 12": gettext_lazy(
        "The enterprise no longer holds an active %(prerequisite)s title (revoked or superseded), which an "
        "application for %(tier)s requires at every step until its title is granted (Art. 12). The application "
        "cannot go further."),
    "Art. 13": gettext_lazy(
        "The enterprise no longer holds an active %(prerequisite)s title (revoked or superseded), which an "
        "application for %(tier)s requires at every step until its title is granted (Art. 13). The application "
        "cannot go further."),
}


def _message(application, prerequisite):
    return _MESSAGES[prerequisite_article(application.tier)] % {
        "prerequisite": prerequisite.name, "tier": application.tier.name}


def prerequisite_problem(application):
    """Why the application is stopped for want of its prerequisite title, in the active language; or None.

    None also when the application is not in review (see IN_REVIEW). Reads only.
    """
    if application.status not in IN_REVIEW:
        return None
    prerequisite = missing_prerequisite(application)
    return _message(application, prerequisite) if prerequisite else None


def ensure_prerequisite_held(application):
    """Refuse (ActionRefused naming Art. 12 or 13) unless the enterprise holds an active title of the
    tier's prerequisite. Called from the effect of every transition that moves an application towards
    a title; changes nothing."""
    prerequisite = missing_prerequisite(application)
    if prerequisite is not None:
        raise ActionRefused(_message(application, prerequisite), article=prerequisite_article(application.tier))


def dishonest_problem(application):
    """Why the application cannot go further because its enterprise is on the latest list of seriously
    dishonest entities (Art. 5 (2)), naming the listing, in the active language; or None. One query."""
    entry = dishonest_listing(application.enterprise.credit_code)
    if entry is None:
        return None
    version = entry.version
    return gettext_lazy(
        "The enterprise is on the list of seriously dishonest entities (version %(number)d, as of %(as_of)s): "
        "listed on %(listed_on)s by %(authority)s. An enterprise on that list may neither apply nor be granted a "
        "title (Art. 5 (2)); the application cannot go further.") % {
        "number": version.number, "as_of": version.as_of.isoformat(),
        "listed_on": entry.listed_on.isoformat() if entry.listed_on else "—", "authority": entry.authority or "—"}


def ensure_not_dishonest(application):
    """Refuse (ActionRefused naming Art. 5 (2) and the listing) while the enterprise is on the latest
    dishonest-entity list: a check of every transition that moves an application towards a title, as
    ``ensure_prerequisite_held``. Changes nothing."""
    problem = dishonest_problem(application)
    if problem is not None:
        raise ActionRefused(problem, article="Art. 5 (2)")


def ensure_tier_not_held(enterprise, tier):
    """Refuse to start an application for a tier the enterprise already holds an active title of
    (Art. 11-13; scenario awards excepted, Art. 10). Changes nothing."""
    rule = held_title_rule(tier, held_titles(enterprise))
    if rule is not None:
        raise ActionRefused(rule.message, article=rule.article)


@dataclass(frozen=True)
class SegmentGap:
    """A segment an excellence application leaves uncovered, with the enterprise's justification ("" if none)."""

    segment: object
    justification: str
    is_core: bool


def segment_gaps(application):
    """The segments an application of an "in principle all five" tier (excellence, Art. 8) does not cover,
    in the segments' order, each with its justification; [] for other tiers. Reads
    ``application.segments.all()``, so a prefetch of ``segments__segment`` serves a whole list."""
    if application.tier.coverage_rule != CoverageRule.ALL_IN_PRINCIPLE:
        return []
    justifications = application.missing_segment_justifications or {}
    entries = sorted(application.segments.all(), key=lambda e: e.segment.order)
    return [SegmentGap(segment=e.segment, justification=(justifications.get(e.segment.code) or "").strip(),
                       is_core=e.segment.code in CORE_SEGMENTS)
            for e in entries if not e.is_covered]


def above_size_unlisted(application):
    """The ``AboveSizeCheck`` when the enterprise's city has an above-size list for the round's year (or an
    earlier one, ``portal.registers.selectors.above_size_list_for``) whose latest version does not name
    it; None when it is named or the city has no list (then nothing is asked, as before lists)."""
    check = above_size_check(application.enterprise, application.round.year)
    return check if check is not None and not check.listed else None


@dataclass(frozen=True)
class AboveSizeFinding:
    """What the city reads on an application whose enterprise is not on its above-size list (Art. 5 (1))."""

    version: object
    explanation: str


def above_size_finding(application):
    """The finding for the reviewers' pages, or None when the enterprise is on the list or there is none."""
    check = above_size_unlisted(application)
    if check is None:
        return None
    return AboveSizeFinding(version=check.version, explanation=(application.above_size_explanation or "").strip())
