"""Landing panels of the provincial department (its inbox, notices ending, open objections) and of
experts (what they still have to score)."""
import datetime

from django.db.models import Count
from django.utils import timezone

from applications.constants import Status
from portal.accounts.constants import Role
from portal.dashboards import register_panel
from review.models import ObjectionStatus

from .selectors import assignments_of, notices_for_staff, objections_for_staff, province_inbox

# What waits for the department, in the order of the procedure.
INBOX_STAGES = (Status.RECOMMENDED, Status.ACCEPTED, Status.UNDER_REVIEW, Status.APPROVED, Status.IN_NOTICE,
                Status.RECOMMENDED_TO_MIIT)


@register_panel(Role.PROVINCIAL_OFFICER, order=10)
def province_inbox_panel(request):
    counts = dict(province_inbox(request.user).filter(status__in=INBOX_STAGES).values_list("status")
                  .annotate(n=Count("pk")).values_list("status", "n"))
    today = timezone.localdate()
    running = notices_for_staff(request.user).filter(starts_on__lte=today, ends_on__gte=today).order_by("ends_on")
    return {
        "template": "review/province/_panel_province.html",
        "stages": [(status, Status(status).label, counts.get(status, 0)) for status in INBOX_STAGES],
        "notices_ending": list(running.filter(ends_on__lte=today + datetime.timedelta(days=7))[:5]),
        "notices_running": running.count(),
        "open_objections": objections_for_staff(request.user).filter(status=ObjectionStatus.OPEN).count(),
    }


@register_panel(Role.EXPERT, order=10)
def expert_assignments_panel(request):
    mine = assignments_of(request.user)
    to_score = mine.filter(submitted_at__isnull=True, application__status=Status.UNDER_REVIEW)
    return {
        "template": "review/expert/_panel_expert.html",
        "to_score": list(to_score.order_by("assigned_at")[:10]),
        "to_score_count": to_score.count(),
        "submitted_count": mine.filter(submitted_at__isnull=False).count(),
    }
