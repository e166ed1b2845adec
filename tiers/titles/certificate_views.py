"""Signed-in pages for certificates: download, and the province's list (admins also retry a render)."""
import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.decorators import permission_required
from portal.errors import ActionRefused
from portal.exports import xlsx_response

from . import certificates
from .constants import RenderStatus
from .selectors import certificates_visible_to


@login_required
def certificate_download(request, pk):
    """The certificate's PDF, for the title's enterprise, its city's officials, provincial officers and
    admins; anyone else (and a certificate not rendered yet) gets 404."""
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk, status=RenderStatus.READY)
    if not rules.has_perm("titles.download_certificate", request.user, certificate):
        raise Http404
    return FileResponse(
        certificate.file.open("rb"), as_attachment=True, filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


@permission_required("portal.province_area")
def certificate_list(request):
    """Every certificate with its render state; failed and pending ones can be queued again."""
    qs = certificates_visible_to(request.user)
    status = request.GET.get("status")
    if status in RenderStatus.values:
        qs = qs.filter(status=status)
    if request.GET.get("export") == "xlsx":
        headers = [_("Certificate number"), _("Enterprise"), _("Unified social credit code"), _("Tier"),
                   _("Year of issue"), _("Issued on"), _("Validity"), _("Render status"), _("Issued by")]
        rows = ((c.number, c.enterprise_name, c.credit_code, c.tier.name, c.year, c.issued_on,
                 c.get_validity_display(), c.get_status_display(), c.issuing_authority)
                for c in qs.iterator(chunk_size=500))
        return xlsx_response(filename="certificates", headers=headers, rows=rows, sheet_title=_("Certificates"))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "titles/certificate_list.html", {
        "page": page, "certificates": page.object_list, "statuses": RenderStatus.choices, "status": status,
    })


@permission_required("portal.admin_area")
@require_http_methods(["GET", "POST"])
def certificate_retry(request, pk):
    """GET: confirm; POST: queue the render again (review.certificates.retry_render)."""
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    if request.method == "POST":
        try:
            certificates.retry_render(certificate, actor=request.user)
        except ActionRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The certificate %(number)s was queued for rendering.")
                             % {"number": certificate.number})
        return redirect("titles:certificate_list")
    return render(request, "titles/certificate_retry_confirm.html", {"certificate": certificate})
