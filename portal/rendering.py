"""Documents the portal prints for a signature and a stamp: rendered to PDF by a task, kept privately.

The application document (申报书) and the pledge (承诺书) of a submitted version
(``applications.documents``), and a city's recommendation letter and summary table
(``review.city.documents``), are each a row of a ``RenderedDocument`` model (a title's certificate,
``tiers.titles.certificates``, is rendered the same way from its own model): created pending in the
transaction of the change that calls for it, with an outbox message (``portal.outbox``); the handler
calls ``render_once``, which is safe twice and concurrently; a failed attempt is recorded by
``record_failure`` and retried by the outbox, the last one leaves the row failed for someone to ask
again. A rendered file is never overwritten: every attempt writes under a new name, and only the one
recorded is kept.

``canonical_digest`` is what a document's QR code carries: the SHA-256 of the canonical JSON of the
content it was printed from, so a verification page can say whether a printed copy matches the record.
"""
import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import audit
from .storage import private_storage


class RenderStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


def canonical_json(data: Any) -> bytes:
    """``data`` as canonical JSON: sorted keys, no spaces, UTF-8 (the same bytes on every database)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def canonical_digest(data: Any) -> str:
    """The SHA-256 (hex) of ``data``'s canonical JSON."""
    return hashlib.sha256(canonical_json(data)).hexdigest()


class RenderedDocument(models.Model):
    """A PDF the portal renders in the background. Subclasses say what it is printed from."""

    status = models.CharField(_("status"), max_length=10, choices=RenderStatus.choices, default=RenderStatus.PENDING)
    content_digest = models.CharField(_("digest of the content"), max_length=64)
    file = models.FileField(storage=private_storage, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    file_size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_ready(self) -> bool:
        return self.status == RenderStatus.READY

    def render_snapshot(self) -> dict[str, Any]:
        return {"status": self.status, "sha256": self.sha256, "attempts": self.attempts}


def render_once(document: Any, *, template: str, context: Callable[[Any], dict[str, Any]],
                directory: str, verb: str, stylesheets: tuple[str, ...] = ("pdf/document.css",),
                audit_object: Callable[[Any], Any] | None = None, on_ready: Callable[[Any], None] | None = None,
                own_directory: bool = False) -> Any:
    """Render ``document`` (a ``RenderedDocument``, or a model with the same render fields and a
    ``render_snapshot``, as a certificate) with ``template`` and mark it ready; return it.

    Safe at any time, twice, or concurrently: a ready document is returned untouched. Post: the PDF is
    in private storage under a new name in ``directory``, with its SHA-256 and size; status ready; one
    audit row ``verb`` (on ``audit_object(document)``, the document by default); ``on_ready(document)``
    run in the same transaction (a notification through the outbox). With ``own_directory`` (the
    directory is this document's alone), the files of earlier attempts whose worker died between writing
    and recording are deleted after the commit, so one file is left: the recorded one. Rendering errors
    propagate (the outbox records them and retries).
    """
    from .pdf import render_to_pdf

    model: Any = type(document)  # a concrete subclass: abstract models have no manager
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=document.pk)
        if current.status == RenderStatus.READY:
            return current
        current.attempts += 1
        current.save(update_fields=["attempts"])
    content = render_to_pdf(template, context(current), stylesheets=stylesheets)
    name = private_storage().save(f"{directory}/{uuid.uuid4().hex[:16]}.pdf", ContentFile(content))
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=document.pk)
        if current.status == RenderStatus.READY:
            private_storage().delete(name)  # another worker finished first; ours was never recorded
            return current
        before = current.render_snapshot()
        current.file.name = name
        current.sha256 = hashlib.sha256(content).hexdigest()
        current.file_size = len(content)
        current.rendered_at = timezone.now()
        current.status = RenderStatus.READY
        current.last_error = ""
        current.save(update_fields=["file", "sha256", "file_size", "rendered_at", "status", "last_error"])
        target = audit_object(current) if audit_object else current
        audit(None, verb, target, before=before, after={**current.render_snapshot(), "document": current.pk})
        if on_ready is not None:
            on_ready(current)
    if own_directory:
        _remove_lost_attempts(directory, keep=name)
    return current


def _remove_lost_attempts(directory: str, *, keep: str) -> None:
    storage = private_storage()
    try:
        _dirs, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for file_name in files:
        if f"{directory}/{file_name}" != keep:
            storage.delete(f"{directory}/{file_name}")


@transaction.atomic
def record_failure(document: Any, error: BaseException, *, final: bool, verb: str,
                   audit_object: Callable[[Any], Any] | None = None) -> Any:
    """Record a failed render attempt. Post: ``last_error`` holds it; when ``final`` (no retries left)
    the status is failed, for someone to ask again, and the failure is audited as ``verb``."""
    model: Any = type(document)  # a concrete subclass: abstract models have no manager
    current = model.objects.select_for_update().get(pk=document.pk)
    if current.status == RenderStatus.READY:
        return current
    current.last_error = f"{type(error).__name__}: {error}"[:2000]
    fields = ["last_error"]
    before = current.render_snapshot()
    if final:
        current.status = RenderStatus.FAILED
        fields.append("status")
    current.save(update_fields=fields)
    if final:
        target = audit_object(current) if audit_object else current
        audit(None, verb, target, before=before, after={**current.render_snapshot(), "document": current.pk},
              message=current.last_error)
    return current


def requeue(document: RenderedDocument) -> bool:
    """Put a failed document back to pending (the caller schedules its render and audits). Returns
    whether it changed."""
    if document.status != RenderStatus.FAILED:
        return False
    document.status = RenderStatus.PENDING
    document.last_error = ""
    document.save(update_fields=["status", "last_error"])
    return True


# --- the tasks' side: one shape for every printed document's outbox handler ----------------------------

def render_by_id(queryset: Any, document_id: Any, render: Callable[[Any], Any]) -> str:
    """Render the document ``document_id`` of ``queryset`` with ``render`` unless it is gone ("missing") or
    already ready (safe to run twice): what every printed document's outbox handler does."""
    document = queryset.filter(pk=document_id).first()
    if document is None:
        return "missing"
    if document.status != RenderStatus.READY:
        render(document)
    return "ready"


def record_failure_by_id(queryset: Any, document_id: Any, error: BaseException, *, final: bool,
                         record: Callable[..., Any]) -> None:
    """An outbox ``on_error``: the failed attempt recorded on the document (``record``), if it still exists."""
    document = queryset.filter(pk=document_id).first()
    if document is not None:
        record(document, error, final=final)
