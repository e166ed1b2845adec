"""The documents the enterprise prints from the portal, signs, stamps and uploads back.

Real calls ask for the application document (申报书) printed from the online system and the pledge
(承诺书), signed and stamped. For every submitted version the portal renders both to PDF from the
version's frozen snapshot (never from the live draft), in a task through the outbox:

- ``request_documents`` in the submission's transaction (``workflow._freeze_version``): one pending
  row per kind and its render scheduled after commit.
- ``prepare_documents`` on demand, from the application's page: creates what is missing (versions
  submitted before the portal printed them) and asks again for a render that failed.
- ``render_document`` / ``record_render_failure`` for the outbox handler (``tasks.render_document``).
- ``upload_stamped``: the enterprise uploads a scan of a signed and stamped document (checked by
  ``portal.uploads``) while the application awaits the city's pre-screen.
- ``ensure_stamped_documents``: a check of the city's ``city_pass`` transition
  (``review.city.workflow``): the pre-screen cannot pass a version whose stamped 申报书 and 承诺书 are
  not both uploaded; it names what is missing. Rejecting or returning needs neither.

The 申报书 carries a QR code of ``verify_url``: the public page of ``public_views.verify_document``,
with the document's random token and the SHA-256 of the version's canonical content
(``portal.rendering.canonical_digest``); the page says whether that digest matches the version on
record, and names the enterprise, tier, round and version, nothing else.
"""
import hmac
from typing import Any

import rules
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import rendering
from portal.audit import audit
from portal.errors import ensure
from portal.rendering import RenderStatus, canonical_digest
from portal.uploads import check_upload
from tiers.constants import MaturityLevel

from .constants import Declaration, DocumentKind
from .models import Application, ApplicationVersion, GeneratedDocument, StampedScan, section_label

TEMPLATES: dict[str, str] = {DocumentKind.APPLICATION_FORM: "pdf/application_form.html", DocumentKind.PLEDGE: "pdf/pledge.html"}
KIND_NAMES: dict[str, str] = {DocumentKind.APPLICATION_FORM: "申报书", DocumentKind.PLEDGE: "承诺书"}


def version_digest(version: ApplicationVersion) -> str:
    """The SHA-256 of the version's canonical content: what its documents' QR codes carry."""
    return canonical_digest(version.snapshot)


# --- asking for the documents ----------------------------------------------------------------------

def _schedule(document: GeneratedDocument) -> None:
    from portal import outbox

    from .tasks import render_document

    # In the outbox, in this transaction: a broker outage neither fails the request nor loses the render.
    outbox.schedule(render_document, document.pk)


def request_documents(version: ApplicationVersion) -> list[GeneratedDocument]:
    """Create the version's 申报书 and 承诺书 (pending) and schedule their renders after commit.

    Pre: called inside the transaction that froze ``version``. Idempotent: a kind that exists is left
    as it is. Post: one row per kind. The submission's own audit row records the change."""
    created = []
    digest = version_digest(version)
    for kind in DocumentKind.values:
        document, new = GeneratedDocument.objects.get_or_create(
            version=version, kind=kind, defaults={"application_id": version.application_id, "content_digest": digest})
        if new:
            _schedule(document)
            created.append(document)
    return created


@transaction.atomic
def prepare_documents(application: Application, *, actor: Any) -> list[GeneratedDocument]:
    """On demand: the current version's documents exist, and a failed render is asked for again.

    Pre: ``actor`` may ask (``applications.prepare_documents``); the application was submitted.
    Post: the missing kinds are created pending and a failed one is pending again, each render
    scheduled after commit; one audit row ``applications.documents_requested`` when anything changed.
    Returns the documents that were (re)queued.
    """
    app = Application.objects.select_for_update().get(pk=application.pk)
    ensure(rules.has_perm("applications.prepare_documents", actor, app),
           _("You may not ask for this application's documents."))
    ensure(app.current_version, _("The documents are printed from a submitted version; submit the application first."))
    version = app.versions.get(number=app.current_version)
    queued = request_documents(version)
    for document in GeneratedDocument.objects.select_for_update().filter(version=version, status=RenderStatus.FAILED):
        if rendering.requeue(document):
            _schedule(document)
            queued.append(document)
    if queued:
        audit(actor, "applications.documents_requested", app,
              after={"version": version.number, "documents": sorted(d.kind for d in queued)})
    return queued


# --- rendering -------------------------------------------------------------------------------------

def verify_path(document: GeneratedDocument) -> str:
    return reverse("public_documents:verify", args=[document.public_token, document.content_digest])


def verify_url(document: GeneratedDocument) -> str:
    """The public verification page the document's QR code opens (on SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + verify_path(document)


def _chinese_date(moment: Any) -> str:
    day = timezone.localtime(moment).date() if hasattr(moment, "hour") else moment
    return f"{day.year}年{day.month}月{day.day}日"


def _declarations(snapshot: dict) -> list[dict]:
    rows = []
    for key, value in (snapshot.get("declarations") or {}).items():
        try:
            label = str(Declaration(key).label)
        except ValueError:
            label = key
        rows.append({"label": label, "declared": bool(value.get("declared")), "text": value.get("text", "")})
    return rows


def _segments(snapshot: dict) -> list[dict]:
    from tiers.models import Segment

    names = dict(Segment.objects.values_list("code", "name_zh"))
    return [{"name": names.get(code, code), "narrative": value.get("narrative", ""),
             "scenarios": value.get("scenarios", []), "missing_justification": value.get("missing_justification", "")}
            for code, value in (snapshot.get("segments") or {}).items()]


def _attachments(snapshot: dict) -> list[dict]:
    return [{"section": str(section_label(a.get("section", ""))), "name": a.get("original_name", ""),
             "size": a.get("size"), "sha256": a.get("sha256", "")}
            for a in sorted(snapshot.get("attachments") or [], key=lambda a: (a.get("section", ""), a.get("id", 0)))]


def pledge_text() -> str:
    """The pledge the enterprise accepts in the form's pledge step, in the active language."""
    from .forms import PledgeForm

    return str(PledgeForm.base_fields["accept"].label)


def document_context(document: GeneratedDocument) -> dict[str, Any]:
    """What templates/pdf/application_form.html and pledge.html show, read from the version's snapshot.
    Called with Chinese active: the documents are official Chinese documents whatever the reader's language."""
    version = document.version
    application = document.application
    snapshot = version.snapshot or {}
    enterprise = application.enterprise
    level = snapshot.get("maturity_level")
    url = verify_url(document)
    return {
        "document": document,
        "kind_name": KIND_NAMES[document.kind],
        "application": application,
        "enterprise": enterprise,
        "city_name": enterprise.city.name_zh,
        "city_bureau": enterprise.city.bureau_name or f"{enterprise.city.name_zh}市工业和信息化局",
        "tier_name": (snapshot.get("tier") or {}).get("name_zh") or application.tier.name_zh,
        "round_name": (snapshot.get("round") or {}).get("name") or application.round.name,
        "is_scenario": snapshot.get("kind") == "scenario",
        "scenarios": snapshot.get("scenarios", []),
        "version": version,
        "submitted_on": _chinese_date(version.submitted_at),
        "maturity_level": str(MaturityLevel(level).label) if level else "",
        "declarations": _declarations(snapshot),
        "segments": _segments(snapshot),
        "outcomes": snapshot.get("outcomes", ""),
        "attachments": _attachments(snapshot),
        "pledge_text": pledge_text(),
        "digest": document.content_digest,
        "verify_url": url,
        "qr_data_uri": _qr(url),
    }


def _qr(url: str) -> str:
    from portal.pdf import qr_data_uri

    return qr_data_uri(url)


def render_document(document: GeneratedDocument) -> GeneratedDocument:
    """Render the document's PDF from its version and mark it ready (``portal.rendering.render_once``).

    Safe at any time, twice, or concurrently. Post: the PDF in private storage, with its SHA-256;
    status ready; one audit row ``applications.document_rendered`` on the application."""
    with translation.override("zh-hans"):
        return rendering.render_once(
            document, template=TEMPLATES[document.kind],
            context=lambda d: document_context(
                GeneratedDocument.objects.select_related("version", "application__enterprise__city",
                                                         "application__tier", "application__round").get(pk=d.pk)),
            directory=f"documents/{document.application_id}/v{document.version.number}",
            verb="applications.document_rendered", audit_object=lambda d: d.application)


def record_render_failure(document: GeneratedDocument, error: BaseException, *, final: bool) -> GeneratedDocument:
    """A failed attempt is recorded; the last one leaves the document failed, to be asked for again."""
    return rendering.record_failure(document, error, final=final, verb="applications.document_render_failed",
                                    audit_object=lambda d: d.application)


# --- the stamped scans -----------------------------------------------------------------------------

@transaction.atomic
def upload_stamped(application: Application, *, kind: str, uploaded: Any, actor: Any) -> StampedScan:
    """Store the enterprise's scan of its signed and stamped 申报书 or 承诺书 of the current version.

    Pre: ``actor`` works for the enterprise and the application awaits the city's pre-screen
    (``applications.upload_stamped``); the file is a real PDF, PNG or JPEG (``portal.uploads``).
    Post: a new scan for the current version (an earlier one stays on record, the latest counts);
    one audit row ``applications.stamped_scan_uploaded``.
    """
    ensure(kind in DocumentKind.values, _("Unknown document."))
    app = Application.objects.select_for_update().get(pk=application.pk)
    ensure(rules.has_perm("applications.upload_stamped", actor, app),
           _("Stamped documents are uploaded by the enterprise while the application awaits the city's pre-screen."))
    checked = check_upload(uploaded)
    version = app.versions.get(number=app.current_version)
    scan = StampedScan(application=app, version=version, kind=kind, original_name=uploaded.name[:255],
                       content_type=checked.content_type, size=checked.size, sha256=checked.sha256, uploaded_by=actor)
    scan.file.save("upload", uploaded, save=False)  # the name is replaced by stamped_path
    scan.save()
    audit(actor, "applications.stamped_scan_uploaded", app,
          after={"scan": scan.pk, "kind": kind, "version": version.number, "name": scan.original_name,
                 "sha256": checked.sha256})
    return scan


def current_stamped(application: Application) -> dict[str, StampedScan]:
    """{kind: the latest scan} of the application's current version."""
    scans: dict[str, StampedScan] = {}
    for scan in (StampedScan.objects.filter(application=application, version__number=application.current_version)
                 .select_related("uploaded_by").order_by("-uploaded_at", "-pk")):
        scans.setdefault(scan.kind, scan)
    return scans


def missing_stamped(application: Application) -> list[str]:
    """The kinds whose stamped scan of the current version is not uploaded, in DocumentKind's order."""
    uploaded = set(StampedScan.objects.filter(application=application, version__number=application.current_version)
                   .values_list("kind", flat=True))
    return [kind for kind in DocumentKind.values if kind not in uploaded]


def _joined(names: Any) -> str:
    return ("、" if (translation.get_language() or "").startswith("zh") else ", ").join(names)


def ensure_stamped_documents(application: Application) -> None:
    """A check of the city's pass: the signed and stamped 申报书 and 承诺书 of the version screened are
    uploaded (real calls ask for both, printed from the online system). Names what is missing."""
    missing = missing_stamped(application)
    ensure(not missing, _("The pre-screen cannot pass this application yet: the enterprise has not uploaded "
                          "the signed and stamped %(documents)s of version %(version)s.")
           % {"documents": _joined(str(DocumentKind(kind).label) for kind in missing),
              "version": application.current_version}, article="Art. 11")


# --- what the pages show ----------------------------------------------------------------------------

def documents_of(application: Application) -> list[dict[str, Any]]:
    """Per kind, for the current version: the generated document (or None) beside the latest stamped scan."""
    if not application.current_version:
        return []
    generated = {d.kind: d for d in GeneratedDocument.objects.filter(
        application=application, version__number=application.current_version).select_related("version")}
    stamped = current_stamped(application)
    return [{"kind": kind, "label": DocumentKind(kind).label, "generated": generated.get(kind),
             "stamped": stamped.get(kind)} for kind in DocumentKind.values]


def verify(token: Any, digest: str) -> tuple[GeneratedDocument, bool] | None:
    """The document ``token`` names and whether ``digest`` matches its version's content on record now;
    None for an unknown token."""
    document = (GeneratedDocument.objects.select_related("version", "application__enterprise", "application__tier",
                                                         "application__round").filter(public_token=token).first())
    if document is None:
        return None
    # As bytes: compare_digest refuses str with non-ASCII characters, which a mangled address may carry.
    return document, hmac.compare_digest(version_digest(document.version).encode(),
                                         (digest or "").lower().encode("utf-8", "replace"))
