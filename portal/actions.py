"""How a lifecycle's transitions look on pages: labels, button styles, confirm forms and URLs.

The domain tables (``portal.lifecycle``) say what may happen; an ``ActionSet`` beside the views says
how each transition is offered: the button's label and style, what its confirm page asks (a form
class whose cleaned data becomes the transition's data) and where that page is. The timeline reads
``done_label`` for the audit verb of a transition.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules

from .audit_sentences import register_action_set
from .lifecycle import Lifecycle


@dataclass(frozen=True)
class Action:
    """The face of one transition. ``form_class(data, **{form_kwarg: obj})`` is its confirm form;
    ``confirm_url(obj)`` replaces the lifecycle's generic confirm page."""

    name: str
    label: str
    done_label: str
    style: str = "primary"
    form_class: type | None = None
    confirm_url: Callable[[Any], str] | None = None
    help_text: str = ""
    order: int = 100


class ActionSet:
    """The actions of one lifecycle; ``default_url(obj, name)`` is its generic confirm page."""

    def __init__(self, lifecycle: Lifecycle, *, default_url: Callable[[Any, str], str]) -> None:
        self.lifecycle = lifecycle
        self.default_url = default_url
        self.actions: dict[str, Action] = {}
        register_action_set(self)  # histories say each transition's verb as its action's done label

    def present(self, *actions: Action) -> None:
        for action in actions:
            if action.name in self.actions:
                raise ValueError(f"{self.lifecycle.name}: action {action.name!r} is already presented.")
            self.actions[action.name] = action

    def get(self, name: str) -> Action | None:
        return self.actions.get(name)

    def url(self, action: Action, obj: Any) -> str:
        return action.confirm_url(obj) if action.confirm_url else self.default_url(obj, action.name)

    def not_yet(self, obj: Any, name: str) -> str | None:
        """Why the step cannot be taken now although the state allows it (a date not reached, a quota
        used up, a document missing): the refusal of the transition's checks, which ``perform`` runs
        too, so a button is shown disabled exactly when its POST would be refused for that reason."""
        refused = self.lifecycle.refusal(obj, self.lifecycle.transitions[name])
        return str(refused) if refused is not None else None

    def for_user(self, obj: Any, user: Any) -> list[dict[str, Any]]:
        """The buttons ``user`` has on ``obj`` now: each available transition with its action, its URL,
        and ``not_yet``, the reason it is shown disabled (None when it may be taken)."""
        available = [t.name for t in self.lifecycle.available(obj, user) if t.name in self.actions]
        actions = sorted((self.actions[name] for name in available), key=lambda a: (a.order, a.name))
        return [{"transition": a, "url": self.url(a, obj), "not_yet": self.not_yet(obj, a.name)} for a in actions]

    def confirmable(self, obj: Any, name: str, user: Any) -> tuple[Action, str | None]:
        """The action a confirm page (GET) or its POST is for, checked as the button was: unknown is a
        404, without the transition's permission on ``obj`` a 403; with the reason it cannot be taken
        now (the object's state, or the transition's checks: ``not_yet``), else None."""
        from django.core.exceptions import PermissionDenied
        from django.http import Http404
        from django.utils.translation import gettext as _

        action, transition = self.actions.get(name), self.lifecycle.get(name)
        if action is None or transition is None:
            raise Http404
        if not rules.has_perm(transition.permission, user, obj):
            raise PermissionDenied
        if transition not in self.lifecycle.possible(obj):
            state = getattr(obj, f"get_{self.lifecycle.field}_display")()
            return action, _("This step is not possible now: the %(noun)s is “%(state)s”.") % {
                "noun": self.lifecycle.noun, "state": state}
        return action, self.not_yet(obj, name)

    def done_label_for_verb(self, verb: str) -> str | None:
        transition = self.lifecycle.by_verb(verb)
        action = self.actions.get(transition.name) if transition else None
        return action.done_label if action else None

    def missing(self) -> set[str]:
        """Transitions declared without a face (a test keeps this empty)."""
        return set(self.lifecycle.transitions) - set(self.actions)
