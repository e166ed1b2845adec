"""One page per step of a lifecycle: GET shows what the step asks (its form, and what it will do),
POST takes it. Shared by monitoring evaluations and revocation cases.

An unknown step is a 404; a step the user may never take on this object is a 403; a step the state
no longer allows sends the user back to the record with why; a refusal of the regulation shows the
page again with what was typed (files must be chosen again: browsers do not keep them).
"""
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.actions import ActionSet
from portal.errors import ActionRefused


def handle_step(request: Any, obj: Any, name: str, *, actions: ActionSet, perform: Callable[..., Any],
                detail_url: str, template: str, context: dict[str, Any] | None = None) -> Any:
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    step, refusal = actions.confirmable(obj, name, request.user)
    if refusal:
        messages.error(request, refusal)
        return redirect(detail_url)
    form_class = step.form_class
    assert form_class is not None
    if request.method == "GET":
        form = form_class(obj=obj)
    else:
        form = form_class(request.POST, request.FILES, obj=obj)
        if form.is_valid():
            try:
                perform(obj, name, actor=request.user, data=form.cleaned_data)
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, str(step.done_label))
                return redirect(detail_url)
        else:
            messages.error(request, _("Please correct the marked fields; nothing you typed has been lost."))
    return render(request, template, {"obj": obj, "step": step, "form": form, "detail_url": detail_url,
                                      **(context or {})}, status=200)
