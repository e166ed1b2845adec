"""The portal's own landing-page panels."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.constants import Role
from portal.accounts.models import User

from .audit_sentences import read_names_together
from .dashboards import register_panel
from .models import AuditEntry
from .security_log import SECURITY_VERBS


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
        # What changed, newest first: the security log's sign-ins and refusals have their own search
        # (the audit log, ``?verb=security.``) and would crowd the changes out.
        "recent": read_names_together(AuditEntry.objects.exclude(verb__startswith=SECURITY_VERBS)
                                      .select_related("actor").order_by("-created_at", "-pk")[:8]),
        "inactive_accounts": User.objects.filter(is_active=False).count(),
    }


@register_panel(Role.ENTERPRISE, order=1)
def industry_to_confirm(request):
    """The enterprise's industry was converted from the old list by a guess (accounts 0009): until it saves
    its profile, its home asks it to check the division, naming the others it may rather belong to."""
    from .accounts import industries

    enterprise = request.user.enterprise
    if enterprise is None or not enterprise.industry_to_confirm:
        return None
    return {"template": "portal/_panel_industry_to_confirm.html", "enterprise": enterprise,
            "alternatives": industries.alternatives_to_confirm(enterprise.industry_to_confirm,
                                                                          enterprise.industry)}
