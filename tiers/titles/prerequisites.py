"""A title granted on a prerequisite title (an advanced title on the basic one, Art. 12; an excellence or
leading title on the advanced one, Art. 13) does not stay valid silently when that prerequisite is
revoked (Art. 15). Revoking a title (``lifecycles.TITLE``'s ``revoke``) records, in its transaction, a
``PrerequisiteLoss`` for each of the enterprise's active titles granted on it — unless the enterprise
still holds another active title of the prerequisite tier — and tells the provincial officers in the
notification centre. The province's landing page lists the losses until an officer records what was
reported (to MIIT, whose titles the province cannot revoke, Art. 13).
"""
from typing import Any

import rules
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.accounts.constants import Role
from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.dashboards import register_panel
from portal.errors import ensure
from portal.notifications import notify, provincial_officers, register_kind
from tiers.constants import Authority

from . import permissions  # noqa: F401 - registers titles.report_prerequisite_loss
from .constants import TitleStatus
from .lifecycles import TITLE
from .models import PrerequisiteLoss, Title

PREREQUISITE_REVOKED = register_kind(
    "titles.prerequisite_revoked", gettext_lazy("A title lost its prerequisite title to a revocation"),
    audience="province")
register_verbs({"titles.prerequisite_loss_reported": gettext_lazy("Loss of the prerequisite title reported")})


def titles_granted_on(title: Title) -> list[Title]:
    """The enterprise's active titles whose tier needs ``title``'s tier, when it holds no other active
    title of that tier."""
    if Title.objects.filter(enterprise_id=title.enterprise_id, tier_id=title.tier_id,
                            status=TitleStatus.ACTIVE).exclude(pk=title.pk).exists():
        return []
    return list(Title.objects.filter(enterprise_id=title.enterprise_id, tier__prerequisite_id=title.tier_id,
                                     status=TitleStatus.ACTIVE).select_related("tier", "enterprise"))


def sentence(loss: PrerequisiteLoss) -> str:
    title, prerequisite = loss.title, loss.prerequisite
    facts = {"enterprise": title.enterprise_name, "tier": title.tier.name, "prerequisite": prerequisite.tier.name,
             "date": date_format(prerequisite.revoked_on, "DATE_FORMAT") if prerequisite.revoked_on else "—",
             "ground": prerequisite.get_revocation_ground_display()}
    if title.tier.authority == Authority.MIIT:
        return _("%(enterprise)s's %(tier)s title, recognized by MIIT, was granted on its %(prerequisite)s title, "
                 "revoked on %(date)s (%(ground)s): report it to MIIT (Art. 13, 15).") % facts
    return _("%(enterprise)s's %(tier)s title was granted on its %(prerequisite)s title, revoked on %(date)s "
             "(%(ground)s): decide whether to open a revocation case (Art. 12, 15).") % facts


@receiver(TITLE.transitioned, dispatch_uid="titles.prerequisite_lost")
def _on_title_revoked(sender: Any, instance: Title, transition: Any, actor: Any, **kwargs: Any) -> None:
    if transition is None or transition.name != "revoke":
        return
    for title in titles_granted_on(instance):
        loss, new = PrerequisiteLoss.objects.get_or_create(title=title, prerequisite=instance)
        if not new:
            continue
        with translation.override(settings.LANGUAGE_CODE):  # the portal's language, whoever revoked
            subject, body = _("A title lost its prerequisite: %(title)s") % {"title": title}, sentence(loss)
        notify(provincial_officers(), kind=PREREQUISITE_REVOKED.code, key=f"prerequisite-lost:{loss.pk}",
               subject=subject, body=body, url=reverse("titles:prerequisite_loss_report", args=[loss.pk]))


def losses_to_report() -> Any:
    """Losses not yet reported, of titles still active whose prerequisite is still revoked (an overturned
    revocation restores it, and the loss with it)."""
    return (PrerequisiteLoss.objects.filter(reported_at__isnull=True, title__status=TitleStatus.ACTIVE,
                                            prerequisite__status=TitleStatus.REVOKED)
            .select_related("title__tier", "title__enterprise", "prerequisite__tier").order_by("noticed_at", "pk"))


@transaction.atomic
def report_prerequisite_loss(loss: PrerequisiteLoss, *, actor: Any, note: str) -> PrerequisiteLoss:
    """A provincial officer records what was reported of ``loss`` (to MIIT for MIIT's tiers, Art. 13).

    Before: not reported yet; ``note`` says what was reported and how. After: ``reported_*`` set, one
    audit row; the landing page no longer lists it."""
    loss = PrerequisiteLoss.objects.select_for_update().get(pk=loss.pk)
    ensure(rules.has_perm("titles.report_prerequisite_loss", actor, loss),
           _("Only a provincial officer records the report of a lost prerequisite."))
    ensure(loss.reported_at is None, _("This loss of the prerequisite title was already reported."))
    note = (note or "").strip()
    ensure(bool(note), _("Say what was reported, to whom and with which document."))
    loss.reported_at, loss.reported_by, loss.report_note = timezone.now(), actor, note
    loss.save(update_fields=["reported_at", "reported_by", "report_note"])
    audit(actor, "titles.prerequisite_loss_reported", loss, before={"reported": False}, after={"reported": True},
          message=note)
    return loss


@register_panel(Role.PROVINCIAL_OFFICER, order=34)
def prerequisite_losses_panel(request: Any) -> Any:
    """Titles that lost their prerequisite, until reported."""
    losses = list(losses_to_report()[:20])
    if not losses:
        return None
    return {"template": "titles/_panel_prerequisite_losses.html",
            "losses": [{"loss": loss, "sentence": sentence(loss)} for loss in losses]}
