"""Benchmark: SQL queries, latency and throughput of the key pages; certificate rendering; a Celery batch.

    .venv/bin/python benchmarks/pages.py [--pages inbox,city_queue] [--requests 30] [--load-seconds 10]
                                         [--no-load] [--no-celery] [--no-certificate] [--explain]

It prints figures and asserts nothing: it exits 0 whatever they are (2 only for a bad command line).
Run it against a database filled by ``manage.py generate_data`` (DATABASE_URL); it only reads that
database, except for the session rows it creates for its users and deletes at the end. The Celery
batch writes certificates, so it runs against a scratch database (``--scratch-database-url``, created
and migrated when missing).

Per page, measured as the user the data makes the natural one (the province's officer, Qingdao's or
Jinan's official, the expert with the most assignments, the enterprise with the most applications, an
administrator):

- in process, through Django's test client with the same settings as production (DEBUG=0): the SQL
  query count and time of one request (CaptureQueriesContext), then the median and p95 of N requests
  after a warm-up;
- under load: gunicorn (4 workers) started here on a free port in 8301-8399 against the same database,
  ``wrk`` with 16 connections for --load-seconds per page, and the requests per second of /healthz
  on the same server just before and just after the page, so the ratio page/healthz survives a
  noisy machine.

Certificates: the median render of one certificate next to bare WeasyPrint rendering one line of
Chinese in the same font (benchmarks/certificate_render.py); then a batch of --batch certificates
through a real Celery worker (--concurrency 2, over Redis) next to batch/2 x the single render.
"""
import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORTS = range(8301, 8400)
QINGDAO, JINAN = "370200", "370100"
PERSONAS = {"province", "city", "expert", "enterprise", "admin"}


# --- environment -------------------------------------------------------------------------------------

def production_like_environment():
    """The settings gunicorn and the in-process client share: DEBUG=0 over plain HTTP on 127.0.0.1."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    env.setdefault("DEBUG", "0")
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    env.setdefault("LOG_LEVEL", "WARNING")
    # DEBUG=0 turns on the HTTPS redirect and the manifest of static files: off, and collected here.
    for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"):
        env.setdefault(name, "0")
    env.setdefault("STATIC_ROOT", str(Path(tempfile.gettempdir()) / "portal-bench-static"))
    # Its sessions are made directly (no sign-in, hence no second factor): the pages are measured, and
    # the gate of portal.accounts.two_factor costs one session read they pay anyway.
    env.setdefault("TWO_FACTOR_REQUIRED", "0")
    # The API's throttles would answer wrk's 16 connections with 429 within a second: the endpoints are
    # measured, not the throttle (whose counter in the cache every request still pays).
    env.setdefault("API_PUBLIC_RATE", "100000000/min")
    env.setdefault("API_TOKEN_RATE", "100000000/min")
    return env


def setup_django(env):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port():
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8301-8399")


def tool(name):
    path = BIN / name
    return str(path) if path.exists() else shutil.which(name)


def database_label(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.hostname or ''}{parts.path}" if parts.scheme else "sqlite (default)"


# --- who looks at which page -------------------------------------------------------------------------

@dataclass
class Page:
    key: str
    persona: str
    path: str
    note: str = ""
    figures: dict = field(default_factory=dict)


def pick_personas(chosen):
    """Users of the data: the province's officer, a big city's official, the busiest expert and enterprise.

    ``chosen`` maps a persona to a user name given on the command line (--user admin=NAME).
    """
    from django.db.models import Count, Q

    from portal.accounts.constants import Role
    from portal.accounts.models import User

    active = User.objects.filter(is_active=True).order_by("pk")
    officials = active.filter(role=Role.CITY_OFFICIAL)
    personas = {
        "province": active.filter(role=Role.PROVINCIAL_OFFICER).first(),
        "city": officials.filter(city__code=QINGDAO).first() or officials.filter(city__code=JINAN).first(),
        "expert": active.filter(role=Role.EXPERT).annotate(
            n=Count("expert_assignments", filter=Q(expert_assignments__withdrawn_at__isnull=True))
        ).order_by("-n", "pk").first(),
        "enterprise": active.filter(role=Role.ENTERPRISE, enterprise__isnull=False).annotate(
            n=Count("enterprise__applications")).order_by("-n", "pk").first(),
        "admin": active.filter(role=Role.ADMIN, is_staff=True).first(),
    }
    for persona, username in chosen.items():
        personas[persona] = User.objects.get(username=username)
    personas["anonymous"] = None
    return personas


def build_pages(personas):
    """The key pages with real objects of the data in their URLs; a page the data cannot show is noted."""
    from applications.constants import Status
    from applications.models import Application
    from review.province.selectors import PROVINCE_STATUSES
    from tiers.models import QuotaPlan, Tier
    from tiers.titles.models import Certificate, Title

    city_user, enterprise_user = personas["city"], personas["enterprise"]
    at_province = Application.objects.filter(status__in=PROVINCE_STATUSES).order_by("pk")
    reviewed = at_province.filter(status=Status.UNDER_REVIEW).first() or at_province.first()
    own = Application.objects.filter(enterprise_id=getattr(enterprise_user, "enterprise_id", None)).order_by("-pk").first()
    advanced = Tier.objects.filter(code="advanced").first()
    plan = QuotaPlan.objects.order_by("-pk").first()
    sample_title = Title.objects.order_by("pk").first()
    certificate = Certificate.objects.exclude(number="").order_by("pk").first()
    # A two-character piece of a real name: a search that matches some rows but not all.
    term = sample_title.enterprise_name[2:4] if sample_title else "智能"
    inbox_filters = urlencode({"status": Status.RECOMMENDED, "tier": advanced.pk if advanced else "",
                               "ordering": "-city"})
    pages = [
        Page("healthz", "anonymous", "/healthz", "the trivial view"),
        Page("inbox", "province", "/review/province/inbox/"),
        Page("inbox_filtered", "province", f"/review/province/inbox/?{inbox_filters}", "filter + sort"),
        Page("inbox_search", "province", "/review/province/inbox/?" + urlencode({"q": term, "ordering": "enterprise"})),
        Page("province_apps", "province", "/applications/", "the province's application list"),
        Page("province_app", "province", f"/review/province/applications/{reviewed.pk}/" if reviewed else ""),
        Page("ranking", "province", "/review/province/ranking/"),
        Page("province_home", "province", "/province/"),
        Page("province_dashboard", "province", "/review/dashboard/", "charts, funnel and the map"),
        Page("scores_missing", "province", "/review/province/scores-missing/", "the dashboard's missing sheets"),
        Page("filings_waiting", "province", "/review/city/filings/?waiting=on", "filings waiting > a week"),
        Page("city_queue", "city", "/review/city/queue/"),
        Page("city_queue_all", "city", "/review/city/queue/?" + urlencode({"status": "", "ordering": "-submitted"}),
             "every status"),
        Page("city_recs", "city", "/review/city/recommendations/"),
        Page("city_home", "city", "/city/"),
        Page("city_dashboard", "city", "/review/dashboard/"),
        Page("my_quota", "city", "/tiers/my-quota/"),
        Page("expert_queue", "expert", "/review/province/expert/"),
        Page("expert_home", "expert", "/expert/"),
        Page("enterprise_home", "enterprise", "/enterprise/"),
        Page("app_detail", "enterprise", f"/applications/{own.pk}/" if own else ""),
        Page("register", "anonymous", "/public/register/"),
        Page("register_search", "anonymous", "/public/register/?" + urlencode({"q": term})),
        Page("register_csv", "anonymous", "/public/register/?format=csv"),
        Page("register_json", "anonymous", "/public/register/?format=json"),
        # The API (issue #16): public endpoints anonymously, the integrations' with a province-wide token
        # (persona "api"; the support list is left out: each of its pages is recorded as an export).
        Page("api_register", "anonymous", "/api/v1/register/"),
        Page("api_register_search", "anonymous", "/api/v1/register/?" + urlencode({"q": term})),
        Page("api_certificate", "anonymous", f"/api/v1/certificates/{certificate.number}/" if certificate else ""),
        Page("api_notices", "anonymous", "/api/v1/notices/"),
        Page("api_titles", "api", "/api/v1/titles/"),
        Page("api_applications", "api", "/api/v1/applications/"),
        Page("api_application", "api", f"/api/v1/applications/{reviewed.pk}/" if reviewed else ""),
        Page("api_quotas", "api", "/api/v1/quotas/"),
        Page("audit_search", "admin", "/console/audit/?" + urlencode(
            {"q": getattr(city_user, "username", "admin"), "ordering": "-created_at"})),
        Page("quota_list", "admin", "/tiers/quotas/"),
        Page("quota_plan", "admin", f"/tiers/quotas/{plan.pk}/" if plan else ""),
        Page("admin_apps", "admin", "/django-admin/applications/application/"),
        Page("admin_audit", "admin", "/django-admin/portal/auditentry/"),
    ]
    for page in pages:
        if page.persona == "api" and personas.get("admin") is None:
            page.path, page.note = "", "no admin to issue the API token (--user admin=NAME)"
        elif page.persona not in ("anonymous", "api") and personas.get(page.persona) is None:
            page.path, page.note = "", f"no {page.persona} user in the data (--user {page.persona}=NAME)"
        elif not page.path:
            page.note = page.note or "no object for it in the data"
    return pages


def create_api_token(admin):
    """A province-wide token of every scope but the support list's, made directly as sessions are (the
    service would write an audit row, and the audit trail keeps every row); deleted with its request log
    at the end. Returns (the token's row, the header to send)."""
    import secrets as token_secrets

    from portal.api.models import ApiRequest, ApiToken
    from portal.api.scopes import Scope
    from portal.api.tokens import PREFIX, digest

    raw = f"{PREFIX}{token_secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(client="benchmarks/pages.py", prefix=raw[: len(PREFIX) + 6],
                                    token_hash=digest(raw), created_by=admin,
                                    scopes=sorted([Scope.READ_REGISTER, Scope.READ_PROVINCE_APPLICATIONS]))

    def delete():
        ApiRequest.objects.filter(token=token).delete()
        token.delete()

    return delete, f"Authorization: Bearer {raw}"


def create_sessions(personas):
    """A database session per user, as a login leaves it, without touching the user (no last_login)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    sessions = {}
    for name, user in personas.items():
        if user is None:
            continue
        store = SessionStore()
        store[SESSION_KEY] = user._meta.pk.value_to_string(user)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[name] = store
    return sessions


# --- in process -------------------------------------------------------------------------------------

def fetch(client, path):
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(body)


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


class QueryTimer:
    """An execute wrapper timing each query with perf_counter (CaptureQueriesContext rounds to 1 ms)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - start, sql, params))


def measure_in_process(page, client, requests, warmup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fetch(client, page.path)
    # The queries of one warm request (after the warm-up, as the timed ones are).
    timer = QueryTimer()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        status, size = fetch(client, page.path)
    captured_queries = list(captured.captured_queries)  # a view of connection.queries, which moves on
    slowest = max(range(len(timer.queries)), key=lambda i: timer.queries[i][0], default=None)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        fetch(client, page.path)
        times.append(time.perf_counter() - start)
    page.figures.update(
        status=status, bytes=size, queries=len(captured_queries),
        sql_ms=1000 * sum(q[0] for q in timer.queries),
        median_ms=1000 * statistics.median(times), p95_ms=1000 * p95(times),
        # The SQL as sent (with its values) from the capture; the time from the wrapper.
        slowest_sql=captured_queries[slowest]["sql"] if slowest is not None else "",
        slowest_ms=1000 * timer.queries[slowest][0] if slowest is not None else 0.0,
    )
    page.figures["repeated"], page.figures["repeated_sql"] = most_repeated(captured_queries)


CURSOR = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH HOLD FOR ')


def excerpt(sql, width=230):
    """The SQL on one line with its column list elided: the FROM and WHERE are what tell queries apart."""
    sql = CURSOR.sub("", sql)
    sql = re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1... FROM ", " ".join(sql.split()), count=1)
    return sql if len(sql) <= width else sql[:width] + "..."


def shape(sql):
    """The query with its values taken out, to count the same query run once per row."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", " ".join(sql.split()))
    return re.sub(r"\bIN \([^)]*\)", "IN (?)", re.sub(r"\b\d+\b", "?", sql))


def most_repeated(queries):
    counts = {}
    for query in queries:
        counts.setdefault(shape(query["sql"]), []).append(query["sql"])
    same = max(counts.values(), key=len, default=[])
    return len(same), (same[0] if same else "")


def explain(sql):
    from django.db import connection

    sql = CURSOR.sub("", sql)  # an export's server-side cursor: explain the query it runs
    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith("SELECT"):
        return "(EXPLAIN ANALYZE only for PostgreSQL SELECTs)"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql.replace("%", "%%"))
        return "\n".join(row[0] for row in cursor.fetchall())


# --- under load -------------------------------------------------------------------------------------

class Gunicorn:
    def __init__(self, env, workers):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [tool("gunicorn"), "portal.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
             "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited: " + self.process.stderr.read()[-2000:])
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def get(self, path, header):
        request = urllib.request.Request(self.base + path, headers=dict([header.split(": ", 1)]) if header else {})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def drain(self, limit=60):
        """Wait until the workers have finished what the last load left queued: /healthz answers fast."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            start = time.perf_counter()
            self.get("/healthz", "")
            if time.perf_counter() - start < 0.02:
                return
            time.sleep(0.2)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, *, seconds, connections, header):
    command = [tool("wrk"), f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency",
               "--timeout", "60s"]
    if header:
        command += ["-H", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 120).stdout
    figures = {"rps": 0.0, "errors": 0}
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        figures["rps"] = float(match.group(1))
    for line in re.findall(r"^\s*50%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
        figures["load_p50_ms"] = float(line[0]) * UNITS[line[1]]
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        figures["errors"] += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        figures["errors"] += sum(int(n) for n in match.groups())
    return figures


def measure_load(pages, headers, env, args):
    missing = [name for name in ("wrk", "gunicorn") if not tool(name)]
    if missing:
        raise RuntimeError(f"{' and '.join(missing)} not found (wrk: apt-get install wrk)")
    server = Gunicorn(env, args.workers)
    try:
        for page in pages:
            cookie = headers.get(page.persona, "")
            status = server.get(page.path, cookie)
            if status != 200:
                page.figures["load_note"] = f"gunicorn answered {status}"
                continue
            # Warm the workers for this page, then /healthz, the page and /healthz again back to back,
            # each once the workers are idle (a slow page leaves requests queued behind wrk); the page is
            # compared with the mean of the two trivial runs around it.
            wrk(server.base + page.path, seconds=1, connections=args.connections, header=cookie)
            runs = []
            for path, seconds, page_cookie in (("/healthz", args.trivial_seconds, ""),
                                               (page.path, args.load_seconds, cookie),
                                               ("/healthz", args.trivial_seconds, "")):
                server.drain()
                runs.append(wrk(server.base + path, seconds=seconds, connections=args.connections,
                                header=page_cookie))
            before, figures, after = runs
            trivial = {"rps": (before["rps"] + after["rps"]) / 2}
            page.figures.update(figures, healthz_rps=trivial["rps"],
                                ratio=figures["rps"] / trivial["rps"] if trivial["rps"] else 0.0)
            print(f"  load {page.key:18} {figures['rps']:8.1f} req/s  (/healthz {trivial['rps']:8.1f})", flush=True)
    finally:
        server.stop()


# --- certificates -------------------------------------------------------------------------------------

def measure_certificate(runs):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import certificate_render

    from portal.pdf import render_to_pdf
    from tiers.titles.certificates import CERTIFICATE_TEMPLATE, certificate_context

    context = certificate_context(certificate_render.sample_certificate("advanced"))
    floor_times, cert_times, ratios, floor, pdf = certificate_render.measure(
        certificate_render.floor_pdf, lambda: render_to_pdf(CERTIFICATE_TEMPLATE, context), runs)
    return {"floor_ms": 1000 * statistics.median(floor_times), "floor_kb": len(floor) / 1024,
            "single_ms": 1000 * statistics.median(cert_times), "single_kb": len(pdf) / 1024,
            "ratio": statistics.median(ratios), "runs": runs}


def scratch_database(url):
    """Create the scratch database when missing and migrate it; demo data when it has no enterprise."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    import psycopg2

    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    env = {**production_like_environment(), "DATABASE_URL": url}
    env.pop("CELERY_BROKER_URL", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    probe = "from portal.accounts.models import Enterprise; print(Enterprise.objects.exists())"
    has_data = subprocess.run([*manage, "shell", "-c", probe], cwd=ROOT, env=env, capture_output=True,
                              text=True, check=True).stdout.strip()
    if has_data != "True":
        subprocess.run([*manage, "demo_data"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def measure_celery(args, single_ms):
    """Run the batch in a child process bound to the scratch database, with its own queue."""
    scratch_database(args.scratch_database_url)
    media = tempfile.mkdtemp(prefix="portal-bench-media-")
    env = {**production_like_environment(), "DATABASE_URL": args.scratch_database_url,
           "CELERY_BROKER_URL": args.broker, "CELERY_RESULT_BACKEND": args.broker,
           "CELERY_TASK_DEFAULT_QUEUE": f"bench-{os.getpid()}", "PRIVATE_MEDIA_ROOT": media}
    try:
        child = subprocess.run([sys.executable, __file__, "--celery-child", "--batch", str(args.batch)],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    finally:
        shutil.rmtree(media, ignore_errors=True)
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    if child.returncode != 0 or not lines:
        return {"error": (child.stderr or child.stdout)[-1500:]}
    result = json.loads(lines[-1])
    result["expected_s"] = args.batch / 2 * single_ms / 1000
    result["ratio"] = result["batch_s"] / result["expected_s"]
    return result


def celery_child(batch):
    """In the scratch database: pending certificates, a real worker, the wall time until all are ready."""
    import datetime

    from django.db import transaction
    from django.db.models import Max

    from portal import outbox
    from portal.accounts.models import Enterprise
    from portal.celery import app
    from tiers.models import Tier
    from tiers.titles.certificates import format_number
    from tiers.titles.constants import RenderStatus
    from tiers.titles.models import Certificate, Title
    from tiers.titles.tasks import render_certificate

    warmup = 4
    enterprise = Enterprise.objects.order_by("pk").first()
    tier = Tier.objects.get(code="advanced")
    today = datetime.date.today()
    titles = Title.objects.bulk_create(
        Title(enterprise=enterprise, tier=tier, year=today.year, enterprise_name=enterprise.name,
              recognized_on=today, source="benchmarks/pages.py") for _ in range(batch + warmup))
    start = (Certificate.objects.filter(tier=tier, year=today.year).aggregate(n=Max("sequence"))["n"] or 0) + 1
    certificates = Certificate.objects.bulk_create(
        Certificate(title=title, tier=tier, year=today.year, sequence=start + i,
                    number=format_number(tier.code, today.year, start + i), enterprise_name=enterprise.name,
                    credit_code=enterprise.credit_code, issuing_authority="山东省工业和信息化厅", issued_on=today)
        for i, title in enumerate(titles))
    pks = [c.pk for c in certificates]
    queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    name = f"{queue}@bench"
    log = tempfile.NamedTemporaryFile(prefix="bench-worker-", suffix=".log", delete=False)
    worker = subprocess.Popen(
        [tool("celery"), "-A", "portal", "worker", "-Q", queue, "--concurrency", "2", "--pool", "prefork",
         "-n", name, "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[name], timeout=1):
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError(f"the Celery worker did not answer (its log: {log.name})")

        def run(ids, limit):
            began = time.perf_counter()
            with transaction.atomic():  # as the province certifies: outbox rows, sent on commit
                for pk in ids:
                    outbox.schedule(render_certificate, pk)
            done = Certificate.objects.filter(pk__in=ids).exclude(status=RenderStatus.PENDING)
            while done.count() < len(ids) and time.perf_counter() - began < limit:
                time.sleep(0.1)
            return time.perf_counter() - began, done.filter(status=RenderStatus.READY).count()

        run(pks[:warmup], 120)  # each pool process imports WeasyPrint and loads the font once
        seconds, ready = run(pks[warmup:], 1800)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
    print(json.dumps({"batch": batch, "batch_s": seconds, "ready": ready, "per_cert_ms": 1000 * seconds / batch}))


# --- report -------------------------------------------------------------------------------------------

def fmt(value, spec):
    return format(value, spec) if isinstance(value, int | float) else str(value if value is not None else "-")


def print_table(pages, personas):
    columns = [("page", "key", "<18"), ("as", "persona", "<10"), ("code", "status", ">4"), ("KB", "kb", ">7.1f"),
               ("queries", "queries", ">7"),
               ("same", "repeated", ">4"), ("sql ms", "sql_ms", ">7.1f"), ("median ms", "median_ms", ">9.1f"),
               ("p95 ms", "p95_ms", ">7.1f"), ("req/s", "rps", ">7.1f"), ("healthz/s", "healthz_rps", ">9.1f"),
               ("ratio", "ratio", ">6.3f"), ("load p50 ms", "load_p50_ms", ">11.1f"), ("errors", "errors", ">6")]
    widths = [max(len(title), int(re.sub(r"\D*(\d+).*", r"\1", spec) or 0)) for title, _, spec in columns]
    print("  ".join(f"{title:>{w}}" if i > 1 else f"{title:<{w}}" for i, ((title, _, _), w) in
                    enumerate(zip(columns, widths, strict=True))))
    for page in pages:
        row = {"key": page.key, "persona": page.persona, **page.figures}
        if "bytes" in row:
            row["kb"] = row["bytes"] / 1024
        cells = []
        for (_title, key, spec), width in zip(columns, widths, strict=True):
            align = spec[0]
            cells.append(f"{fmt(row.get(key), spec[1:]) if key in row else '-':{align}{width}}")
        line = "  ".join(cells)
        note = page.figures.get("load_note") or page.note
        print(line + (f"  # {note}" if note else ""))
    print()
    print_personas(personas)


def print_personas(personas):
    for name, user in personas.items():
        if user is not None:
            print(f"  {name:10} = {user.username} (pk {user.pk})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated page keys (default: all; /healthz is always measured)")
    parser.add_argument("--user", action="append", default=[], metavar="PERSONA=USERNAME",
                        help="who views a persona's pages: province, city, expert, enterprise or admin")
    parser.add_argument("--list", action="store_true", help="list the pages and their URLs, then stop")
    parser.add_argument("--requests", type=int, default=20, help="timed in-process requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="untimed in-process requests per page first")
    parser.add_argument("--load-seconds", type=int, default=10, help="wrk seconds per page")
    parser.add_argument("--trivial-seconds", type=int, default=3,
                        help="wrk seconds of /healthz before and after each page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--no-load", action="store_true", help="skip gunicorn + wrk")
    parser.add_argument("--no-certificate", action="store_true", help="skip certificate rendering (and Celery)")
    parser.add_argument("--no-celery", action="store_true", help="skip the Celery batch")
    parser.add_argument("--certificate-runs", type=int, default=20)
    parser.add_argument("--batch", type=int, default=500, help="certificates in the Celery batch")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--scratch-database-url", default=os.environ.get("BENCH_SCRATCH_DATABASE_URL"),
                        help="writable PostgreSQL database for the Celery batch (created and migrated if missing)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query of each page")
    parser.add_argument("--celery-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.celery_child:
        setup_django(dict(os.environ))
        celery_child(args.batch)
        return 0

    # Stopped from outside, still delete the sessions and stop gunicorn and the worker (the finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = production_like_environment()
    setup_django(env)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    chosen = dict(item.split("=", 1) for item in args.user)
    if set(chosen) - PERSONAS:
        parser.error(f"--user takes one of {', '.join(sorted(PERSONAS))}")
    pages = build_pages(personas := pick_personas(chosen))
    if args.pages:
        chosen = {key.strip() for key in args.pages.split(",")}
        unknown = chosen - {p.key for p in pages}
        if unknown:
            parser.error(f"unknown pages: {', '.join(sorted(unknown))}; see --list")
        pages = [p for p in pages if p.key in chosen or p.key == "healthz"]
    if args.list:
        for page in pages:
            print(f"{page.key:18} {page.persona:10} {page.path or '-'}  {page.note}")
        print_personas(personas)
        return 0

    print(f"database {database_label(env.get('DATABASE_URL'))}, DEBUG={int(settings.DEBUG)}, "
          f"CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']}; nproc {os.cpu_count()}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    runnable = [p for p in pages if p.path]
    sessions = create_sessions(personas)
    headers = {name: f"Cookie: {settings.SESSION_COOKIE_NAME}={store.session_key}" for name, store in sessions.items()}
    delete_token = None
    if any(p.persona == "api" for p in runnable):
        delete_token, headers["api"] = create_api_token(personas["admin"])
    try:
        print(f"in process: {args.warmup} warm-up + {args.requests} timed requests per page", flush=True)
        for page in runnable:
            client = Client()
            if page.persona in sessions:
                client.cookies[settings.SESSION_COOKIE_NAME] = sessions[page.persona].session_key
            elif page.persona == "api":
                client = Client(HTTP_AUTHORIZATION=headers["api"].split(": ", 1)[1])
            measure_in_process(page, client, args.requests, args.warmup)
            print(f"  {page.key:18} {page.figures['status']}  {page.figures['queries']:4} queries  "
                  f"median {page.figures['median_ms']:8.1f} ms", flush=True)
        if not args.no_load:
            print(f"under load: gunicorn -w {args.workers}, wrk -c {args.connections}, {args.load_seconds} s per "
                  f"page between {args.trivial_seconds} s of /healthz before and after", flush=True)
            try:
                measure_load([p for p in runnable if p.figures.get("status") == 200], headers, env, args)
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                print(f"  load skipped: {exc}")
    finally:
        for store in sessions.values():
            store.delete()
        if delete_token is not None:
            delete_token()

    print()
    print_table(pages, personas)
    print()
    print("slowest query of each page, and the query run most often when it runs more than once (one request):")
    for page in runnable:
        sql = page.figures.get("slowest_sql", "")
        if sql:
            print(f"  {page.key:18} {page.figures['slowest_ms']:8.1f} ms  {excerpt(sql)}")
            if page.figures["repeated"] > 1:
                print(f"  {'':18} {page.figures['repeated']:6} x     {excerpt(page.figures['repeated_sql'])}")
            if args.explain:
                print("    " + explain(sql).replace("\n", "\n    "))

    if not args.no_certificate:
        print()
        cert = measure_certificate(args.certificate_runs)
        print(f"certificate: {cert['runs']} interleaved pairs, medians: one certificate {cert['single_ms']:.1f} ms "
              f"{cert['single_kb']:.1f} KB; bare WeasyPrint one Chinese line {cert['floor_ms']:.1f} ms "
              f"{cert['floor_kb']:.1f} KB; ratio {cert['ratio']:.2f}x")
        if not args.no_celery:
            if not args.scratch_database_url:
                print("celery: skipped (give --scratch-database-url or BENCH_SCRATCH_DATABASE_URL; it writes)")
            else:
                batch = measure_celery(args, cert["single_ms"])
                if "error" in batch:
                    print(f"celery: failed\n{batch['error']}")
                else:
                    print(f"celery: {batch['ready']}/{batch['batch']} ready in {batch['batch_s']:.1f} s through one "
                          f"worker --concurrency 2 ({batch['per_cert_ms']:.1f} ms each); {batch['batch']}/2 x single "
                          f"= {batch['expected_s']:.1f} s; ratio {batch['ratio']:.2f}x")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception as exc:  # a benchmark reports, it does not fail the caller
        print(f"benchmark stopped: {exc!r}", file=sys.stderr)
        sys.exit(0)
