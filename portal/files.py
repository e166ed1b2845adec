"""Which private files the records refer to, and the sweep that removes the ones none does.

A file can outlive the record it was written for: a process killed between writing it and committing
its row (a render killed mid-way), a rollback in a shell. ``sweep_orphans`` lists private storage and
deletes files that no file field refers to and that are older than a grace period (so a file written
a moment ago, whose transaction is still open, is never taken). Celery beat runs it daily
(settings.CELERY_BEAT_SCHEDULE); ``manage.py sweep_orphan_files`` runs it by hand, ``--dry-run`` to
see what it would remove.
"""
from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from .storage import private_storage

logger = logging.getLogger(__name__)

GRACE = datetime.timedelta(hours=24)
BATCH = 500


def private_file_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every concrete file field stored in private storage."""
    fields = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and getattr(field, "_storage_callable", None) is private_storage:
                fields.append((model, field.name))
    return fields


def referenced(names: Iterable[str]) -> set[str]:
    """The subset of ``names`` that some record's private file field holds."""
    wanted = list(dict.fromkeys(names))
    found: set[str] = set()
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start:start + BATCH]
        for model, field in private_file_fields():
            found.update(model._default_manager.filter(**{f"{field}__in": batch}).values_list(field, flat=True))
    return found


def stored_files(storage: Any = None, directory: str = "") -> Iterator[str]:
    """Every file name in private storage, walking the directories (S3 prefixes) through the storage API."""
    storage = storage or private_storage()
    directories, files = storage.listdir(directory)
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for sub in directories:
        yield from stored_files(storage, f"{directory}/{sub}" if directory else sub)


def sweep_orphans(*, now: datetime.datetime | None = None, grace: datetime.timedelta = GRACE,
                  dry_run: bool = False) -> dict[str, Any]:
    """Delete private files no record refers to and older than ``grace``.

    Returns {"checked": n, "removed": [names], "kept_young": n}; each removal is logged.
    """
    storage = private_storage()
    now = now or timezone.now()
    removed: list[str] = []
    checked = young = 0
    batch: list[str] = []

    def flush() -> None:
        nonlocal young
        keep = referenced(batch)
        for name in batch:
            if name in keep:
                continue
            if storage.get_modified_time(name) > now - grace:
                young += 1
                continue
            if not dry_run:
                storage.delete(name)
                logger.info("Removed orphan file %s: no record refers to it.", name)
            removed.append(name)
        batch.clear()

    for name in stored_files(storage):
        checked += 1
        batch.append(name)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return {"checked": checked, "removed": removed, "kept_young": young}
