"""One way to say an audit row (``portal.audit``) in words: a sentence for its verb in the reader's
language, and what it changed as "field: before → after" with the fields' verbose names. Every
timeline, history, the audit log, the admin's recent activity and the audit export read it, so no
reader ever sees a raw verb or a dict (the export keeps the verb in a column of its own, for machines).

Apps register their verbs (``register_verbs``) as they register their notification kinds; the
transitions of every lifecycle register themselves through their faces (``portal.actions.ActionSet``:
the done label of the action is the sentence of the transition's verb). Keys of ``before``/``after``
that are not fields of the audited model are named by ``register_fields``.
"""
from __future__ import annotations

import contextvars
import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERBS: dict[str, Any] = {}
FIELDS: dict[str, Any] = {}
VALUES: dict[str, Callable[[Any], str]] = {}  # key -> what a stored value of it identifies, in words
ACTION_SETS: list[Any] = []  # every lifecycle's faces (``portal.actions.ActionSet``), in creation order
RECORDED = gettext_lazy("Recorded")


def register_verbs(labels: Mapping[str, Any]) -> None:
    """Name each verb: ``{"review.recommended": _("Recommended to the province")}``. A verb has one
    sentence: naming it twice differently is a mistake and refused."""
    for verb, label in labels.items():
        known = VERBS.setdefault(verb, label)
        if known is not label and str(known) != str(label):
            raise ValueError(f"The audit verb {verb!r} is already named {known!r}.")


def register_fields(labels: Mapping[str, Any]) -> None:
    """Name keys of ``before``/``after`` that are no field of the audited model (``{"ip": _("address")}``)."""
    FIELDS.update(labels)


def register_values(readers: Mapping[str, Callable[[Any], str]]) -> None:
    """Say what a stored value of a key identifies (``{"batch": lambda uuid: "…opened on 2026-03-01"}``),
    for values that are neither a choice, a foreign key of the audited model, nor a date."""
    VALUES.update(readers)


def register_action_set(actions: Any) -> None:
    """The done label of each of the set's actions says the verb of its transition (whenever that
    transition is declared: some apps add transitions to another app's lifecycle at start-up)."""
    ACTION_SETS.append(actions)


def _label(verb: str) -> Any:
    if verb in VERBS:
        return VERBS[verb]
    return next((label for actions in ACTION_SETS if (label := actions.done_label_for_verb(verb))), None)


def label_for(verb: str) -> str:
    """The sentence of ``verb`` in the active language, or "" for a verb no one has named."""
    label = _label(verb)
    return str(label) if label else ""


def lazy_label(verb: str) -> Any:
    """The (lazy) sentence of ``verb``, or a plain "Recorded": never the verb itself."""
    return _label(verb) or RECORDED


def said(verb: str) -> str:
    """The sentence of ``verb`` in the active language, or a plain "Recorded"."""
    return str(lazy_label(verb))


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None  # None: the key was not there before (a value set, not changed)
    after: str

    def __str__(self) -> str:
        if self.before is None:
            return f"{self.field}: {self.after}"
        return f"{self.field}: {self.before} → {self.after}"


def _model_of(entry: Any) -> Any:
    if not entry.content_type_id:
        return None
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()  # cached: no query per row


def _field(model: Any, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def field_label(model: Any, key: str) -> str:
    field = _field(model, key)
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    if key in FIELDS:
        return str(FIELDS[key])
    return key.split(":", 1)[-1].replace("_", " ")


_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


# The names of the objects a lot of rows name, read together (``read_names_together``); None: read per value.
_NAMES: contextvars.ContextVar[dict[tuple[Any, str, str], str] | None] = contextvars.ContextVar(
    "audit_names", default=None)


def _related_keys(field: Any, value: Any) -> tuple[Any, str, list[Any]] | None:
    """(model, lookup, keys) of a foreign key's (or many-to-many's) stored value(s); None if not one."""
    model = getattr(field, "related_model", None) if getattr(field, "is_relation", False) else None
    if model is None or isinstance(value, dict) or value is None or value == "" or value == []:
        return None
    keys = list(value) if isinstance(value, (list, tuple)) else [value]
    # Most rows keep the primary key; some keep a code (a tier's "advanced").
    by = "code" if any(isinstance(k, str) and not k.isdigit() for k in keys) else "pk"
    if by == "code" and not any(f.name == "code" for f in model._meta.get_fields()):
        return None
    return model, by, keys


def _read_names(model: Any, by: str, keys: Any) -> dict[tuple[Any, str, str], str]:
    """{(model, by, key): the object's name} for ``keys``, in one query (with the objects its name reads)."""
    try:
        objects = model._default_manager.select_related().filter(**{f"{by}__in": list(keys)})
        return {(model, by, str(getattr(obj, by))): str(obj) for obj in objects}
    except (ValueError, TypeError, ValidationError):
        return {}


def _named_objects(field: Any, value: Any) -> str | None:
    """A foreign key's (or many-to-many's) stored primary key(s) as the objects' names; None if not one."""
    related = _related_keys(field, value)
    if related is None:
        return None
    model, by, keys = related
    names = _NAMES.get()
    if names is None or any((model, by, str(k)) not in names for k in keys):
        names = _read_names(model, by, keys)
    return ", ".join(names.get((model, by, str(k)), f"#{k}") for k in keys)


def read_names_together(entries: Iterable[Any]) -> list[Any]:
    """``entries`` (audit rows), each given the names of every object the lot's changes name, read in one
    query per model instead of one per value: for a page or a chunk of rows shown together."""
    entries = list(entries)
    wanted: dict[tuple[Any, str], set[str]] = {}
    for entry in entries:
        model = _model_of(entry)
        for side in (entry.before, entry.after):
            for key, value in (side.items() if isinstance(side, dict) else ()):
                related = _related_keys(_field(model, key), value)
                if related is not None:
                    wanted.setdefault(related[:2], set()).update(str(k) for k in related[2])
    names: dict[tuple[Any, str, str], str] = {}
    for (model, by), keys in wanted.items():
        found = _read_names(model, by, keys)
        names.update(found)
        names.update({(model, by, k): f"#{k}" for k in keys if (model, by, k) not in found})  # gone: its key
    for entry in entries:
        entry.audit_names = names
    return entries


def _string_text(value: str) -> str:
    """Strings the services store for machines: a file's SHA-256, a UUID, an ISO date or moment."""
    if _DIGEST.match(value):
        return _("file digest …%(end)s") % {"end": value[-6:]}
    if _UUID.match(value):
        return _("no. %(short)s") % {"short": value[:8]}
    if _DATE.match(value):
        return value
    if _DATETIME.match(value):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "Y-m-d H:i")
    return value


def value_text(value: Any, field: Any = None, *, key: str = "", model: Any = None) -> str:
    """A stored value in words, as a person would write it: a choice by its label, a foreign key by the
    object's name, yes/no, dates as "Y-m-d" (moments "Y-m-d H:i"), a digest as "file digest …1a2b3c", a
    UUID by what it identifies (``register_values``) or its first characters, lists and mappings flattened
    ("a, b"; "name: value; …", each key named like a field of ``model``)."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if key in VALUES and not isinstance(value, (list, dict)):
        return VALUES[key](value)
    if field is not None and getattr(field, "flatchoices", None) and not isinstance(value, (list, dict)):
        choices = {str(k): v for k, v in field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    named = _named_objects(field, value) if field is not None else None
    if named is not None:
        return named
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "Y-m-d")
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(model, k)}: {value_text(v, _field(model, k), key=k, model=model)}"
                         for k, v in value.items())
    if isinstance(value, str):
        return _string_text(value)
    return str(value)


def changes(entry: Any) -> list[Change]:
    """What ``entry`` changed: each key whose value differs between ``before`` and ``after`` (or is
    set by ``after``, or gone from it), named and said in words."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    model = _model_of(entry)
    found = []
    token = _NAMES.set(getattr(entry, "audit_names", None))
    try:
        for key in dict.fromkeys([*before, *after]):
            old, new = before.get(key), after.get(key)
            if key in before and key in after and old == new:
                continue
            field = _field(model, key)
            found.append(Change(field_label(model, key),
                                value_text(old, field, key=key, model=model) if key in before else None,
                                value_text(new, field, key=key, model=model)))
    finally:
        _NAMES.reset(token)
    return found


def change_text(entry: Any) -> str:
    return "; ".join(str(change) for change in changes(entry))


def sentence(entry: Any) -> str:
    """The whole row in one line: its verb's sentence, then what it changed."""
    text = change_text(entry)
    return f"{said(entry.verb)}: {text}" if text else said(entry.verb)


# Keys the portal's services write beside the audited model's fields (files, versions, counts, the
# request's address): named once here, in both languages, for every audit row that carries them.
register_fields({
    "answers": gettext_lazy("answers"), "applications": gettext_lazy("applications"), "at": gettext_lazy("when"),
    "attachment": gettext_lazy("attachment"), "attempts": gettext_lazy("attempts"), "by": gettext_lazy("by"),
    "certificate": gettext_lazy("certificate"), "date": gettext_lazy("date"), "document": gettext_lazy("document"),
    "documents": gettext_lazy("documents"), "evidence": gettext_lazy("evidence"), "experts": gettext_lazy("experts"),
    "fields": gettext_lazy("fields"), "indicators": gettext_lazy("indicators"), "ip": gettext_lazy("IP address"),
    "letter": gettext_lazy("letter"), "level": gettext_lazy("level"), "name": gettext_lazy("name"),
    "notice": gettext_lazy("public notice"), "quota": gettext_lazy("quota"), "rank": gettext_lazy("rank"),
    "report_number": gettext_lazy("report number"), "required": gettext_lazy("required"),
    "revoked_titles": gettext_lazy("titles revoked"), "round": gettext_lazy("round"), "rows": gettext_lazy("rows"),
    "scan": gettext_lazy("scan"), "score": gettext_lazy("score"), "scores": gettext_lazy("scores"),
    "section": gettext_lazy("section"), "sections": gettext_lazy("sections"), "sha256": "SHA-256",
    "shortfall": gettext_lazy("shortfall"), "source": gettext_lazy("source"), "status": gettext_lazy("status"),
    "tier": gettext_lazy("tier"), "title": gettext_lazy("title"), "used": gettext_lazy("used"),
    "user_agent": gettext_lazy("browser"), "version": gettext_lazy("version"), "weights": gettext_lazy("weights"),
})
