"""Titles, their certificates with gapless numbers, the counters, the cities' filings, and revocations.

A title is granted as ``grant_title`` grants it (status active, the round's year, the audit row
``titles.title_granted``, a certificate requested); titles from paper records carry no round and the
year of their recognition. Certificates are numbered after every title is known, in the series
``certificates.number_series`` gives (the tier and the title's year; basic titles in their city's own
series), in order of issue, 1..n, and ``CertificateCounter.last`` is n (the next issue continues there).

Rendering 5,000 PDFs would take most of an hour, so ONE real certificate is rendered (WeasyPrint,
through the portal's template) and every ready certificate points at that file, with its SHA-256
and size: downloads and verification work, the document shows the first certificate's number. A
few certificates stay pending or failed, as the render queue leaves some in real life.
"""
import datetime
import hashlib

from django.core.files.base import ContentFile

from portal.storage import private_storage
from review.models import Filing, FilingStatus
from tiers.constants import Authority
from tiers.titles.certificates import PROVINCIAL_DEPARTMENT, format_number
from tiers.titles.constants import RenderStatus, RevocationGround, TitleStatus, Validity
from tiers.titles.models import Certificate, CertificateCounter, Title

REVOKED_SHARE = 0.01


class Granted:
    __slots__ = ("id", "firm", "tier", "year", "recognized_on", "at", "source", "miit_document", "actor",
                 "status", "revoked_on", "scenarios")

    def __init__(self, **values):
        self.status = TitleStatus.ACTIVE
        self.revoked_on = None
        self.scenarios = ()
        for key, value in values.items():
            setattr(self, key, value)


class TitleBook:
    def __init__(self, ctx):
        self.ctx = ctx
        self.titles = []
        self.filings = []

    def grant(self, *, firm, tier, round, at, actor, source, miit_document="", scenarios=()):
        """``scenarios``: an excellent-scenario award's (Scenario rows), as its application chose them;
        an award from paper records gets one of the guide's."""
        from django.utils import timezone

        if tier.is_scenario and not scenarios and self.ctx.scenarios:
            scenarios = [self.ctx.rng.choice(self.ctx.scenarios)]
        title = Granted(id=self.ctx.writer.ids(Title, 1)[0], firm=firm, tier=tier,
                        year=round.year if round is not None else timezone.localtime(at).year,
                        recognized_on=timezone.localtime(at).date(), at=at, source=source[:200],
                        miit_document=miit_document, actor=actor, scenarios=tuple(scenarios))
        self.titles.append(title)
        after = {"tier": tier.code, "year": title.year, "enterprise_name": firm.name,
                 "recognized_on": title.recognized_on.isoformat(), "source": title.source}
        if round is not None:
            after["round"] = round.pk
        self.ctx.audit_row(at, actor, "titles.title_granted", Title, title.id, _title_repr(title), after=after,
                           essential=True)
        return title

    def legacy(self, legacy_titles):
        """Titles recorded from paper records, before the portal's first round (no round, no application)."""
        from django.utils import timezone

        tz = timezone.get_current_timezone()
        for item in legacy_titles:
            day = datetime.datetime(item.year, 12, 15, 10, 0, tzinfo=tz)
            at = self.ctx.random_time(day - datetime.timedelta(days=30), day)
            self.grant(firm=item.firm, tier=self.ctx.tiers[item.tier_code], round=None, at=at, actor=None,
                       source=f"{item.year}年认定（纸质档案补录）")

    def file(self, *, application_id, title, firm, at, actor):
        """The city's filing of a basic recognition with the province (Art. 11), and the province's answer."""
        rng = self.ctx.rng
        filing_id = self.ctx.writer.ids(Filing, 1)[0]
        status = rng.choices([FilingStatus.FILED, FilingStatus.ACKNOWLEDGED, FilingStatus.QUERIED], [40, 55, 5])[0]
        row = {"id": filing_id, "application_id": application_id, "title_id": title.id, "city_id": firm.city_id,
               "status": status, "filed_by_id": actor, "filed_at": at, "times_filed": 1, "response": "",
               "responded_by_id": None, "responded_at": None, "reply": "", "replied_by_id": None,
               "replied_at": None}
        self.ctx.audit_row(at, actor, "review.filing_filed", Filing, filing_id, f"{firm.name}",
                           after={"status": "filed", "title": title.id, "application": application_id},
                           essential=True)
        if status != FilingStatus.FILED:
            responded = min(at + datetime.timedelta(days=rng.randint(3, 20)), self.ctx.now)
            row.update(responded_at=responded, responded_by_id=None,
                       response="请补充认定文件的文号。" if status == FilingStatus.QUERIED else "")
            verb = "review.filing_queried" if status == FilingStatus.QUERIED else "review.filing_acknowledged"
            self.ctx.audit_row(responded, None, verb, Filing, filing_id, firm.name, before={"status": "filed"},
                               after={"status": status}, message=row["response"], essential=True)
        self.filings.append(row)

    def revoke_some(self):
        """About one in a hundred scenario awards is revoked (Art. 15); nothing else depends on them."""
        rng = self.ctx.rng
        awards = [t for t in self.titles if t.tier.is_scenario]
        for title in rng.sample(awards, min(len(awards), max(1, round(len(self.titles) * REVOKED_SHARE)))):
            day = min(title.recognized_on + datetime.timedelta(days=rng.randint(60, 400)),
                      self.ctx.now.date() - datetime.timedelta(days=1))
            if day < title.recognized_on:
                continue
            title.status, title.revoked_on = TitleStatus.REVOKED, day
            at = datetime.datetime.combine(day, datetime.time(10), tzinfo=self.ctx.now.tzinfo)
            self.ctx.audit_row(at, None, "tiers.title_revoked", Title, title.id, _title_repr(title),
                               before={"status": "active"}, after={"status": "revoked", "ground": "major_accident"},
                               message="发生较大安全生产事故（第十五条第（四）项）。", essential=True)

    def write(self, certificate_file):
        """Write titles, filings, certificates and counters. ``certificate_file``: (name, size, sha256) or None."""
        ctx = self.ctx
        rng = ctx.rng
        rows = []
        for t in self.titles:
            revoked = t.status == TitleStatus.REVOKED
            rows.append({"id": t.id, "enterprise_id": t.firm.id, "tier_id": t.tier.pk, "year": t.year,
                         "status": t.status, "enterprise_name": t.firm.name, "recognized_on": t.recognized_on,
                         "source": t.source, "superseded_by_id": None, "revoked_on": t.revoked_on,
                         "revocation_ground": RevocationGround.MAJOR_ACCIDENT if revoked else "",
                         "revocation_note": "发生较大安全生产事故。" if revoked else "", "created_at": t.at})
        ctx.writer.write(Title, rows)
        links = [(t.id, s.pk) for t in self.titles for s in t.scenarios]
        ctx.writer.write(Title.scenarios.through, [
            {"id": pk, "title_id": title_id, "scenario_id": scenario_id}
            for pk, (title_id, scenario_id) in zip(ctx.writer.ids(Title.scenarios.through, len(links)), links,
                                                   strict=True)])
        ctx.writer.write(Filing, self.filings)

        counters = {(c.tier_id, c.year, c.city_id): c for c in CertificateCounter.objects.all()}
        issued = sorted(self.titles, key=lambda t: (t.at, t.id))
        certificate_ids = ctx.writer.ids(Certificate, len(issued))
        next_sequence = {key: c.last for key, c in counters.items()}
        cert_rows = []
        for cid, t in zip(certificate_ids, issued, strict=True):
            year = t.year  # the title's year, as certificates.number_series numbers it
            city_id = t.firm.city_id if t.tier.authority == Authority.CITY else None
            key = (t.tier.pk, year, city_id)
            next_sequence[key] = next_sequence.get(key, 0) + 1
            sequence = next_sequence[key]
            number = format_number(t.tier.code, year, sequence,
                                   city_code=ctx.city_by_id[city_id].code if city_id else "")
            render = rng.choices([RenderStatus.READY, RenderStatus.PENDING, RenderStatus.FAILED], [97, 2, 1])[0]
            if certificate_file is None:
                render = RenderStatus.PENDING
            row = {"id": cid, "title_id": t.id, "number": number, "tier_id": t.tier.pk, "year": year,
                   "series_city_id": city_id, "sequence": sequence, "enterprise_name": t.firm.name, "credit_code": t.firm.credit_code,
                   "issuing_authority": _authority(ctx, t), "miit_document": t.miit_document, "issued_on": t.recognized_on,
                   "scenario_names": "；".join(f"{s.name_zh}（{s.segment.name_zh}）" for s in t.scenarios),
                   "status": render, "file": "", "sha256": "", "file_size": None, "attempts": 0, "last_error": "",
                   "rendered_at": None, "validity": Validity.REVOKED if t.status == TitleStatus.REVOKED else Validity.VALID,
                   "superseded_by_id": None, "validity_changed_on": t.revoked_on, "created_at": t.at}
            ctx.audit_row(t.at, t.actor, "review.certificate_requested", Certificate, cid, number,
                          after={"number": number, "title": t.id, "status": "pending", "validity": "valid",
                                 "superseded_by": None}, essential=True)
            if render == RenderStatus.READY:
                name, size, sha = certificate_file
                rendered = t.at + datetime.timedelta(seconds=rng.randint(5, 90))
                row.update(file=name, sha256=sha, file_size=size, attempts=1, rendered_at=rendered)
                ctx.audit_row(rendered, None, "review.certificate_rendered", Certificate, cid, number,
                              before={"status": "pending"}, after={"status": "ready"}, essential=True)
            elif render == RenderStatus.FAILED:
                row.update(attempts=5, last_error="OSError: cannot load font")
            if t.status == TitleStatus.REVOKED:
                at = datetime.datetime.combine(t.revoked_on, datetime.time(10, 1), tzinfo=ctx.now.tzinfo)
                ctx.audit_row(at, None, "review.certificate_revoked", Certificate, cid, number,
                              before={"validity": "valid"}, after={"validity": "revoked"}, essential=True)
            cert_rows.append(row)
        ctx.writer.write(Certificate, cert_rows)
        new_counters = []
        for (tier_id, year, city_id), last in next_sequence.items():
            counter = counters.get((tier_id, year, city_id))
            if counter is None:
                new_counters.append({"id": ctx.writer.ids(CertificateCounter, 1)[0], "tier_id": tier_id, "year": year,
                                     "city_id": city_id, "last": last})
            elif counter.last != last:
                CertificateCounter.objects.filter(pk=counter.pk).update(last=last)
        ctx.writer.write(CertificateCounter, new_counters)
        return len(rows), len(cert_rows), len(self.filings)


def _title_repr(title):
    return f"{title.firm.name} · {title.tier.name_zh} · {title.year}"


def _authority(ctx, title):
    if title.tier.authority == Authority.CITY:
        city = ctx.city_by_id[title.firm.city_id]
        return city.bureau_name or f"{city.name_zh}市工业和信息化局"
    return PROVINCIAL_DEPARTMENT


def render_one_certificate(ctx, sample):
    """Render one real certificate PDF for ``sample`` (a ``Granted``) and store it once; (name, size, sha256).

    Returns None (certificates then stay pending) when WeasyPrint cannot run here, and says so.
    """
    from portal.accounts.models import Enterprise
    from portal.pdf import render_to_pdf
    from tiers.titles.certificates import CERTIFICATE_TEMPLATE, certificate_context

    enterprise = Enterprise(name=sample.firm.name, credit_code=sample.firm.credit_code,
                            city=ctx.city_by_id[sample.firm.city_id])
    title = Title(enterprise=enterprise, tier=sample.tier, year=sample.year, enterprise_name=sample.firm.name,
                  recognized_on=sample.recognized_on, source=sample.source)
    year = sample.recognized_on.year
    certificate = Certificate(title=title, tier=sample.tier, year=year, sequence=1,
                              number=format_number(sample.tier.code, year, 1), enterprise_name=sample.firm.name,
                              credit_code=sample.firm.credit_code, issuing_authority=_authority(ctx, sample),
                              miit_document=sample.miit_document, issued_on=sample.recognized_on)
    content = render_to_pdf(CERTIFICATE_TEMPLATE, certificate_context(certificate))
    name = private_storage().save(f"certificates/scale/{certificate.number}.pdf", ContentFile(content))
    return name, len(content), hashlib.sha256(content).hexdigest()
