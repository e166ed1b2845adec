"""The home page and each role's landing page.

Apps contribute panels to the landings through ``portal.dashboards``; the pages themselves only
choose what a role sees.
"""
from django.shortcuts import redirect, render

from portal.accounts.constants import Role

from .dashboards import panels_for
from .decorators import role_required

LANDINGS = {
    Role.ENTERPRISE: "enterprise_home",
    Role.CITY_OFFICIAL: "city_home",
    Role.PROVINCIAL_OFFICER: "province_home",
    Role.EXPERT: "expert_home",
    Role.ADMIN: "admin_home",
}


def home(request):
    """Signed-in users go to their role's landing page; visitors see the public front page."""
    if request.user.is_authenticated:
        return redirect(LANDINGS[request.user.role])
    return render(request, "portal/home.html")


def _landing(request, role, template):
    return render(request, template, {"panels": panels_for(role, request)})


@role_required(Role.ENTERPRISE)
def enterprise_home(request):
    return _landing(request, Role.ENTERPRISE, "portal/landing_enterprise.html")


@role_required(Role.CITY_OFFICIAL)
def city_home(request):
    return _landing(request, Role.CITY_OFFICIAL, "portal/landing_city.html")


@role_required(Role.PROVINCIAL_OFFICER)
def province_home(request):
    return _landing(request, Role.PROVINCIAL_OFFICER, "portal/landing_province.html")


@role_required(Role.EXPERT)
def expert_home(request):
    return _landing(request, Role.EXPERT, "portal/landing_expert.html")


@role_required(Role.ADMIN)
def admin_home(request):
    return _landing(request, Role.ADMIN, "portal/landing_admin.html")
