"""The guide (操作指南) of each role: what to do at each step, what each status means, the deadlines and
whom to contact; the enterprise's also lists the materials a call asks for. ``/review/guide/`` opens
the reader's own; ``/review/guide/<role>/`` any role's (a city official may read the enterprise's, to
answer its questions). The statuses come from the rule book itself, so the guide never drifts from it.
Each guide is a document in Chinese and in English (``review/guide/<role>.html``)."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from applications.constants import APPLICANT_VIEW, Status
from portal.accounts.constants import Role
from tiers.titles.constants import CaseStatus, EvaluationStatus

GUIDES = {Role.ENTERPRISE: "enterprise", Role.CITY_OFFICIAL: "city_official",
          Role.PROVINCIAL_OFFICER: "provincial_officer", Role.EXPERT: "expert", Role.ADMIN: "admin"}


@login_required
def my_guide(request):
    return redirect("review:guide_for", role=GUIDES.get(request.user.role, "enterprise"))


@login_required
def guide_for(request, role):
    if role not in GUIDES.values():
        raise Http404
    return render(request, f"review/guide/{role}.html", {
        "role": role, "guides": [(slug, Role(r).label) for r, slug in GUIDES.items()],
        "applicant_statuses": [(Status(s).label, label, step) for s, (label, step) in APPLICANT_VIEW.items()],
        "statuses": list(Status.choices), "evaluation_statuses": list(EvaluationStatus.choices),
        "case_statuses": list(CaseStatus.choices),
    })
