"""Django settings for Continuum.

Every setting comes from the environment with a default that is safe for
production: debugging off, HTTPS-only cookies, strict security headers. The
demo and the test runner relax only what plain HTTP on 127.0.0.1 needs, by
setting environment variables (see ``continuum/devtools``). The full list of
variables is in ``docs/operations.md``.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONTINUUM_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything but 1/true/yes/on is 'no'."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated variable into a list, dropping blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Use CONTINUUM_SECRET_KEY, else a random key kept in var/secret_key.

    Keeping a generated key on disk means sessions survive a restart of the
    demo without anyone having to invent a secret; production sets the
    variable from its secret store.
    """
    key = os.environ.get("CONTINUUM_SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


DEBUG = env_flag("CONTINUUM_DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("CONTINUUM_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CONTINUUM_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "csp",
    # Two-factor sign-in (continuum/web/two_factor.py): authenticator-app codes and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "continuum.core",
    "continuum.people",
    "continuum.journey",
    "continuum.looked_after",
    "continuum.web",
    "continuum.api",
    "continuum.publishing",
    # The IRO's and chair's own records: review records and the escalation log (continuum/oversight/).
    "continuum.oversight",
    "continuum.actions",
    "continuum.practice",
    # Community safety (issue 23): crime figures against targets and the cost-benefit model.
    "continuum.community_safety",
    # Quality assurance and learning (issue 19): case audits, practice reviews, Section 11.
    "continuum.assurance",
    # Organisations' plans with a RAG key as data (issue 20): the improvement plan first.
    "continuum.improvement",
    # Complaints, compliments and members' enquiries (issue 21).
    "continuum.complaints",
    # Partnership business (issue 22): boards, meetings, papers, minutes, packs, training.
    "continuum.partnership",
    # SEND (issue 24): EHC needs assessments on the 20-week clock, EHC plans and annual reviews.
    "continuum.send",
    # The background-job queue in PostgreSQL (continuum/jobs/): its tables come with its migrations.
    "procrastinate.contrib.django",
]

# The crime summary's colour rule (continuum/community_safety/summary.py): the colour of a rise
# and of a fall in offences on last year. A partnership whose pages use plum and sky blue sets them here.
COMMUNITY_SAFETY_CHANGE_COLOURS = {"increase": "red", "decrease": "blue"}

# Every job and the periodic schedule are registered by importing this one module (continuum/jobs/tasks.py).
PROCRASTINATE_IMPORT_PATHS = ["continuum.jobs.tasks"]
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = ""

# An open action (continuum/actions/) is "due soon" this many calendar days before its due date.
CONTINUUM_ACTION_DUE_SOON_DAYS = int(os.environ.get("CONTINUUM_ACTION_DUE_SOON_DAYS", "7"))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "continuum.web.middleware.SessionMiddleware",  # Django's, leaving 5xx responses alone
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "continuum.web.two_factor.require_second_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "continuum.web.middleware.no_store_for_signed_in",
    # After a write, the dashboards' fingerprint of the case record must see it at once.
    "continuum.web.dashboards.source.publish_write_statistics",
    # Axes must come last so it sees every failed sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "continuum.urls"
WSGI_APPLICATION = "continuum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "continuum.web.context.service",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL names any PostgreSQL server. Without it, Continuum uses the
# embedded server that ./run starts under var/ (see continuum/devtools/pg.py),
# reached over its Unix socket.
_EMBEDDED_SOCKET_DIR = VAR_DIR / "pg" / "data"
DATABASE_URL = os.environ.get("DATABASE_URL", f"postgres://postgres@/continuum?host={_EMBEDDED_SOCKET_DIR}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# Failed sign-ins (continuum/web/signin_limits.py): counted per user name and per client address
# separately; after CONTINUUM_SIGNIN_FAILURE_LIMIT of either, sign-in pauses for a delay that doubles
# with each further failure, from CONTINUUM_SIGNIN_FIRST_DELAY_SECONDS up to ..._LOCKOUT_MINUTES.
# The client address comes from X-Forwarded-For only through the proxies in CONTINUUM_TRUSTED_PROXIES.
CONTINUUM_SIGNIN_FAILURE_LIMIT = int(os.environ.get("CONTINUUM_SIGNIN_FAILURE_LIMIT", "5"))
CONTINUUM_SIGNIN_FIRST_DELAY_SECONDS = int(os.environ.get("CONTINUUM_SIGNIN_FIRST_DELAY_SECONDS", "30"))
CONTINUUM_SIGNIN_MAX_DELAY = timedelta(minutes=int(os.environ.get("CONTINUUM_SIGNIN_LOCKOUT_MINUTES", "15")))
CONTINUUM_TRUSTED_PROXIES = env_list("CONTINUUM_TRUSTED_PROXIES")
AXES_FAILURE_LIMIT = "continuum.web.signin_limits.failure_limit"
# How long failures are remembered after the last one (the pause itself is signin_limits.delay_after).
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CONTINUUM_SIGNIN_FORGET_MINUTES", "60")))
AXES_LOCKOUT_CALLABLE = "continuum.web.signin_limits.paused"
# Attempts made during a pause are refused unread and not counted: they neither lengthen it nor grow the next.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "continuum.web.signin_limits.client_ip"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Sessions: an idle timeout ------------------------------------------------
# A session ends after CONTINUUM_SESSION_TIMEOUT_MINUTES without a request, and
# when the browser closes: case records are open on shared office machines.
SESSION_COOKIE_AGE = int(os.environ.get("CONTINUUM_SESSION_TIMEOUT_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Transport security -----------------------------------------------------
# CONTINUUM_HTTPS is on by default. Only the demo and the tests, which serve
# plain HTTP on 127.0.0.1, turn it off.
HTTPS = env_flag("CONTINUUM_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_flag("CONTINUUM_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------
# ./run builds GOV.UK Frontend's assets and our compiled stylesheet into
# build/static at set-up (see the `run` script); collectstatic gathers them
# into var/static for production.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_flag("CONTINUUM_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_flag("CONTINUUM_STATIC_FROM_FINDERS", DEBUG)
# Files browsers ask for at the site's root whatever the page links (/favicon.ico): served as static
# files, so no view and no 404 line in the log for each new browser.
WHITENOISE_ROOT = BASE_DIR / "continuum" / "web" / "root"

# --- Logging: no personal data ----------------------------------------------
# Request logging records method, path and status only; paths carry record
# numbers, never names. Nothing logs request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A failed request is one line (its cause and where), not a chained traceback that may quote a value.
    "filters": {"one_line": {"()": "continuum.failures.OneLineFailures"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["one_line"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("CONTINUUM_LOG_LEVEL", "INFO")},
    # Libraries' step-by-step INFO (a PDF's seven steps, a font's subsetting) is not news to
    # whoever reads the console; their warnings still show.
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}

# --- Continuum's own settings -------------------------------------------------
CONTINUUM_SERVICE_NAME = "Continuum"
CONTINUUM_PHASE = os.environ.get("CONTINUUM_PHASE", "Alpha")
CONTINUUM_EXTRA_CLOSURE_DAYS = env_list("CONTINUUM_EXTRA_CLOSURE_DAYS")
# Caseload range (inclusive) outside which a worker is flagged; Barnet's target is 12–16.
CONTINUUM_CASELOAD_RANGE = (
    int(os.environ.get("CONTINUUM_CASELOAD_MIN", "12")),
    int(os.environ.get("CONTINUUM_CASELOAD_MAX", "16")),
)
CSRF_FAILURE_VIEW = "continuum.web.views.csrf_failure"
# The day the work trays, clocks and "not in the future" checks treat as today
# (YYYY-MM-DD; continuum/core/clock.py). Only a demo or a test sets it.
CONTINUUM_AS_OF = os.environ.get("CONTINUUM_AS_OF", "")
# The council's DfE LA number, written in statutory returns (CIN census <LEA>).
# Default 302 (Barnet), a real code, so synthetic returns pass rule 1530.
CONTINUUM_LA_CODE = os.environ.get("CONTINUUM_LA_CODE", "302")
# Uploaded return files, their reports and datasets imported from them are
# deleted this many days after upload (./run returns purge, and on each upload).
CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS = int(os.environ.get("CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS", "30"))
# Largest return file accepted by the upload page, in megabytes.
CONTINUUM_RETURN_UPLOAD_MAX_MB = int(os.environ.get("CONTINUUM_RETURN_UPLOAD_MAX_MB", "200"))
# Where uploaded return files, reports and imported datasets are kept.
# Generated reports (Performance Matters, the board table): one folder per version, named by a token.
CONTINUUM_REPORT_DIR = Path(os.environ.get("CONTINUUM_REPORT_DIR", VAR_DIR / "reports"))
CONTINUUM_RETURN_UPLOAD_DIR = Path(os.environ.get("CONTINUUM_RETURN_UPLOAD_DIR", VAR_DIR / "return_uploads"))
# Partner API tokens expire this many days after they are made (./run api-token create); for the
# last CONTINUUM_API_TOKEN_WARN_DAYS each response carries a Warning header naming the day.
CONTINUUM_API_TOKEN_DAYS = int(os.environ.get("CONTINUUM_API_TOKEN_DAYS", "365"))
CONTINUUM_API_TOKEN_WARN_DAYS = int(os.environ.get("CONTINUUM_API_TOKEN_WARN_DAYS", "30"))
# The database role the running app connects as (continuum/core/db_roles.py): it may append to the
# access log but not change or empty it. Migrations grant it its privileges.
CONTINUUM_DATABASE_APP_ROLE = os.environ.get("CONTINUUM_DATABASE_APP_ROLE", "continuum_app")
# Two-factor sign-in (an authenticator app, with recovery codes) for every role but board members.
# On by default; only the demo (synthetic data, shared printed passwords) and the tests turn it off.
CONTINUUM_REQUIRE_2FA = env_flag("CONTINUUM_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Continuum"
