"""The home page and each role's landing page.

Apps contribute panels to the landings through ``portal.dashboards``; the pages themselves only
choose what a role sees.
"""
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from portal.accounts.constants import Role

from .dashboards import panels_for
from .decorators import permission_required
from .storage import RETRY_AFTER_SECONDS, StorageUnavailable

LANDINGS = {
    Role.ENTERPRISE: "enterprise_home",
    Role.CITY_OFFICIAL: "city_home",
    Role.PROVINCIAL_OFFICER: "province_home",
    Role.EXPERT: "expert_home",
    Role.ADMIN: "admin_home",
}


@require_safe
def healthz(request):
    """Liveness for load balancers and the benchmarks' trivial view: no database, no session, no login.

    It says the process answers, nothing more; readiness (database, broker) is another question.
    """
    return HttpResponse("ok", content_type="text/plain; charset=utf-8", headers={"Cache-Control": "no-store"})


@require_safe
def readyz(request):
    """Readiness: the database, the broker, the storage and a worker, each checked (portal.readiness).
    JSON with each check's result and time; 503 when the database or the storage is down, 200 with
    status "degraded" when only the broker or the workers are (the outbox keeps their work).
    The checks are shown to the operators only; anyone else reads {"status": "ready"} or "not ready"."""
    from .readiness import for_operators, run_checks, status

    checks = run_checks()
    state = status(checks)
    if for_operators(request):
        body = {"status": state, "checks": {c.name: {"ok": c.ok, "critical": c.critical, "detail": c.detail,
                                                     "ms": c.ms} for c in checks}}
    else:
        body = {"status": "not ready" if state == "unavailable" else "ready"}
    return JsonResponse(body, status=503 if state == "unavailable" else 200, headers={"Cache-Control": "no-store"},
                        json_dumps_params={"ensure_ascii": False})


def server_error(request):
    """The 500 page, and the 503 page when the cause is the database being unreachable (a restart, a
    fail-over): both say what happened and to try again. Standalone templates: no database, no session."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.template import loader

    error = sys.exc_info()[1]
    # Rendered without the request: its context processors read the session and the user (the database).
    if isinstance(error, (OperationalError, InterfaceError)):
        return HttpResponse(loader.render_to_string("503.html"), status=503, headers={"Retry-After": "30"})
    if isinstance(error, StorageUnavailable):  # an upload view that does not show its form again itself
        return HttpResponse(loader.render_to_string("503.html", {"cause": "storage"}), status=503,
                            headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def home(request):
    """Signed-in users go to their role's landing page; visitors see the public front page."""
    if request.user.is_authenticated:
        return redirect(LANDINGS[request.user.role])
    return render(request, "portal/home.html")


def _landing(request, role, template):
    return render(request, template, {"panels": panels_for(role, request)})


@permission_required("portal.enterprise_area")
def enterprise_home(request):
    return _landing(request, Role.ENTERPRISE, "portal/landing_enterprise.html")


@permission_required("portal.city_area")
def city_home(request):
    return _landing(request, Role.CITY_OFFICIAL, "portal/landing_city.html")


@permission_required("portal.officer_area")
def province_home(request):
    return _landing(request, Role.PROVINCIAL_OFFICER, "portal/landing_province.html")


@permission_required("portal.expert_area")
def expert_home(request):
    return _landing(request, Role.EXPERT, "portal/landing_expert.html")


@permission_required("portal.admin_area")
def admin_home(request):
    return _landing(request, Role.ADMIN, "portal/landing_admin.html")
