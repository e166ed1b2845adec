"""The notification centre's pages: the user's notifications (unread first, paged), opening one (read,
then its page), marking all read, and choosing per kind what also comes by e-mail."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Notification, NotificationPreference
from .notifications import kinds_for, mark_read


@login_required
def notification_list(request):
    qs = Notification.objects.filter(user=request.user).order_by(F("read_at").asc(nulls_first=True), "-created_at")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "portal/notifications.html", {"page": page})


@login_required
def open_notification(request, pk):
    """Mark it read and go to what it is about (only a page of the portal itself)."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    mark_read(request.user, notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications")


@login_required
@require_POST
def mark_all_read(request):
    count = mark_read(request.user)
    messages.success(request, _("%(count)d notification(s) marked read.") % {"count": count})
    return redirect("notifications")


@login_required
def preferences(request):
    """Which kinds also come by e-mail; every kind is always in the centre."""
    kinds = kinds_for(request.user)
    chosen = dict(NotificationPreference.objects.filter(user=request.user).values_list("kind", "email"))
    if request.method == "POST":
        wanted = set(request.POST.getlist("email"))
        for kind in kinds:
            NotificationPreference.objects.update_or_create(user=request.user, kind=kind.code,
                                                            defaults={"email": kind.code in wanted})
        messages.success(request, _("Your choices are saved."))
        return redirect("notification_preferences")
    rows = [(kind, chosen.get(kind.code, True)) for kind in kinds]
    return render(request, "portal/notification_preferences.html", {"rows": rows})
