"""The render (an outbox handler): idempotent, retried with back-off, failed after its last attempt,
retried by an admin."""
from unittest import mock

import pytest
from django.core.files.base import ContentFile

from portal.errors import ActionRefused
from portal.models import AuditEntry
from portal.pdf import render_to_pdf
from portal.storage import private_storage
from tiers.titles import certificates as certs
from tiers.titles.certificates import request_certificate, retry_render
from tiers.titles.constants import RenderStatus
from tiers.titles.tasks import RENDER_MAX_ATTEMPTS, render_backoff, render_certificate

pytestmark = pytest.mark.django_db


def pdf_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_render_run_twice_gives_one_certificate_and_one_file(issue, advanced_title, private_media):
    certificate = issue(advanced_title)
    first = (certificate.file.name, certificate.sha256)

    assert render_certificate(certificate.pk) == "ready"
    assert render_certificate(certificate.pk) == "ready"

    certificate.refresh_from_db()
    assert (certificate.file.name, certificate.sha256) == first
    assert certificate.attempts == 1
    assert [p.name for p in pdf_files(private_media)] == [certificate.file.name.rsplit("/", 1)[1]]
    assert advanced_title.certificates.count() == 1
    assert AuditEntry.objects.filter(verb="review.certificate_rendered", object_id=str(certificate.pk)).count() == 1


def test_failing_render_is_retried_with_backoff_until_it_succeeds(issue, advanced_title, private_media):
    calls = []

    def render(*args, **kwargs):
        calls.append(1)
        if len(calls) <= 2:
            raise OSError("fontconfig busy")
        return render_to_pdf(*args, **kwargs)

    with mock.patch("portal.pdf.render_to_pdf", side_effect=render), \
         mock.patch("tiers.titles.tasks.render_backoff", wraps=render_backoff) as backoff:
        certificate = issue(advanced_title)

    assert certificate.status == RenderStatus.READY
    assert certificate.attempts == 3 and certificate.last_error == ""
    assert [c.args[0] for c in backoff.call_args_list] == [0, 1]  # one back-off per retry, growing
    assert len(pdf_files(private_media)) == 1  # failed attempts leave nothing behind


def test_backoff_is_exponential_and_capped():
    assert [render_backoff(n, jitter=False) for n in range(RENDER_MAX_ATTEMPTS - 1)] == [10, 20, 40, 80, 160]
    assert render_backoff(10, jitter=False) == 300  # below the broker's visibility timeout
    assert all(0 <= render_backoff(3) <= 80 for _ in range(50))


def test_render_ends_failed_after_max_retries_then_admin_retry_makes_it_ready(
    issue, advanced_title, admin_user, django_capture_on_commit_callbacks, private_media
):
    with mock.patch("portal.pdf.render_to_pdf", side_effect=RuntimeError("no fonts")):
        certificate = issue(advanced_title)

    assert certificate.status == RenderStatus.FAILED
    assert certificate.attempts == RENDER_MAX_ATTEMPTS
    assert certificate.last_error == "RuntimeError: no fonts"
    assert not certificate.file and pdf_files(private_media) == []
    failed = AuditEntry.objects.get(verb="review.certificate_render_failed", object_id=str(certificate.pk))
    assert failed.before["status"] == "pending" and failed.after["status"] == "failed"

    with django_capture_on_commit_callbacks(execute=True):
        retry_render(certificate, actor=admin_user)

    certificate.refresh_from_db()
    assert certificate.status == RenderStatus.READY and certificate.last_error == ""
    assert certificate.number == f"SDZN-XJ-{certificate.year}-0001"  # same number, same record
    retried = AuditEntry.objects.get(verb="review.certificate_render_retried", object_id=str(certificate.pk))
    assert retried.actor == admin_user and retried.before["status"] == "failed"


def test_only_admins_retry_and_never_a_ready_certificate(issue, advanced_title, admin_user, provincial_officer):
    certificate = issue(advanced_title)

    with pytest.raises(ActionRefused):
        retry_render(certificate, actor=provincial_officer)
    with pytest.raises(ActionRefused):
        retry_render(certificate, actor=admin_user)  # already ready: the issued file is never replaced


def test_pending_certificate_shows_pending_until_rendered(advanced_title, provincial_officer):
    # Without running the on-commit callback the task never ran: the state says so.
    certificate = request_certificate(advanced_title, actor=provincial_officer)
    assert certificate.status == RenderStatus.PENDING and not certificate.file


def test_a_render_after_a_lost_attempt_leaves_only_the_issued_file(issue, advanced_title, private_media):
    """A worker killed between writing its PDF and recording it left a file; the next attempt, which
    succeeds, removes it: one certificate, one file."""
    with mock.patch("portal.pdf.render_to_pdf", side_effect=RuntimeError("down")):
        certificate = issue(advanced_title)  # fails; now put a lost attempt's file beside it
    lost = private_storage().save(f"{certs._attempts_directory(certificate)}/lost.pdf", ContentFile(b"%PDF half"))
    retry = certs.render_certificate(certificate)
    assert retry.status == RenderStatus.READY
    assert [p.relative_to(private_media).as_posix() for p in pdf_files(private_media)] == [retry.file.name]
    assert not private_storage().exists(lost)
