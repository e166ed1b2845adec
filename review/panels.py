"""Panels the review app adds to the role landing pages."""
from portal.accounts.constants import Role
from portal.dashboards import register_panel

from .constants import RenderStatus
from .selectors import certificates_visible_to


@register_panel(Role.ENTERPRISE, order=50)
def enterprise_certificates(request):
    """The enterprise's certificates, with their state and download links."""
    certificates = certificates_visible_to(request.user).order_by("-issued_on", "-pk")
    return {"template": "review/_panel_enterprise_certificates.html", "certificates": certificates}


@register_panel(Role.ADMIN, order=50)
def certificate_render_queue(request):
    """Certificates that are not ready, so an admin notices a stuck render."""
    qs = certificates_visible_to(request.user)
    return {
        "template": "review/_panel_admin_certificates.html",
        "failed": qs.filter(status=RenderStatus.FAILED).count(),
        "pending": qs.filter(status=RenderStatus.PENDING).count(),
    }
