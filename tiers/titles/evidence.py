"""Storing an uploaded file as the evidence of one step, after checking it by its content."""
from typing import Any

from portal.uploads import check_upload

from .models import Evidence


def store_evidence(uploaded: Any, *, actor: Any) -> Evidence | None:
    """The ``Evidence`` row for ``uploaded`` (None when nothing was uploaded); refuses (ActionRefused)
    a file that is not really a PDF, JPEG or PNG, or is too large. Call inside the step's transaction:
    the file is removed again if it rolls back (``portal.storage``)."""
    if not uploaded:
        return None
    checked = check_upload(uploaded)
    evidence = Evidence(name=uploaded.name[:255], content_type=checked.content_type, size=checked.size,
                        sha256=checked.sha256, uploaded_by=actor)
    evidence.file.save(uploaded.name, uploaded, save=False)
    evidence.save()
    return evidence
