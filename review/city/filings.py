"""The filing of a basic recognition with the province (备案, Art. 11), as a lifecycle.

    filed ─acknowledge (province)─▶ acknowledged   (final)
      └───query (province)────────▶ queried ─refile (the city answers)─▶ filed

The city files when it recognizes (``workflow._recognize`` creates the filing); every later step is
a transition here, with its audit row on the filing.
"""
from typing import Any

from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from applications.constants import Status as ApplicationStatus
from applications.next_steps import NextStep, register_fact
from portal.audit_sentences import register_verbs
from portal.errors import ensure
from portal.lifecycle import Lifecycle, Transition, register
from portal.notifications import notify, register_kind
from review import permissions  # noqa: F401 - registers the permissions the table asks for
from review.models import Filing, FilingStatus

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "review.filing_filed": gettext_lazy("Recognition filed with the province (Art. 11)"),
    "review.filing_acknowledged": gettext_lazy("Filing acknowledged by the province"),
    "review.filing_queried": gettext_lazy("Filing queried by the province"),
    "review.filing_refiled": gettext_lazy("Filing sent again"),
})

FILING = register(Lifecycle("filing", Filing, states=FilingStatus, noun=_("filing"),
                            select_related=("city", "title"),
                            snapshot=lambda filing: {"times_filed": filing.times_filed}))


def _acknowledge(filing: Any, actor: Any, data: Any) -> Any:
    filing.response = (data.get("note") or "").strip()
    filing.responded_by, filing.responded_at = actor, timezone.now()
    return ["response", "responded_by", "responded_at"], {}


def _query(filing: Any, actor: Any, data: Any) -> Any:
    reason = (data.get("reason") or "").strip()
    ensure(reason, _("Say what the city must clarify."), article="Art. 11")
    filing.response = reason
    filing.responded_by, filing.responded_at = actor, timezone.now()
    return ["response", "responded_by", "responded_at"], {}


def _refile(filing: Any, actor: Any, data: Any) -> Any:
    reply = (data.get("reason") or "").strip()
    ensure(reply, _("Answer the province's query before filing again."), article="Art. 11")
    now = timezone.now()
    filing.reply, filing.replied_by, filing.replied_at = reply, actor, now
    filing.filed_by, filing.filed_at = actor, now
    filing.times_filed += 1
    return ["reply", "replied_by", "replied_at", "filed_by", "filed_at", "times_filed"], {}


FILING.declare(
    Transition(name="acknowledge", sources=frozenset({FilingStatus.FILED}), target=FilingStatus.ACKNOWLEDGED,
               permission="review.respond_to_filing", verb="review.filing_acknowledged", effect=_acknowledge,
               article="Art. 11"),
    Transition(name="query", sources=frozenset({FilingStatus.FILED}), target=FilingStatus.QUERIED,
               permission="review.respond_to_filing", verb="review.filing_queried", effect=_query,
               article="Art. 11"),
    Transition(name="refile", sources=frozenset({FilingStatus.QUERIED}), target=FilingStatus.FILED,
               permission="review.refile", verb="review.filing_refiled", effect=_refile, article="Art. 11"),
)


# The city bureau is told of the province's query of its filing: it must answer (Art. 11).
FILING_QUERIED = register_kind("review.filing_queried", _("A filing of my city queried by the province"),
                               audience="city")


@receiver(FILING.transitioned, dispatch_uid="review.notify_filing_queried")
def _tell_city_of_query(sender: Any, instance: Filing, transition: Any, actor: Any, audit_entry: Any = None,
                        **kwargs: Any) -> None:
    if transition is None or transition.name != "query" or audit_entry is None:
        return
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext

    from portal.accounts.constants import Role
    from portal.accounts.models import User

    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("[Shandong smart factories] The province queried a filing: %(name)s") % {
            "name": instance.title.enterprise_name}
    notify(User.objects.filter(role=Role.CITY_OFFICIAL, city_id=instance.city_id, is_active=True),
           kind=FILING_QUERIED.code, key=f"audit:{audit_entry.pk}", subject=subject, body=instance.response,
           url=reverse("review:filing_detail", args=[instance.pk]))


def _filing_fact(application: Any) -> NextStep | None:
    """A recognized application's filing, once the province answered it: the status's own sentence says
    the city files it with the province, which is no longer true."""
    filing = Filing.objects.filter(application=application).first()
    if filing is None or filing.status != FilingStatus.ACKNOWLEDGED:
        return None
    return NextStep(_("Nothing to do: the province acknowledged the city's filing of your recognition on "
                      "%(date)s (Art. 11).") % {
        "date": date_format(timezone.localdate(filing.responded_at), "DATE_FORMAT") if filing.responded_at else "—"})


register_fact(ApplicationStatus.CITY_RECOGNIZED, _filing_fact)
