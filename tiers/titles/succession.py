"""What follows a title to the one a rename or restructuring grants in its place (Art. 16): its
operation monitoring evaluation under way and the open revocation cases covering it. A rename does
not end a monitoring evaluation or a revocation case; the enterprise answers them under its new name.

Runs inside the supersede's transaction (``lifecycles.TITLE`` sends ``transitioned`` there), one
audit row per record moved.
"""
from typing import Any

from django.dispatch import receiver

from portal.audit import audit

from .constants import CASE_OPEN_STATUSES, EVALUATION_OPEN_STATUSES
from .lifecycles import TITLE
from .models import MonitoringEvaluation, RevocationCase, Title


@receiver(TITLE.transitioned, dispatch_uid="titles.follow_the_successor")
def _on_superseded(sender: Any, instance: Title, transition: Any, actor: Any, **kwargs: Any) -> None:
    if transition is None or transition.name != "supersede" or instance.superseded_by_id is None:
        return
    successor_id = instance.superseded_by_id
    for evaluation in MonitoringEvaluation.objects.filter(title=instance, status__in=EVALUATION_OPEN_STATUSES):
        MonitoringEvaluation.objects.filter(pk=evaluation.pk).update(title_id=successor_id)
        audit(actor, "titles.evaluation_moved", evaluation, before={"title": instance.pk},
              after={"title": successor_id}, message="Art. 16")
    for case in RevocationCase.objects.filter(titles=instance, status__in=CASE_OPEN_STATUSES):
        case.titles.add(successor_id)
        audit(actor, "titles.case_title_added", case, before={"title": instance.pk},
              after={"title": successor_id}, message="Art. 16")
