"""Data at provincial scale for load tests and benchmarks (``manage.py generate_data``).

By default 30,000 enterprises over the 16 cities (each with its enterprise user), 100,000
applications over four annual rounds with every tier and every status, their segments, evidence,
versions, the cities' and the province's records, ~5,000 titles with numbered certificates, and
400,000 audit rows. Deterministic for a seed.

Rows are written straight into the tables (``writer.Writer``: PostgreSQL COPY, else batched INSERTs),
NOT through the services: a service call locks rows, checks permissions, writes one audit row and
queues tasks, which at 100,000 applications would take hours. Instead the generator walks each
application along the transitions the lifecycle tables declare and writes what those transitions
would have left (``applications.Builder``), keeping the models' constraints: unique credit codes
with valid check characters, one open application per enterprise, tier and round, the
prerequisite title before a recommendation (``careers``), gapless certificate numbers matching
their counters (``titles``), recommendations within the cities' quotas (``rounds.make_quotas``).
``save()`` is never called, so ``portal.lifecycle.StateGuardMixin`` has nothing to refuse; simple
history rows of the enterprises are not written (nothing reads them at scale).

Every generated account's user name starts with ``gen_`` and shares the password
``people.PASSWORD``; the demo accounts are never touched.
"""
import hashlib
import io
import time

from django.core.files.base import ContentFile
from django.db import connection, transaction

from applications.models import Application
from portal.models import AuditEntry
from portal.storage import private_storage

from . import careers, people, rounds
from .applications import Builder
from .context import Context
from .titles import TitleBook, render_one_certificate

EVIDENCE_NAME = "scale/evidence.pdf"


def shared_evidence():
    """The one small PDF every generated attachment and letter points at: (name, size, sha256)."""
    storage = private_storage()
    if not storage.exists(EVIDENCE_NAME):
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        buffer = io.BytesIO()
        writer.write(buffer)
        storage.save(EVIDENCE_NAME, ContentFile(buffer.getvalue()))
    with storage.open(EVIDENCE_NAME, "rb") as handle:
        content = handle.read()
    return EVIDENCE_NAME, len(content), hashlib.sha256(content).hexdigest()


class Phases:
    """Times each phase and reports it as it ends."""

    def __init__(self, say):
        self.say = say
        self.start = self.last = time.monotonic()
        self.times = []

    def done(self, name, detail=""):
        now = time.monotonic()
        self.times.append((name, now - self.last))
        self.say(f"  {name:<28} {now - self.last:7.1f} s  {detail}")
        self.last = now

    def total(self):
        return time.monotonic() - self.start


def generate(*, enterprises, applications, titles, audit_rows, seed, say=print, render=True):
    """Generate the data in one transaction; returns {model: rows written} and the phase times."""
    phases = Phases(say)
    with transaction.atomic():
        ctx = Context(seed=seed)
        rounds.make_rounds(ctx)
        rounds.make_rubric(ctx)
        staff = people.make_staff(ctx)
        phases.done("rounds, rubric, staff", f"{len(staff)} staff")
        firms = people.make_enterprises(ctx, enterprises)
        phases.done("enterprises and users", f"{len(firms)} enterprises")
        plans, legacy = careers.plan_careers(ctx, firms, applications=applications, titles=titles)
        book = TitleBook(ctx)
        book.legacy(legacy)
        builder = Builder(ctx, shared_evidence(), book, staff)
        for plan in plans:
            builder.build(plan)
        builder.rank()
        book.revoke_some()
        phases.done("applications (in memory)", f"{len(plans)} applications")
        builder.write()
        phases.done("applications (written)")
        certificate_file = None
        if render and book.titles:
            try:
                certificate_file = render_one_certificate(ctx, book.titles[0])
            except OSError as exc:  # WeasyPrint's system libraries are missing
                say(f"  (no certificate rendered: {exc}; the certificates stay pending)")
        book.write(certificate_file)
        phases.done("titles and certificates", f"{len(book.titles)} titles")
        rounds.make_quotas(ctx, builder.used)
        phases.done("quota plans")
        written = write_audit(ctx, plans, audit_rows)
        phases.done("audit rows", f"{written} rows")
        ctx.writer.finish()
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner of the first requests (and of a benchmark) knows the tables' sizes.
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in ctx.writer.written)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
        phases.done("analyze")
    counts = {model._meta.label: n for model, n in ctx.writer.written.items()}
    return counts, phases


def write_audit(ctx, plans, target):
    """Every essential row, then the others (or more saved drafts) until ``target`` rows are reached."""
    rng = ctx.rng
    essential = [r for r in ctx.audit if r[9]]
    others = [r for r in ctx.audit if not r[9]]
    room = max(0, target - len(essential))
    if room <= len(others):
        chosen = essential + rng.sample(others, room)
    else:
        chosen = essential + others
        for _ in range(room - len(others)):
            plan = plans[rng.randrange(len(plans))]
            round = plan.round
            at = ctx.random_time(round.opens_at, round.submit_end)
            tier = ctx.tiers[plan.tier_code]
            chosen.append((at, plan.firm.user_id, "applications.draft_saved", Application, plan.id,
                           f"{plan.firm.name} · {tier.name_zh} · {round.name}", None, {"fields": ["outcomes"]}, "",
                           False))
    chosen.sort(key=lambda r: r[0])
    ids = ctx.writer.ids(AuditEntry, len(chosen))
    rows = [{"id": i, "created_at": at, "actor_id": actor, "verb": verb, "content_type_id": ctx.content_type_id(model),
             "object_id": str(object_id), "object_repr": object_repr, "before": before, "after": after,
             "message": message}
            for i, (at, actor, verb, model, object_id, object_repr, before, after, message, _e) in zip(ids, chosen,
                                                                                                      strict=True)]
    ctx.writer.write(AuditEntry, rows)
    return len(rows)

