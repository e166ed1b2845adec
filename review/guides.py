"""The guide (操作指南) of each role: what to do at each step, what each status means, the deadlines and
whom to contact; the enterprise's also lists the materials a call asks for, tier by tier, read from what
the application form requires (``applications.materials``) for the rounds open now. ``/review/guide/`` opens
the reader's own; ``/review/guide/<role>/`` any role's (a city official may read the enterprise's, to
answer its questions). The statuses come from the rule book itself, so the guide never drifts from it.
Each guide is a document in Chinese and in English (``review/guide/<role>.html``)."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from applications.constants import APPLICANT_VIEW, Status
from applications.materials import materials_for
from portal.accounts.constants import Role
from tiers.models import Tier
from tiers.rounds import open_rounds, open_rounds_for
from tiers.titles.constants import CaseStatus, EvaluationStatus

GUIDES = {Role.ENTERPRISE: "enterprise", Role.CITY_OFFICIAL: "city_official",
          Role.PROVINCIAL_OFFICER: "provincial_officer", Role.EXPERT: "expert", Role.ADMIN: "admin"}

# The pages the guides explain, each with the section (anchor) of each role's guide that explains it.
# A page links its section through ``{% guide_link "<topic>" %}`` (``review.templatetags.guides``):
# the reader's own role's section, else the first (the page's main readers).
TOPICS = {
    "application": {"enterprise": "applying", "city_official": "prescreen", "provincial_officer": "review",
                    "expert": "scoring"},
    "screening": {"city_official": "prescreen"},
    "recommendations": {"city_official": "recommendations"},
    "inbox": {"provincial_officer": "review"},
    "assignment": {"provincial_officer": "review"},
    "ranking": {"provincial_officer": "review"},
    "notices": {"provincial_officer": "notices"},
    "scoring": {"expert": "scoring"},
    "filings": {"city_official": "recognition-filing", "provincial_officer": "filings"},
    "titles": {"enterprise": "after-recognition", "city_official": "after-recognition",
               "provincial_officer": "after-recognition"},
    "evaluations": {"enterprise": "monitoring", "city_official": "monitoring", "provincial_officer": "monitoring"},
    "cases": {"enterprise": "revocation", "city_official": "revocation", "provincial_officer": "revocation"},
    "renames": {"enterprise": "renames", "city_official": "renames", "provincial_officer": "renames"},
}


def guide_section(topic, user):
    """(role slug, anchor) of the guide section that explains ``topic`` to ``user``."""
    sections = TOPICS[topic]
    role = GUIDES.get(getattr(user, "role", None))
    return (role, sections[role]) if role in sections else next(iter(sections.items()))


def materials_by_round(user):
    """The materials (``applications.materials``) of each tier of each round open to ``user`` now (an
    enterprise: its city's rounds), or of every tier when none is open: [{"round", "tiers": [(tier,
    materials)]}]."""
    enterprise = getattr(user, "enterprise", None)
    rounds = list(open_rounds_for(enterprise) if enterprise is not None else open_rounds().prefetch_related("tiers"))
    if not rounds:
        return [{"round": None, "tiers": [(tier, materials_for(tier)) for tier in Tier.objects.order_by("order")]}]
    return [{"round": round_, "tiers": [(tier, materials_for(tier, round_))
                                        for tier in sorted(round_.tiers.all(), key=lambda t: t.order)]}
            for round_ in rounds]


@login_required
def my_guide(request):
    return redirect("review:guide_for", role=GUIDES.get(request.user.role, "enterprise"))


@login_required
def guide_for(request, role):
    if role not in GUIDES.values():
        raise Http404
    return render(request, f"review/guide/{role}.html", {
        "materials": materials_by_round(request.user) if role == "enterprise" else [],
        "role": role, "guides": [(slug, Role(r).label) for r, slug in GUIDES.items()],
        "applicant_statuses": [(Status(s).label, label, step) for s, (label, step) in APPLICANT_VIEW.items()],
        "statuses": list(Status.choices), "evaluation_statuses": list(EvaluationStatus.choices),
        "case_statuses": list(CaseStatus.choices),
    })
