"""Certificates: give a title its numbered certificate, render its PDF, supersede or revoke it.

Every change of a certificate happens in one function here, inside a transaction, with one audit row.
The review workflows call these; nothing else assigns ``status`` or ``validity``.

- ``request_certificate`` when a title is created (Art. 11-13): numbers it and queues the render.
- ``reissue_for_rename`` when a rename or restructuring issued a new title (Art. 16).
- ``mark_revoked`` after a title was revoked (Art. 15).
- ``retry_render`` for an admin, when rendering failed or never ran.
- ``render_certificate`` / ``record_render_failure`` for the render task.
"""
from typing import Any

import rules
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import rendering
from portal.audit import audit
from portal.errors import ensure
from portal.notifications import notify, register_kind
from portal.pdf import qr_data_uri
from tiers.constants import Authority

from .constants import NUMBER_PREFIX, TIER_ABBREVIATIONS, RenderStatus, TitleStatus, Validity
from .lifecycles import CERTIFICATE
from .models import Certificate, CertificateCounter, Title

PROVINCIAL_DEPARTMENT = "山东省工业和信息化厅"
CERTIFICATE_TEMPLATE = "pdf/certificate.html"


# --- numbering -----------------------------------------------------------------------------------

def format_number(tier_code: Any, year: int, sequence: Any, *, city_code: str = "") -> Any:
    """``SDZN-XJ-2026-0001``: prefix, tier abbreviation (constants.TIER_ABBREVIATIONS), year, sequence; in a
    city's own series the city's division code after the tier: ``SDZN-JC-370100-2026-0001``."""
    city = f"-{city_code}" if city_code else ""
    return f"{NUMBER_PREFIX}-{TIER_ABBREVIATIONS[tier_code]}{city}-{year}-{sequence:04d}"


def number_series(title: Title) -> tuple[Any, int, Any]:
    """(tier, year, city or None) of the series that numbers ``title``'s certificate: the year is the title's
    own (its 年度: a 2025 title certified in 2026 reads 2025); basic titles recognised by a city (Art. 11) are
    numbered in that city's own series."""
    city = title.enterprise.city if title.tier.authority == Authority.CITY else None
    return title.tier, title.year, city


def next_sequence(tier: Any, year: int, city: Any = None) -> Any:
    """The next certificate sequence of the series of ``tier`` in ``year`` (and ``city``, for a city's series).

    Pre: called inside the transaction that creates the certificate. Post: the counter row is one
    higher and stays locked until that transaction ends, so concurrent issuers queue behind it and a
    rollback gives the number back: numbers stay unique and gapless.
    """
    # INSERT … ON CONFLICT DO NOTHING: the first issuer of a series creates the row without racing others.
    CertificateCounter.objects.bulk_create([CertificateCounter(tier=tier, year=year, city=city)],
                                           ignore_conflicts=True)
    counter = CertificateCounter.objects.select_for_update().get(tier=tier, year=year, city=city)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def issuing_authority(title: Title) -> Any:
    """Who issues the certificate: the city bureau for basic titles (Art. 11), the provincial department
    for advanced titles and scenarios (Art. 10, 12), and for MIIT's tiers the provincial department
    records MIIT's recognition (Art. 13)."""
    if title.tier.authority == Authority.CITY:
        city = title.enterprise.city
        return city.bureau_name or f"{city.name_zh}市工业和信息化局"
    return PROVINCIAL_DEPARTMENT


def issuing_authority_en(certificate: Certificate) -> str:
    """The issuing authority's English name, for readers of the English pages: the certificate itself
    names it in Chinese, fixed at issue. Empty when the name is not one the portal writes."""
    name = certificate.issuing_authority
    if name == PROVINCIAL_DEPARTMENT:
        return "Shandong Provincial Department of Industry and Information Technology"
    from portal.accounts.models import City

    for suffix in ("市工业和信息化局", "工业和信息化局"):
        if name.endswith(suffix):
            city = City.objects.filter(name_zh=name[: -len(suffix)].removesuffix("市")).first()
            if city is not None:
                return f"{city.name_en} Municipal Bureau of Industry and Information Technology"
    return ""


# --- legal state -----------------------------------------------------------------------------------

def current_certificate(title: Title, *, lock: Any = False) -> Any:
    """The title's certificate that is not superseded (valid or revoked), or None."""
    qs = Certificate.objects.filter(title=title).exclude(validity=Validity.SUPERSEDED)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def _snapshot(certificate: Certificate) -> Any:
    return certificate.render_snapshot()


def _enqueue_render(certificate: Certificate) -> None:
    from portal import outbox

    from .tasks import render_certificate

    # In the outbox, in this transaction: a broker outage neither fails the request nor loses the render.
    outbox.schedule(render_certificate, certificate.pk)


@transaction.atomic
def request_certificate(title: Title, *, actor: Any, miit_document: Any = "") -> Any:
    """Give ``title`` its certificate and queue the PDF render after commit.

    Call it in the transaction that creates the title: the number is allocated there, so a rollback
    leaves no gap. Pre: the title is active; for MIIT's tiers (Art. 13) MIIT's document is given, or
    is the title's ``source``. Idempotent: a title that already has a current certificate gets that
    one back and nothing changes. Post: a pending certificate with the next number of its series
    (``number_series``: the tier, the title's year, a basic title's city), audited as
    ``review.certificate_requested``.
    """
    title = Title.objects.select_for_update().select_related("tier", "enterprise__city").get(pk=title.pk)
    existing = current_certificate(title)
    if existing is not None:
        return existing
    ensure(title.status == TitleStatus.ACTIVE, _("Only an active title gets a certificate."))
    if title.tier.authority == Authority.MIIT:
        miit_document = miit_document or title.source
        ensure(miit_document, _("Record MIIT's document before issuing this certificate."), article="Art. 13")
    else:
        miit_document = ""
    today = timezone.localdate()
    tier, year, city = number_series(title)
    sequence = next_sequence(tier, year, city)
    certificate = Certificate.objects.create(
        title=title, tier=tier, year=year, series_city=city, sequence=sequence,
        number=format_number(tier.code, year, sequence, city_code=city.code if city else ""),
        enterprise_name=title.enterprise_name, credit_code=title.enterprise.credit_code,
        issuing_authority=issuing_authority(title), miit_document=miit_document, issued_on=today,
        scenario_names=scenario_names(title),
    )
    audit(actor, "review.certificate_requested", certificate, after=_snapshot(certificate))
    _enqueue_render(certificate)
    return certificate


@transaction.atomic
def reissue_for_rename(title_old: Any, title_new: Any, *, actor: Any) -> Any:
    """Issue ``title_new``'s certificate and let it supersede ``title_old``'s (Art. 16).

    Pre: the rename or restructuring already superseded ``title_old`` by ``title_new``
    (``title_old.superseded_by == title_new``) and ``title_old`` has a valid certificate.
    Post: ``title_new`` has a new certificate with a new number; the old certificate is kept, file
    and all, and verifies as superseded by the new one (the certificate lifecycle's ``supersede``).
    Idempotent: a second call returns the new one.
    """
    old_title = Title.objects.select_for_update().get(pk=title_old.pk)
    ensure(old_title.superseded_by_id == title_new.pk,
           _("The old title must first be superseded by the new one."), article="Art. 16")
    already = Certificate.objects.filter(title=old_title, superseded_by__title=title_new).first()
    if already is not None:
        return already.superseded_by
    old = current_certificate(old_title)
    ensure(old is not None, _("The old title has no certificate to supersede."))
    ensure(old.validity == Validity.VALID, _("A revoked certificate cannot be reissued."), article="Art. 15")
    # The new title has no current certificate that could collide with the old one (different titles).
    new = request_certificate(title_new, actor=actor, miit_document=old.miit_document)
    CERTIFICATE.perform(old, "supersede", actor=actor, data={"successor": new})
    return new


@transaction.atomic
def mark_revoked(title: Title, *, actor: Any) -> Any:
    """Let the certificate of a revoked title verify as revoked (Art. 15).

    Pre: the title was revoked (status revoked, with the date and the Art. 15 ground). Post: its
    current certificate's validity is revoked from the title's revocation date (the certificate
    lifecycle's ``revoke``); nothing is deleted. Returns the certificate, or None when the title never
    had one. Idempotent.
    """
    title = Title.objects.select_for_update().get(pk=title.pk)
    ensure(title.status == TitleStatus.REVOKED and title.revoked_on and title.revocation_ground,
           _("Revoke the title, with its date and ground, before marking its certificate."), article="Art. 15")
    certificate = current_certificate(title)
    if certificate is None or certificate.validity == Validity.REVOKED:
        return certificate
    return CERTIFICATE.perform(certificate, "revoke", actor=actor)


@transaction.atomic
def retry_render(certificate: Certificate, *, actor: Any) -> Any:
    """An admin queues the render of a certificate again.

    Pre: the actor is an admin; the certificate is not ready (failed, or pending because its task
    was lost). Post: status pending, a new render task queued after commit (with a fresh set of
    retries); audited as ``review.certificate_render_retried``.
    """
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    ensure(rules.has_perm("titles.retry_certificate_render", actor, certificate), _("Only an administrator can retry a certificate."))
    ensure(certificate.status != RenderStatus.READY, _("This certificate is already ready."))
    before = _snapshot(certificate)
    certificate.status = RenderStatus.PENDING
    certificate.save(update_fields=["status"])
    audit(actor, "review.certificate_render_retried", certificate, before=before, after=_snapshot(certificate))
    _enqueue_render(certificate)
    return certificate


# --- rendering -------------------------------------------------------------------------------------

def verify_url(certificate: Certificate) -> Any:
    """The public verification page of the certificate: what its QR code encodes."""
    path = reverse("public:verify_number", args=[certificate.number])
    return settings.SITE_URL.rstrip("/") + path


def scenario_names(title: Title) -> str:
    """What a scenario award's certificate names, in Chinese like the rest of the document: each
    scenario of the guide with its segment, 「name（segment）」, joined by “；”."""
    return "；".join(f"{s.name_zh}（{s.segment.name_zh}）"
                     for s in title.scenarios.select_related("segment").order_by("segment__order", "order"))


def _chinese_date(day: Any) -> Any:
    return f"{day.year}年{day.month}月{day.day}日"


def certificate_context(certificate: Certificate) -> Any:
    """What templates/pdf/certificate.html shows; the document's wording is Chinese in the template."""
    title = certificate.title
    url = verify_url(certificate)
    return {
        "certificate": certificate,
        "title": title,
        "tier_name": certificate.tier.name_zh,
        "authority": certificate.tier.authority,
        "is_scenario": certificate.tier.is_scenario,
        "heading": "智能制造优秀场景证书" if certificate.tier.is_scenario else "智能工厂证书",
        "recognized_on": _chinese_date(title.recognized_on),
        "issued_on": _chinese_date(certificate.issued_on),
        "verify_url": url,
        "qr_data_uri": qr_data_uri(url),
    }


def _attempts_directory(certificate: Certificate) -> str:
    """The certificate's own directory: every attempt at its PDF is written there under a new name."""
    return f"certificates/{certificate.year}/{certificate.number}"


def render_certificate(certificate: Certificate) -> Any:
    """Render the certificate's PDF and mark it ready (``portal.rendering.render_once``, like every PDF
    the portal prints), telling the enterprise in the same transaction.

    Safe at any time, twice, or concurrently: a ready certificate is returned untouched. Post: the
    PDF is in private storage under a new name in the certificate's own directory (no issued file is
    ever overwritten; files of attempts that died before being recorded are removed); status ready;
    one audit row. Rendering errors propagate (the task records them and retries).
    """
    return rendering.render_once(
        certificate, template=CERTIFICATE_TEMPLATE, stylesheets=("pdf/certificate.css",),
        context=lambda c: certificate_context(Certificate.objects.select_related("title", "tier").get(pk=c.pk)),
        directory=_attempts_directory(certificate), own_directory=True,
        verb="review.certificate_rendered", on_ready=_tell_certificate_ready)


CERTIFICATE_READY = register_kind("titles.certificate_ready", _("My certificate is ready to download"),
                                  audience="enterprise")


def _tell_certificate_ready(certificate: Certificate) -> None:
    """The title's enterprise is told its certificate can be downloaded (inside the render's transaction)."""
    from portal.accounts.constants import Role

    enterprise = certificate.title.enterprise
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("[Shandong smart factories] Your certificate %(number)s is ready") % {
            "number": certificate.number}
        body = gettext("%(tier)s · %(name)s: the certificate can be downloaded from your home page.") % {
            "tier": certificate.tier.name, "name": certificate.enterprise_name}
    notify(enterprise.users.filter(role=Role.ENTERPRISE, is_active=True), kind=CERTIFICATE_READY.code,
           key=f"certificate:{certificate.pk}:ready", subject=subject, body=body, url=reverse("enterprise_home"))


def record_render_failure(certificate: Certificate, error: Any, *, final: Any) -> Any:
    """Record a failed render attempt (``portal.rendering.record_failure``). Post: ``last_error`` holds
    it; when ``final`` (no retries left) the status is failed, for an admin to retry, and audited."""
    return rendering.record_failure(certificate, error, final=final, verb="review.certificate_render_failed")
