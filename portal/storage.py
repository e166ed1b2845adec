"""Private file storage: uploaded evidence, letters, MIIT documents and issued certificates.

Every file goes through Django's storage API (never a filesystem path), so the same code runs on the
local disk (the embedded default, ``PrivateStorage`` under PRIVATE_MEDIA_ROOT) and on S3-compatible
object storage (``portal.storage_s3.PrivateS3Storage``, django-storages, when S3_BUCKET is set;
settings.STORAGES["private"]). No URL serves these files: each app streams them through a view that checks the
requester may see them.

Files follow their transaction (``files_follow_transactions``): a file saved during a request or task
that no record refers to when it ends (its transaction rolled back) is deleted then;
``portal.files.sweep_orphans`` removes, after a grace period, anything else no record refers to (a
process killed between writing a file and committing its row).
"""
from __future__ import annotations

import contextvars
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from .errors import ActionRefused

logger = logging.getLogger(__name__)


# --- files that follow their transaction ----------------------------------------------------------

_unit: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("files_written", default=None)


@contextmanager
def files_follow_transactions() -> Iterator[None]:
    """Within this block, every file saved to private storage is kept only if a record refers to it
    when the block ends: a file whose transaction rolled back (its row is gone) is deleted then.
    Requests get this from ``FilesFollowTransactionsMiddleware``, outbox handlers from the delivery.

    Asking the records, rather than hooking the commit, gives the same answer inside a test's
    transaction (which never commits) as in production, and costs one query per file field, only
    after a unit of work that saved files.
    """
    written: dict[str, Any] = {}
    token = _unit.set(written)
    try:
        yield
    finally:
        _unit.reset(token)
        if written:
            _delete_unreferenced(written)


def _delete_unreferenced(written: dict[str, Any]) -> None:
    from .files import referenced

    try:
        keep = referenced(written)
    except Exception:  # the database is gone: keep everything, the orphan sweep decides later
        logger.warning("Could not check which saved files are referenced; keeping them.", exc_info=True)
        return
    for name in set(written) - keep:
        try:
            storage = written.pop(name)
            storage.delete(name)
            logger.info("Deleted %s: no record refers to it (its transaction rolled back).", name)
        except Exception:  # the orphan sweep gets it later
            logger.warning("Could not delete %s, which no record refers to.", name, exc_info=True)


def _track(name: str, storage: Any) -> None:
    written = _unit.get()
    if written is not None:  # outside a request or task (a shell, a command) the orphan sweep is the net
        written[name] = storage


class FilesFollowTransactionsMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        with files_follow_transactions():
            return self.get_response(request)


class StorageUnavailable(ActionRefused):
    """The private file store cannot take a file now (the object store or the disk is down or
    unreachable): nothing was stored, and the same upload can be tried again in a moment.

    It is a refusal, so every form that shows a refusal again with what was typed (each upload form
    catches ``ActionRefused``) says "try again" and loses nothing; the step and stamped-scan pages answer
    it with their form and 503 + Retry-After; a view that catches nothing gets the 503 page.
    ``detail`` is the store's own error, for the log only."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(_("The file store is unavailable at the moment, so the file was not stored. Nothing "
                           "else you typed is lost: choose the file again and send it in a moment."))
        self.detail = detail


# What a "try again" page tells the browser (Retry-After, seconds) when the store is down.
RETRY_AFTER_SECONDS = 30


def try_again_later(response: Any) -> Any:
    """``response``, a page showing the upload's form again, as the answer of a store that is down:
    503 with Retry-After."""
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class TransactionalFilesMixin:
    """Storage mixin: every saved file is tracked by ``files_follow_transactions``; a store that cannot
    be reached raises ``StorageUnavailable``."""

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        try:  # choosing a free name asks the store too
            return super().save(name, content, max_length=max_length)  # type: ignore[misc]
        except Exception as exc:
            if self.is_unavailable(exc):
                logger.warning("The private file store is unavailable: %s: %s", type(exc).__name__, exc)
                raise StorageUnavailable(str(exc)) from exc
            raise

    def _save(self, name: str, content: Any) -> str:
        saved = super()._save(name, content)  # type: ignore[misc]
        _track(saved, self)
        return saved

    def is_unavailable(self, exc: BaseException) -> bool:
        """Whether ``exc`` means the store cannot be reached or cannot write now (a disk that fails or
        is full, a connection refused), rather than a mistake in what was asked."""
        return isinstance(exc, OSError)

    def delete(self, name: str) -> None:
        super().delete(name)  # type: ignore[misc]
        written = _unit.get()
        if written is not None:
            written.pop(name, None)  # deleted on purpose: nothing left to follow

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


# --- the backends ----------------------------------------------------------------------------------

class AtomicFileSystemStorage(FileSystemStorage):
    """The local disk, written safely: a file goes under a temporary name, is flushed to disk and linked
    into place, so no reader ever sees half a file and a power cut after the commit does not leave a
    truncated one; an existing name is never overwritten."""

    def _save(self, name: str, content: Any) -> str:
        # Storage.save has chosen a free name and wrapped ``content`` in a File (it has chunks()).
        full_path = self.path(name)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(full_path), prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o640)
            while True:
                try:
                    os.link(tmp, full_path)  # fails if the name was taken meanwhile: never overwrite
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            os.unlink(tmp)
        return name


class PrivateStorage(TransactionalFilesMixin, AtomicFileSystemStorage):
    """The local disk under PRIVATE_MEDIA_ROOT, read from settings on every use (tests, deployments)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


class _PrivateStorageProxy(LazyObject):
    """What ``FileField(storage=private_storage)`` holds: settings.STORAGES["private"], looked up on
    every use (a LazyObject that never caches), so a deployment's or a test's choice of backend applies
    to fields created at import. It passes for the backend's class (``isinstance(..., Storage)``)."""

    @property
    def _wrapped(self) -> Any:
        return storages["private"]

    def _setup(self) -> None:  # never needed: _wrapped is always there
        pass


_PROXY = _PrivateStorageProxy()


def private_storage() -> Any:
    return _PROXY


def private_download(file: Any, *, filename: str, content_type: str, fallback: str = "") -> Any:
    """A private file as a download, streamed through the portal (which has checked who asks), and never
    kept by a shared cache. ``filename`` is cleaned (``portal.uploads.names.download_name``): it ends in
    the extension of ``content_type`` (the checked type) and hides nothing; ``fallback`` (the document's
    kind and its application) is used when nothing safe is left of it."""
    from django.http import FileResponse

    from .uploads.names import download_name

    name = download_name(filename, content_type=content_type, fallback=fallback or "file")
    response = FileResponse(file.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
