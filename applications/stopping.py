"""In-flight applications stop when the title they need is revoked (Art. 12, 13, 15).

An advanced application needs an active basic title (Art. 12), an excellence or leading one an
active advanced title (Art. 13). When such a title is revoked (``tiers.titles.lifecycles.TITLE``'s
``revoke``, inside its transaction), each of the enterprise's applications under way whose tier needs
that tier stops — unless the enterprise still holds another active title of it — with the reason
and the revocation's note. A draft is left to the enterprise: the rule book refuses to submit it.
"""
from typing import Any

from django.dispatch import receiver
from django.utils.translation import gettext as _

from portal.errors import ensure
from portal.lifecycle import Transition
from tiers.titles.constants import TitleStatus
from tiers.titles.dependents import register_dependents
from tiers.titles.lifecycles import TITLE
from tiers.titles.models import Title

from .constants import IN_FLIGHT_STATUSES, Status
from .models import Application
from .workflow import APPLICATION, perform


def _stop(app: Application, actor: Any, data: Any) -> Any:
    reason = (data.get("reason") or "").strip()
    ensure(bool(reason), _("Say why the application stops."))
    app.stop_reason = reason
    return ["stop_reason"], {}


def prerequisite_lost(app: Application) -> bool:
    """The application's tier needs a title (Art. 12, 13) the enterprise no longer holds active."""
    prerequisite_id = app.tier.prerequisite_id
    return prerequisite_id is not None and not Title.objects.filter(
        enterprise_id=app.enterprise_id, tier_id=prerequisite_id, status=TitleStatus.ACTIVE).exists()


APPLICATION.declare(Transition(
    name="stop", sources=IN_FLIGHT_STATUSES, target=Status.STOPPED, permission="applications.stop_on_revocation",
    verb="applications.stopped", effect=_stop, guard=prerequisite_lost, article="Art. 12, 13",
))


def dependent_applications(title: Title, *, also_revoking: Any = ()) -> Any:
    """The applications under way that need ``title``'s tier, if the enterprise holds no other active
    one (besides ``title`` and the titles ``also_revoking``)."""
    if Title.objects.filter(enterprise_id=title.enterprise_id, tier_id=title.tier_id, status=TitleStatus.ACTIVE
                            ).exclude(pk__in=[title.pk, *(t.pk for t in also_revoking)]).exists():
        return Application.objects.none()
    return Application.objects.filter(enterprise_id=title.enterprise_id, tier__prerequisite_id=title.tier_id,
                                      status__in=IN_FLIGHT_STATUSES)


@receiver(TITLE.transitioned, dispatch_uid="applications.stop_on_revocation")
def _on_title_revoked(sender: Any, instance: Title, transition: Any, actor: Any, data: Any = None,
                      **kwargs: Any) -> None:
    if transition is None or transition.name != "revoke":
        return
    reason = _("The %(tier)s title this application needs was revoked on %(date)s (%(ground)s): %(note)s") % {
        "tier": instance.tier.name, "date": instance.revoked_on.isoformat() if instance.revoked_on else "",
        "ground": instance.get_revocation_ground_display(), "note": instance.revocation_note}
    for application in dependent_applications(instance):
        perform(application, "stop", actor=actor, data={"reason": reason})


def _dependents(titles: Any) -> list[Application]:
    """For the revocation's confirm page: the applications that revoking ``titles`` would stop."""
    titles = list(titles)
    found: list[Application] = []
    for title in titles:
        found.extend(dependent_applications(title, also_revoking=titles).exclude(pk__in=[a.pk for a in found])
                     .select_related("tier", "round"))
    return found


register_dependents(_dependents)
