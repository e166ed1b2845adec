"""Settings for the portal, read from the environment.

Embedded defaults run the whole portal on one machine: a SQLite file, Celery tasks executed eagerly
in-process, e-mail printed to the console. Production gives DATABASE_URL, CELERY_BROKER_URL,
SECRET_KEY (or SECRET_KEY_FILE), DEBUG=0, ALLOWED_HOSTS and EMAIL_URL.
"""
import os
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()


def secret(name, default=None):
    """A secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return env(name, default=default)


DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = secret("SECRET_KEY", default="dev-only-insecure-key-change-me" if DEBUG else None)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG=0")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "django_celery_beat",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as the portal's static files (no CDN)
    "portal",
    "portal.accounts",
    "portal.registers",
    "tiers",
    "tiers.titles",
    "applications",
    "review",
]

MIDDLEWARE = [
    "portal.request_id.RequestIdMiddleware",
    # Every request made with an API token is logged with the status it got, refusals included.
    "portal.api.logging.ApiRequestLogMiddleware",
    "portal.storage.FilesFollowTransactionsMiddleware",
    # Eager tasks (the embedded default): a request's outbox work runs after its response is sent.
    "portal.outbox.RunAfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.params.RefuseNulMiddleware",  # after the user is known: the 400 page shows the navigation
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.two_factor.TwoFactorMiddleware",
    "portal.headers.NoStoreWhenSignedInMiddleware",
    "portal.security_log.RefusalLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
                "portal.context_processors.notifications",
                "csp.context_processors.nonce",
            ],
            # {% can "perm" obj as name %} everywhere: templates ask permissions as the views do.
            "builtins": ["portal.templatetags.permissions"],
        },
    },
]

# Form widgets render through the project's template engine, so templates/django/forms/ can replace a
# widget template (the select, written without an include per option).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Production keeps each worker's database connection for a minute (checked before reuse) instead of
# opening one per request: measured with benchmarks/pages.py at provincial scale, +57 to +78 % requests
# per second on the application detail, the ranking and the expert's landing, +15 % on the inbox.
# Development (DEBUG, runserver's threads, SQLite) keeps one per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's price of a random page read, set for each connection: PostgreSQL's default (4) is
    # for spinning disks; on SSDs with the working set in memory 1.1 is the usual value. At provincial
    # scale the default made the city's recommendations hash all 30,000 enterprises to join 111
    # applications (52 ms); at 1.1 it takes the index (12 ms). PG_RANDOM_PAGE_COST="" keeps the server's.
    random_page_cost = env("PG_RANDOM_PAGE_COST", default="1.1")
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # A database host that does not answer fails the request in seconds (the 503 page), not minutes.
    options.setdefault("connect_timeout", env.int("PG_CONNECT_TIMEOUT", default=3))
    if random_page_cost:
        options["options"] = f"{options.get('options', '')} -c random_page_cost={float(random_page_cost)}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes and portal.accounts.lockout): five failures for one user name from one
# address lock that pair for an hour; a colleague at the same address and the owner elsewhere still sign
# in. One address failing for LOGIN_SPRAY_LIMIT user names is refused for all of them (spraying), and an
# account failing from many addresses is slowed: each attempt past the limit waits twice as long as the
# last (LOGIN_SLOWDOWN_SECONDS up to LOGIN_SLOWDOWN_MAX_SECONDS), never locked from everywhere. The
# address is the client's behind the trusted proxies (portal.client_ip). A password reset ends a lockout.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "portal.accounts.lockout.LockoutHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # attempts refused while locked are not counted
LOGIN_SPRAY_LIMIT = env.int("LOGIN_SPRAY_LIMIT", default=10)
LOGIN_SLOWDOWN_SECONDS = env.int("LOGIN_SLOWDOWN_SECONDS", default=2)
LOGIN_SLOWDOWN_MAX_SECONDS = env.int("LOGIN_SLOWDOWN_MAX_SECONDS", default=900)
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language (ISO 8601 in both), whether a template or a message writes the date.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# Private files (portal/storage.py): the local disk under PRIVATE_MEDIA_ROOT by default; an S3-compatible
# bucket when S3_BUCKET is set, so several web and worker machines share one store and no volume.
S3_BUCKET = env("S3_BUCKET", default="")


def s3_storage_options(bucket, endpoint_url, access_key, secret_key, region):
    return {"bucket_name": bucket, "endpoint_url": endpoint_url or None, "access_key": access_key or None,
            "secret_key": secret_key or None, "region_name": region, "addressing_style": "path",
            "signature_version": "s3v4"}


PRIVATE_STORAGE = (
    {"BACKEND": "portal.storage_s3.PrivateS3Storage",
     "OPTIONS": s3_storage_options(S3_BUCKET, env("S3_ENDPOINT_URL", default=""), env("S3_ACCESS_KEY_ID", default=""),
                                   env("S3_SECRET_ACCESS_KEY", default=""), env("S3_REGION", default="us-east-1"))}
    if S3_BUCKET else {"BACKEND": "portal.storage.PrivateStorage"}
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded evidence and issued certificates are private: stored outside any URL and served only by
# views that check the requester may see them.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
# The pre-subset certificate font (portal/pdf_font.py): built on first render, or at image build.
PDF_FONT_DIR = Path(env("PDF_FONT_DIR", default=str(BASE_DIR / "var" / "fonts")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
# No URL serves MEDIA_ROOT (no urlpattern matches this prefix); the value only keeps Django's
# live-server media handler working in browser tests.
MEDIA_URL = "/__private-media-is-not-served__/"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console by default; EMAIL_URL=smtp+tls://user:pass@host:587 in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@gxt.shandong.gov.cn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker, tasks run eagerly in-process (the embedded default); with one, a worker runs them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a task whose worker died goes back to the queue, not to "failed"
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="portal")
# A broker outage must not hold a request: sending gives up after about a second (portal.outbox keeps the
# message and its sweep sends it later). Redis gives an unacknowledged task to another worker after the
# visibility timeout: longer than the longest task (time limit 120 s) plus the longest retry countdown
# (outbox back-off, at most 300 s), or a slow task would run twice.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
    # Opening a channel to publish: one more try at once, not after kombu's default 2 s pause.
    "max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The worker logs through LOGGING below (JSON lines with the request id), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The outbox (portal.outbox): the sweep sends again what is not done this long after its dispatch; a
# delivery's claim on its message lasts this long unless renewed (0: 15 s; the delivery renews it).
# Where written objections to a public notice go (the notice states it; each notice may say otherwise).
# Empty by default: the officer fills them in on the notice form, which then starts from these.
NOTICE_OBJECTION_CONTACT = env.str("NOTICE_OBJECTION_CONTACT", default="")
NOTICE_OBJECTION_ADDRESS = env.str("NOTICE_OBJECTION_ADDRESS", default="")
OUTBOX_REDISPATCH_SECONDS = env.int("OUTBOX_REDISPATCH_SECONDS", default=180)
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=0)
# How often beat runs the outbox's sweep: unsent work goes out this soon after the broker answers again,
# and the work of a dead worker this soon after its claim (OUTBOX_LEASE_SECONDS, 15 s) lapses.
OUTBOX_SWEEP_SECONDS = env.float("OUTBOX_SWEEP_SECONDS", default=5.0)
# The periodic tasks, defined here and copied into django-celery-beat's tables when beat starts.
CELERY_BEAT_SCHEDULE = {
    # A sweep not started before the next one is due is dropped (a worker back after a while runs one).
    "outbox-sweep": {"task": "portal.outbox.sweep", "schedule": OUTBOX_SWEEP_SECONDS,
                     "options": {"expire_seconds": OUTBOX_SWEEP_SECONDS}},
    "worker-heartbeat": {"task": "portal.heartbeat", "schedule": 30.0},
    "orphan-files-sweep": {"task": "portal.files.sweep_orphans", "schedule": 24 * 3600.0},
    # The reminders of the day (portal.reminders: rounds closing, scores due, notices ending, filings
    # waiting, deadlines of evaluations and statements), each sent once.
    "reminders": {"task": "portal.send_reminders", "schedule": crontab(hour=8, minute=0)},
    # Titled enterprises against the latest dishonest-entity list (Art. 5 (2), 15): a revocation case for
    # each one newly listed, for its authority to decide (applications.screening).
    "dishonest-screening": {"task": "applications.screen_dishonest_entities", "schedule": crontab(hour=6, minute=30)},
    # The working-day calendar: next year's holidays as soon as the chinesecalendar package knows them (in
    # December the admins are told, by the reminders, while next year is still missing).
    "seed-calendar": {"task": "portal.seed_calendar", "schedule": crontab(hour=3, minute=0)},
}
CELERY_TIMEZONE = TIME_ZONE

# Content-Security-Policy (django-csp): scripts from the portal itself only, the few inline ones with the
# request's nonce, never 'unsafe-inline'; no plug-ins, no framing, forms post back to the portal only.
# Inline style attributes stay allowed (Bootstrap's utilities and a few templates use them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy: the portal asks for no camera, microphone, location, payment or USB.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb", "fullscreen", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "serial", "xr-spatial-tracking")}

# Two-factor sign-in (portal.accounts.two_factor): required for officials, experts and admins; on by
# default in production, off on the embedded demo (the README's demo accounts sign in with passwords).
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "山东省智能工厂梯度培育"

# The TLS proxies in front of the portal (addresses or networks, comma-separated): only a request from
# one of them has its X-Forwarded-For read for the client's address (portal.client_ip; README).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# /readyz/ shows each dependency's check only to the operators: callers from these networks (CIDRs,
# comma-separated; loopback by default) or presenting READINESS_TOKEN (or READINESS_TOKEN_FILE) as a
# bearer token. Anyone else reads {"status": "ready"} or "not ready" (portal.readiness.for_operators).
READINESS_NETWORKS = env.list("READINESS_NETWORKS", default=["127.0.0.0/8", "::1/128"])
READINESS_TOKEN = secret("READINESS_TOKEN", "") or ""

# Shared by every web process (rate limits count across them): Redis in production (CACHE_URL, e.g.
# redis://redis:6379/1), the process's memory on the embedded defaults.
CACHE_URL = env.str("CACHE_URL", default="")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                      "KEY_PREFIX": "portal"} if CACHE_URL else
          {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Requests that send e-mail or create accounts, per client address and per account (django-ratelimit).
PASSWORD_RESET_RATE_PER_ADDRESS = env.str("PASSWORD_RESET_RATE_PER_ADDRESS", default="10/h")
PASSWORD_RESET_RATE_PER_ACCOUNT = env.str("PASSWORD_RESET_RATE_PER_ACCOUNT", default="3/h")
REGISTRATION_RATE_PER_ADDRESS = env.str("REGISTRATION_RATE_PER_ADDRESS", default="10/h")
REGISTRATION_RATE_PER_ACCOUNT = env.str("REGISTRATION_RATE_PER_ACCOUNT", default="3/h")

# The open data and integration API (/api/v1/, portal/api/; README "API"): public endpoints without a token,
# integrations with a token an admin issues. Requests per client address (public) and per token, counted in
# the shared cache above.
API_PUBLIC_RATE = env.str("API_PUBLIC_RATE", default="60/min")
API_TOKEN_RATE = env.str("API_TOKEN_RATE", default="600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["portal.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttles.PublicThrottle", "portal.api.throttles.TokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.Cursor",
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.PortalAutoSchema",
    "DEFAULT_METADATA_CLASS": None,
    "EXCEPTION_HANDLER": "portal.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shandong smart-factory portal API · 山东省智能工厂梯度培育管理平台开放接口",
    "DESCRIPTION": (
        "Open data and integration API, version 1. Read-only.\n\n"
        "**Public** (no token; limited per client address): the register of titles, a certificate's "
        "verification and the public notices: the same data as the public pages.\n\n"
        "**Integrations** (`Authorization: Bearer <token>`, a token an administrator issues with scopes, "
        "optionally restricted to one city, and which can expire or be revoked; every request is logged): "
        "titles and their history (`read_register`), applications and quotas (`read_city_applications`, "
        "`read_province_applications`), the Art. 17 support list (`read_support_list`).\n\n"
        "Field names are stable English snake_case; coded values come as `{code, name_zh}` with the "
        "Chinese name; dates and times are ISO 8601 (times with the offset, Asia/Shanghai). Lists are "
        "paged by cursor: follow `next`. Every error has one shape: "
        "`{\"error\": {\"code\": ..., \"message\": ..., \"detail\": ...}}`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {},
    "COMPONENT_SPLIT_REQUEST": True,
}

# Security: strict whenever DEBUG is off; each can be relaxed explicitly behind a TLS-terminating proxy.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Probes speak plain HTTP to the process itself, behind the proxy: no redirect to HTTPS (portal.views.healthz).
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/$"]
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.request_id.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        # One JSON object a line for a log collector: time, level, logger, message, request id, exception.
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                 "json_ensure_ascii": False},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": env("LOG_FORMAT", default="plain" if DEBUG else "json")}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# The measures run until 2027-12-31 (Art. 19); rounds past it need a recorded extension (tiers).
MEASURES_END_DATE = "2027-12-31"
