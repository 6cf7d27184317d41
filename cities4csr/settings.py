"""cities4csr settings: one module, every value read from the environment.

`.env.example` lists every variable. The defaults give a working development
set-up (embedded SQLite), except DEBUG: it is off unless DEBUG=True is set (the
Makefile targets and pytest set it), so a deployment that forgets it does not run in
debug with a development key; it must then provide SECRET_KEY and ALLOWED_HOSTS, or
the process refuses to start.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key")
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"]
    )
else:
    # No default secrets in production: fail loudly instead of running insecurely.
    try:
        SECRET_KEY = env("SECRET_KEY")
        ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(
            "Production (DEBUG=False) needs SECRET_KEY and ALLOWED_HOSTS in the environment."
        ) from error

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin integration wins.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "partnerships",
    "ulg",
    "iap",
    "portal",
    # Infrastructure (audit, page cache, two-factor, uploads, open-data registry):
    # imports no domain app; last, so its ready() sees every app's models.
    "core",
]

MIDDLEWARE = [
    # Outermost: a lost or hanging database answers 503 wherever it is noticed, also
    # in the session and user loading below (a signed-in visitor's first query).
    "core.outage.DatabaseUnavailableMiddleware",
    # Before anything reads the request: refuse what must never reach the database
    # (NUL bytes) or be read in full (oversized bodies).
    "core.request_guard.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag from the content, 304 when unchanged; above the page cache so cached
    # pages get it too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Above sessions and CSRF: it must see the Vary: Cookie and cookies they add.
    "core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.twofactor.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out client is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cities4csr.urls"
WSGI_APPLICATION = "cities4csr.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Reuse connections, but check them first so a restarted database is picked up
# again without restarting the app.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that accepts connections but never answers must not hold every worker
# until gunicorn kills it: connecting and each statement have a time limit, and
# core.outage answers 503 when one runs out.
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=5)
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=20_000)
_database_options = DATABASES["default"].setdefault("OPTIONS", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _database_options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
    _database_options.setdefault("options", f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Seconds to wait for another worker's write lock; IMMEDIATE takes that lock at
    # the start of a transaction, so two workers never both read, then both fail to
    # write ("database is locked") — the shared cache's counters rely on it.
    _database_options.setdefault("timeout", DATABASE_CONNECT_TIMEOUT)
    _database_options.setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds page-cache entries, API throttle counts and proposal rate limits:
# it is shared by every worker and node, or the limits count per process
# (core/cache.py). Redis when REDIS_URL is set (failing open: a Redis outage slows
# pages, it breaks nothing), else a table in the database. CACHE_URL overrides both
# (locmemcache:// for a single process, as the tests use).
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": env("REDIS_URL"),
            # Seconds: a dead or unreachable Redis costs a request this, not a hang.
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_SOCKET_TIMEOUT", default=0.5),
            },
        }
    }
elif env("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
else:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.SharedDatabaseCache",
            "LOCATION": "core_cache",  # core.cache.DATABASE_CACHE_TABLE, made by core's migration
            # Past this many entries a third are culled, rate-limit counts included:
            # room for every cached page and every client counted.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
CACHE_IS_SHARED = CACHES["default"]["BACKEND"] not in (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
# A Redis outage lets requests through rather than refusing everyone
# (django-ratelimit; DRF's throttles fail open by themselves).
RATELIMIT_FAIL_OPEN = True

# Sessions in the database by default, which every app node shares;
# "django.contrib.sessions.backends.cached_db" adds the (shared Redis) cache in front.
SESSION_ENGINE = env("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

# How long an anonymous public page stays cached (core/page_cache.py); any
# change to a shown record empties the cache before that. 0 turns it off.
# On by default whenever the cache is shared (Redis or the database); a per-process
# local-memory cache would not see the invalidations of the other workers, so it
# stays off there.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600 if CACHE_IS_SHARED else 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Italian first: the platform's first user is the Comune di Milano.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "it"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("it",)
# The admin's translation tabs use jQuery UI: served from here (npm), not Google's CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files on local disk, or, with several app nodes, on S3-compatible storage
# (django-storages) shared by all of them. The bucket is private: files are read
# through the app's download views (iap/downloads.py) or short-lived signed URLs.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads (toolbox files, plan documents, images): see core/uploads.py.
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# Request bodies: core.request_guard answers 413, before reading a byte, to a body
# larger than the largest upload plus this margin (the other form fields);
# form fields without files are held in memory up to Django's own limit.
REQUEST_BODY_MARGIN_BYTES = env.int("REQUEST_BODY_MARGIN_BYTES", default=1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cities4csr@localhost")
# Seconds an SMTP connection may take: the outbox (core/outbox.py) tries a message
# once right after the request's transaction commits, so a hanging mail server
# costs a visitor at most this; `send_queued_email` retries what failed, with
# back-off, up to OUTBOX_MAX_ATTEMPTS times, and purges messages (personal data)
# OUTBOX_RETENTION_DAYS after they were sent.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=5)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=30)

LOGIN_URL = "admin:login"

# The single contact point: proposals a visitor (IP address) may send, and how long
# declined or never-converted proposals keep the proposer's personal data.
PROPOSAL_RATE_LIMIT = env("PROPOSAL_RATE_LIMIT", default="10/h")
PROPOSAL_RETENTION_DAYS = env.int("PROPOSAL_RETENTION_DAYS", default=365)

# The legal pages' facts only the administration running the site knows: the data
# controller and its data protection officer (privacy notice), the accessibility
# feedback channel and the date of the accessibility statement. An empty one is shown
# as a visible gap ("da completare a cura del titolare"), never made up.
PRIVACY_CONTROLLER = env("PRIVACY_CONTROLLER", default="")
PRIVACY_CONTROLLER_CONTACT = env("PRIVACY_CONTROLLER_CONTACT", default="")
PRIVACY_DPO = env("PRIVACY_DPO", default="")
PRIVACY_DPO_CONTACT = env("PRIVACY_DPO_CONTACT", default="")
ACCESSIBILITY_FEEDBACK_URL = env("ACCESSIBILITY_FEEDBACK_URL", default="")
# YYYY-MM-DD, checked and turned into a date where the statement is shown.
ACCESSIBILITY_STATEMENT_DATE = env("ACCESSIBILITY_STATEMENT_DATE", default="")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first, so an anonymous write is told 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # JSON only: errors never come back as an HTML page.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "core.errors.api_exception_handler",
}
# Requests per anonymous client (IP); empty turns throttling off.
API_ANONYMOUS_THROTTLE_RATE = env("API_ANONYMOUS_THROTTLE_RATE", default="120/minute") or None
SPECTACULAR_SETTINGS = {
    "TITLE": "cities4csr API",
    "DESCRIPTION": "Public-private CSR partnerships of the CITIES4CSR city network.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "PartnershipStatusEnum": "partnerships.models.Partnership.Status",
        "PlanStatusEnum": "iap.models.IntegratedActionPlan.Status",
        "ActionStatusEnum": "iap.models.Action.Status",
        "CityRoleEnum": "partnerships.models.City.Role",
        "ParticipationRoleEnum": "partnerships.models.Participation.Role",
        "MembershipRoleEnum": "ulg.models.Membership.Role",
    },
}

IMPORT_EXPORT_USE_TRANSACTIONS = True

# -- Security -------------------------------------------------------------------
# Always on: these cost nothing in development.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Two-factor authentication (core/twofactor.py) for the admin and workspace.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "cities4csr"

# Login protection (django-axes): after 5 failures for a username from one address,
# that pair is locked out for the cool-off time, even with the right password.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# Usernames and addresses are masked in django-axes' own log lines; lockouts go to
# the audit log (core/audit.py) instead of axes' chatty start-up lines.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
AXES_VERBOSE = False
# Behind N trusted proxies the client address is the one they add to
# X-Forwarded-For; with none, only REMOTE_ADDR counts (the header could be forged).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer probes /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

# Content-Security-Policy (django-csp 4): everything from this origin, no inline or
# eval'd scripts (a template that really needs one uses the nonce, {{ CSP_NONCE }}),
# no plugins, no framing. The API documentation pages loosen it per view
# (core/api_docs.py). Style *attributes* stay allowed because the bar charts set
# a computed width in one; <style> elements and style sheets must come from us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        # Bootstrap Italia's style sheet embeds its video player's icon font as data:.
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logformat.RedactingJsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "audit": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "core.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
    },
}
