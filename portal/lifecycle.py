"""One state-machine engine for every lifecycle in the portal.

A lifecycle is a model with a state field and a declared table of transitions. The table says what
may happen, as data: the states a transition starts from, the state it leads to, the django-rules
permission asked on the object, the audit verb, and an optional effect. How a transition looks on a
page (label, button style, confirm form, URL) is the views' business (``portal.actions``).

    APPLICATION = Lifecycle("application", Application, states=Status, noun=_("application"))
    APPLICATION.declare(Transition(name="recommend", sources={Status.CITY_PASSED}, target=Status.RECOMMENDED,
                                   permission="review.recommend", verb="review.recommended", effect=check_quota))

``Lifecycle.perform(obj, name, actor=..., data=...)`` then, in one transaction: locks the row, checks
the state is a source (and the transition's guard), checks the permission on the object, runs the
effect (which may refuse with ActionRefused, citing the article), writes the state, writes one audit
row, and sends ``transitioned`` inside the transaction (receivers record their side effects in the
outbox, ``portal.outbox``, so they happen after the commit, or not at all). Nothing else assigns the state field:
the model's ``save`` refuses a change of it unless the engine writes it (``StateGuardMixin``).

Services take plain data: the effect receives the locked instance, the actor and a dict of cleaned
values, never a form or a request.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import django.dispatch
import rules
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .audit import audit
from .errors import ActionRefused, ensure

# An effect runs inside the transaction on the locked instance; it returns the extra fields it
# changed (to save) and extra facts for the audit row, or None when it changed nothing else.
EffectResult = tuple[Iterable[str], Mapping[str, Any]] | None
Effect = Callable[[Any, Any, dict[str, Any]], EffectResult]
Guard = Callable[[Any], bool]


@dataclass(frozen=True)
class Transition:
    """One allowed move. ``target`` None keeps the state: the step is recorded (audit row, effect,
    signal) without changing it, e.g. the province acknowledging a city's filing of a rename.
    ``guard(obj)`` narrows when the move exists beyond the state (e.g. the route of a rename); it is
    part of the rule book, not of who may do it, which is ``permission``. ``checks`` are rules of the
    regulation that must still hold when the move is made (each raises ActionRefused, citing its
    article, e.g. a date not reached or a quota used up), run before the effect. The same checks say
    why a button is shown disabled (``Lifecycle.refusal``), so each reads only and takes no lock; a rule
    that needs a lock asks again in the effect, through the same rule function. ``article`` is cited
    when the move is refused."""

    name: str
    sources: frozenset[str]
    target: str | None
    permission: str
    verb: str
    effect: Effect | None = None
    guard: Guard | None = None
    checks: tuple[Callable[[Any], None], ...] = ()
    article: str = ""  # the article of the regulation that governs the move, cited when it is refused


class StateGuardMixin(models.Model):
    """Refuses a change of the lifecycle's state field made anywhere but in ``Lifecycle.perform``.

    ``initial_state``: the state every new row starts in (None: any). The state as loaded is kept
    from ``from_db``, so the check costs no query.
    """

    state_field = "status"
    initial_state: str | None = None

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        current = getattr(self, self.state_field)
        loaded = getattr(self, "_loaded_state", None)
        writing = getattr(self, "_lifecycle_writing", False)
        if self.pk is None or self._state.adding:
            if self.initial_state is not None and current != self.initial_state and not writing:
                raise StateWriteRefused(f"A new {type(self).__name__} starts as {self.initial_state!r}.")
        elif loaded is not None and current != loaded and not writing:
            raise StateWriteRefused(f"{type(self).__name__}.{self.state_field} changes only through its lifecycle.")
        super().save(*args, **kwargs)
        self._loaded_state = current

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._loaded_state = instance.__dict__.get(cls.state_field)
        return instance

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._loaded_state = self.__dict__.get(self.state_field)


class StateWriteRefused(RuntimeError):
    """Someone assigned a lifecycle's state field outside ``Lifecycle.perform``."""


class Lifecycle:
    """The declared transitions of one model's state field, and the one function that runs them."""

    def __init__(self, name: str, model: type[models.Model], *, states: type[models.TextChoices],
                 noun: str | Promise, field: str = "status", select_related: tuple[str, ...] = (),
                 snapshot: Callable[[Any], dict[str, Any]] | None = None) -> None:
        self.name = name
        self.model = model
        self.states = states
        self.noun = noun
        self.field = field
        self.select_related = select_related
        # What the audit row records of the object besides its state, before and after the move.
        self.snapshot = snapshot or (lambda obj: {})
        self.transitions: dict[str, Transition] = {}
        # Sent after commit: sender=model, instance, transition, actor, audit_entry, data.
        self.transitioned = django.dispatch.Signal()

    def __repr__(self) -> str:
        return f"<Lifecycle {self.name}>"

    # --- the table ------------------------------------------------------------------------------

    def declare(self, *transitions: Transition) -> None:
        """Add transitions to the table (from the owning app, or from a later stage's ``ready``)."""
        known = set(self.states.values)
        for t in transitions:
            if t.name in self.transitions:
                raise ValueError(f"{self.name}: transition {t.name!r} is already declared.")
            unknown = {*t.sources, *([t.target] if t.target is not None else [])} - known
            if unknown:
                raise ValueError(f"{self.name}: transition {t.name!r} names unknown states {unknown}.")
            if not t.sources:
                raise ValueError(f"{self.name}: transition {t.name!r} has no source state.")
            if not t.verb:
                raise ValueError(f"{self.name}: transition {t.name!r} has no audit verb.")
            if not rules.perm_exists(t.permission):
                raise ValueError(f"{self.name}: transition {t.name!r} asks for the unregistered "
                                 f"permission {t.permission!r}.")
            self.transitions[t.name] = t

    def get(self, name: str) -> Transition | None:
        return self.transitions.get(name)

    def by_verb(self, verb: str) -> Transition | None:
        return next((t for t in self.transitions.values() if t.verb == verb), None)

    def possible(self, obj: models.Model) -> list[Transition]:
        """The transitions the object's state (and each guard) allows, whoever asks."""
        state = getattr(obj, self.field)
        return [t for t in self.transitions.values()
                if state in t.sources and (t.guard is None or t.guard(obj))]

    def available(self, obj: models.Model, user: Any) -> list[Transition]:
        """What ``user`` may do to ``obj`` now."""
        return [t for t in self.possible(obj) if rules.has_perm(t.permission, user, obj)]

    def refusal(self, obj: models.Model, transition: Transition) -> ActionRefused | None:
        """Why ``transition``'s checks would refuse it on ``obj`` now (the first that does), or None.

        The pages ask this to show a step disabled with the reason instead of offering it and refusing
        the POST; ``perform`` runs the same checks on the locked row. Reads only."""
        for check in transition.checks:
            try:
                check(obj)
            except ActionRefused as exc:
                return exc
        return None

    # --- running one --------------------------------------------------------------------------

    def perform(self, obj: Any, name: str, *, actor: Any, data: Mapping[str, Any] | None = None) -> Any:
        """Run transition ``name`` on ``obj`` for ``actor``; return the updated instance.

        Before: the state is one of the transition's sources, its guard holds, and ``actor`` has its
        permission on the object. After, in one transaction: the effect's changes, the new state and
        one audit row (message: the ``reason`` or ``note`` given), and ``transitioned`` sent (its
        receivers' outbox messages are part of the transaction). A refusal (ActionRefused) rolls everything back.
        """
        transition = self.transitions.get(name)
        ensure(transition is not None, _("This action does not exist."))
        assert transition is not None
        values: dict[str, Any] = dict(data or {})
        with transaction.atomic():
            # Lock only this row: joined rows are read, not locked, or every transition would queue
            # behind every other one that shares them.
            locked = (self.model._default_manager.select_for_update(of=("self",))
                      .select_related(*self.select_related).get(pk=obj.pk))
            before = getattr(locked, self.field)
            facts_before = self.snapshot(locked)
            ensure(before in transition.sources and (transition.guard is None or transition.guard(locked)),
                   _("This is not possible while the %(noun)s is “%(state)s”.")
                   % {"noun": self.noun, "state": self.states(before).label}, article=transition.article)
            ensure(rules.has_perm(transition.permission, actor, locked),
                   _("You may not do this to this %(noun)s.") % {"noun": self.noun}, article=transition.article)
            for check in transition.checks:
                check(locked)
            result = transition.effect(locked, actor, values) if transition.effect else None
            changed, extra = result if result is not None else ((), {})
            fields = list(dict.fromkeys(changed))
            if transition.target is not None:
                setattr(locked, self.field, transition.target)
                fields.append(self.field)
                if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
                    fields.append("updated_at")
            if fields:
                locked._lifecycle_writing = True  # type: ignore[attr-defined]  # read by StateGuardMixin.save
                try:
                    locked.save(update_fields=list(dict.fromkeys(fields)))
                finally:
                    locked._lifecycle_writing = False  # type: ignore[attr-defined]
            after = {**self.snapshot(locked), **dict(extra or {}), self.field: getattr(locked, self.field)}
            message = values.get("reason") or values.get("note") or ""
            entry = audit(actor, transition.verb, locked, before={**facts_before, self.field: before}, after=after,
                          message=str(message).strip())
            # Inside the transaction: a receiver records its side effects in the outbox (portal.outbox),
            # which then commit or roll back with the transition, and run after the commit.
            self.transitioned.send(sender=self.model, instance=locked, transition=transition, actor=actor,
                                   audit_entry=entry, data=values)
        if obj is not locked:
            _copy_saved_state(locked, obj)
        return locked


def _copy_saved_state(saved: models.Model, obj: models.Model) -> None:
    """Give the caller's ``obj`` the values just committed, from ``saved`` (the locked instance), without a
    query: once the transaction committed the move is done, and a connection that drops right after the
    commit (a fail-over, a restart) must not turn it into an error page that says it failed."""
    cache = obj._state.fields_cache
    for field in saved._meta.concrete_fields:
        value = getattr(saved, field.attname)
        if field.is_relation and getattr(obj, field.attname) != value:
            cache.pop(field.name, None)  # a cached related object of the old key no longer applies
        setattr(obj, field.attname, value)
    for relation in obj._meta.related_objects:  # reverse one-to-ones, as refresh_from_db forgets them
        if relation.is_cached(obj):
            relation.delete_cached_value(obj)
    getattr(obj, "_prefetched_objects_cache", {}).clear()
    if isinstance(obj, StateGuardMixin):
        obj._loaded_state = getattr(obj, obj.state_field)


def lifecycles() -> list[Lifecycle]:
    """Every lifecycle declared in the portal (for checks and tests)."""
    return list(_REGISTRY.values())


_REGISTRY: dict[str, Lifecycle] = {}


def register(lifecycle: Lifecycle) -> Lifecycle:
    """Make ``lifecycle`` known to ``lifecycles()``; returns it."""
    if lifecycle.name in _REGISTRY and _REGISTRY[lifecycle.name] is not lifecycle:
        raise ValueError(f"A lifecycle named {lifecycle.name!r} is already registered.")
    _REGISTRY[lifecycle.name] = lifecycle
    return lifecycle
