"""An objection to an application on a public notice (公示), as a lifecycle.

    open ─uphold─▶ upheld      (the application is rejected at once: ``reject_after_objection``)
      └──dismiss─▶ dismissed

Both are final. An objection is recorded only while its application is in notice, and upheld only
before certification (``objection_rules``): after that, a title is revoked on an Art. 15 ground.
"""
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.audit_sentences import register_verbs
from portal.errors import ensure
from portal.lifecycle import Lifecycle, Transition, register
from review import permissions  # noqa: F401 - registers the permissions the table asks for
from review.models import Objection, ObjectionStatus

from .objection_rules import ensure_not_certified

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "review.objection_upheld": gettext_lazy("Objection upheld"),
    "review.objection_dismissed": gettext_lazy("Objection dismissed"),
})

OBJECTION = register(Lifecycle("objection", Objection, states=ObjectionStatus, noun=_("objection"),
                               select_related=("application",)))


def _resolve(objection, actor, data):
    """The resolution is required: the enterprise reads it when the objection is upheld, so it must not
    name the objector (whose identity stays with the department)."""
    resolution = (data.get("resolution") or "").strip()
    ensure(resolution, _("Explain the resolution."))
    objection.resolution, objection.resolved_by, objection.resolved_at = resolution, actor, timezone.now()
    data["note"] = resolution  # the audit row's message
    return ["resolution", "resolved_by", "resolved_at"], {}


def _uphold(objection, actor, data):
    ensure_not_certified(objection.application)
    return _resolve(objection, actor, data)


OBJECTION.declare(
    Transition(name="uphold", sources=frozenset({ObjectionStatus.OPEN}), target=ObjectionStatus.UPHELD,
               permission="review.handle_objections", verb="review.objection_upheld", effect=_uphold),
    Transition(name="dismiss", sources=frozenset({ObjectionStatus.OPEN}), target=ObjectionStatus.DISMISSED,
               permission="review.handle_objections", verb="review.objection_dismissed", effect=_resolve),
)
