"""The documents to sign and stamp (``applications.documents``): downloads of the generated PDFs and of
the stamped scans, the enterprise's upload of a scan, a request to print again, and the public page a
申报书's QR code opens.

Objects come through ``selectors.applications_visible_to``: another enterprise's or city's document is
a 404. State changes are POSTs; a refusal is shown on the application's page.
"""
import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.errors import ActionRefused
from portal.rendering import RenderStatus
from portal.storage import StorageUnavailable, private_download, try_again_later

from . import documents
from .constants import DocumentKind
from .forms import StampedScanForm
from .models import GeneratedDocument, StampedScan
from .selectors import applications_visible_to
from .views import application_detail, visible_application


def _documents_url(application):
    return reverse("applications:detail", args=[application.pk]) + "#documents"


@login_required
@require_GET
def document_download(request, pk):
    """A generated 申报书 or 承诺书, to whoever may see its application, once it is rendered."""
    document = get_object_or_404(GeneratedDocument.objects.filter(
        application__in=applications_visible_to(request.user), status=RenderStatus.READY).select_related(
        "application", "version"), pk=pk)
    if not rules.has_perm("applications.view_document", request.user, document):
        raise Http404
    return private_download(document.file, filename=document.filename, content_type="application/pdf")


@login_required
@require_GET
def stamped_download(request, pk):
    """A stamped scan, to whoever may see its application, named after its kind and application (the name
    it was uploaded with is the enterprise's and may hide what the file is)."""
    scan = get_object_or_404(StampedScan.objects.filter(application__in=applications_visible_to(request.user))
                             .select_related("application", "version"), pk=pk)
    if not rules.has_perm("applications.view_document", request.user, scan):
        raise Http404
    return private_download(scan.file, filename=scan.download_stem, content_type=scan.content_type)


@login_required
@require_POST
def documents_prepare(request, pk):
    """Ask again for the current version's documents (missing, or failed to print)."""
    application = visible_application(request, pk)
    try:
        queued = documents.prepare_documents(application, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, exc.message)
    else:
        if queued:
            messages.success(request, _("The documents are being prepared; reload the page in a moment."))
        else:
            messages.info(request, _("The documents are already prepared or being prepared."))
    return redirect(_documents_url(application))


@login_required
@require_POST
def stamped_upload(request, pk, kind):
    """The enterprise uploads the scan of one signed and stamped document of the current version."""
    application = visible_application(request, pk)
    if kind not in DocumentKind.values:
        raise Http404
    form = StampedScanForm(request.POST, request.FILES, prefix=kind)
    if not form.is_valid():
        messages.error(request, _("Choose the scan to upload (PDF, JPEG or PNG)."))
    else:
        try:
            documents.upload_stamped(application, kind=kind, uploaded=form.cleaned_data["scan"], actor=request.user)
        except StorageUnavailable:
            # The application's page again, as the upload found it, and the browser told to try again.
            messages.error(request, _("The file store is unavailable at the moment, so the scan was not uploaded. "
                                      "Upload it again in a moment."))
            return try_again_later(application_detail(request, application.pk))
        except ActionRefused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The signed and stamped %(document)s is uploaded.")
                             % {"document": DocumentKind(kind).label})
    return redirect(_documents_url(application))


@require_GET
def verify_document(request, token, digest):
    """Public, no login: what a 申报书's QR code opens. Says which enterprise, tier, round and version
    the document names and whether its digest matches that version's content on record; nothing else."""
    found = documents.verify(token, digest)
    if found is None:
        return render(request, "applications/public_verify.html", {"unknown": True}, status=404)
    document, matches = found
    return render(request, "applications/public_verify.html", {
        "document": document, "application": document.application, "version": document.version,
        "matches": matches, "digest": digest[:128],
    })
