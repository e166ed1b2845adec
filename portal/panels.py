"""The portal's own landing-page panels."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.constants import Role
from portal.accounts.models import User

from .dashboards import register_panel
from .models import AuditEntry


@register_panel(Role.ADMIN, order=900)
def admin_tools(request):
    return {
        "template": "portal/_panel_admin_tools.html",
        "links": [
            (_("Official, expert and admin accounts"), reverse("accounts:staff_list"), "bi-people"),
            (_("Verified credit-code exceptions"), reverse("accounts:credit_code_exceptions"), "bi-patch-check"),
            (_("Audit log"), reverse("audit_log"), "bi-journal-text"),
            (_("Django admin"), reverse("admin:index"), "bi-gear"),
        ],
        "recent": AuditEntry.objects.select_related("actor")[:8],
        "inactive_accounts": User.objects.filter(is_active=False).count(),
    }
