"""Settings for Học vụ số, grouped by concern; each setting is set once, here. Every value that differs between
machines comes from ``lms.env`` (the one place that reads the environment).

Sections: the platform and its mode · apps, middleware, templates · database · cache and sessions · background
tasks and periodic jobs · accounts and sign-in · email · languages · static files, media and storages · Wagtail ·
security (cookies, headers, rate limits, Content-Security-Policy, uploads) · logging · each app's own settings
(reporting, personal data, certificates, H5P, quizzes).
"""

from __future__ import annotations

import hmac
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from lms.env import BASE_DIR, VAR_DIR, env, private_dir, private_file

# --- The platform and its mode ---------------------------------------------------------------------------------
PRODUCTION = env.is_production
_testing = env.bool("TESTING") or "pytest" in sys.modules  # the test suite: in-process cache, plain static storage
SECRET_KEY = env.secret_key()
DEBUG = env.bool("DEBUG", default=False)
_BASE_URL_SET = env.str("BASE_URL")  # read once; what it means is below, with the other addresses
_SERVED_URL_SET = env.str("SERVED_URL")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else [
    "127.0.0.1", "localhost", "[::1]",
    # `make run HOST=192.168.1.5`: the address served (SERVED_URL) or BASE_URL's host is allowed too
    *{urlsplit(url).hostname for url in (_SERVED_URL_SET, _BASE_URL_SET) if url and urlsplit(url).hostname},
])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# BASE_URL: the platform's public address. Every link sent out or stored (password reset, email confirmation,
# activation, notifications) is built from it, never from the request's Host header (issue 14: a forged Host put the
# attacker's domain into password-reset mails); so are the URLs printed on certificates and QR codes, the issuer's
# did:web (CERT_BASE_URL), and the Wagtail admin's links. Unset, it is the address this server was started on:
# SERVED_URL, which `make run` passes as http://HOST:PORT (issue 15: on another PORT every certificate pointed at
# port 8000). Links shown only on a page (the sitemap) follow the validated request host instead: lms/addresses.py.
BASE_URL_SET = bool(_BASE_URL_SET)
SERVED_URL = (_SERVED_URL_SET or "http://127.0.0.1:8000").rstrip("/")
BASE_URL = (_BASE_URL_SET or SERVED_URL).rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
CERT_BASE_URL = BASE_URL
WAGTAIL_SITE_NAME = "Học vụ số"

# --- Apps, middleware, templates ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Project apps (lms/ is the base every other app stands on)
    "lms",
    "lms.accounts",
    "lms.organisations",
    "lms.privacy",  # consent, the learner's copy of their data, erasure, the log of staff reads
    "quizzes",
    "courses",
    "courses.h5p",
    "courses.video",
    "certificates",
    "reporting",  # managers' dashboards and exports: reads every app, nothing imports it
    "reminders",  # deadline reminders, nudges, managers' reminders (email and SMS): beside reporting
    "classes",  # in-person guided sessions (issue 23): scheduling, registration, QR attendance; beside certificates
    "assistant",  # the learning assistant (issue 22): answers from published lessons; reads courses' selectors
    "api",  # the open API for outside systems (/api/v1/, OAuth clients, webhooks, xAPI); nothing imports it
    "demo",  # the demo site: seeds every app through its services (manage.py load_demo); nothing imports it
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.accounts.wagtail_users_app.WagtailUsersConfig",  # Wagtail's user admin with our forms (full name, phone…)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.socialaccount",  # the national identity (OpenID Connect): lms/accounts/oidc.py, docs/identity.md
    "allauth.socialaccount.providers.openid_connect",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    # django-tasks' database backend: installed whatever the backend, so its table exists on every database (switching
    # a deployment to the database backend needs no migration; the stale-task job is tested by the inline suite too)
    "django_tasks_db",
    "csp",  # Content-Security-Policy (django-csp; lms/csp.py)
    # The open API (api/): REST framework, its OpenAPI document and docs, OAuth 2.0 clients and tokens
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
]

MIDDLEWARE = [
    # Outermost: compresses what every other middleware produced (a lesson's 19.8 KB of HTML went uncompressed,
    # issue 15). BREACH: Django 5.2 puts up to 100 random bytes in each gzip header ("Heal the BREACH"), the CSRF
    # token is masked anew in every response, and the anonymous page cache (lms/pagecache.py) stores pages with the
    # token cut out. Static files are precompressed by whitenoise and not compressed again.
    "django.middleware.gzip.GZipMiddleware",
    # Second: stored pages for anonymous visitors (page cache) and signed-in learners (fast lane) answered before
    # the rest of the stack, which took three quarters of a core's capacity (issue 17; lms/frontdoor.py).
    "lms.frontdoor.FrontDoorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lms.csp.SiteCSPMiddleware",  # Content-Security-Policy with nonces; the admins get a relaxed policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "lms.authcache.CachedUserAuthenticationMiddleware",  # Django's, with the user and permissions from the cache
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.accounts.middleware.RateLimitedMiddleware",  # allauth's RateLimited (SMS codes) as a 429 page, not a 500
    "lms.privacy.middleware.ConsentRequiredMiddleware",  # an existing user answers the privacy notice first
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lms.db_routers.ReplicaReadsMiddleware",  # managers' pages read from the replica, if any
    "lms.processcache.SiteMiddleware",  # the request's Wagtail site from this process's memory
    "lms.routecache.RouteCacheMiddleware",  # Wagtail's routing of a page URL, cached per publish
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.site",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
private_dir(VAR_DIR)  # 0700: database, keys, mails, SMS and exports of the embedded mode (issue 14)
DATABASES = {
    "default": dj_database_url.parse(
        env.str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env.int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:") and not str(DATABASES["default"]["NAME"]).startswith("file:"):
        # Created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the database file's mode).
        private_file(Path(DATABASES["default"]["NAME"]))
    # WAL + a busy timeout so that gunicorn workers and the scheduler can share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A PostgreSQL read replica (streaming replication) for the managers' dashboards and exports: lms/db_routers.py
# sends their reads there; everything a learner does stays on the primary. Tests mirror it onto the primary.
_replica_url = env.str("DATABASE_REPLICA_URL")
REPLICA_DATABASE = "replica" if _replica_url else None
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["lms.db_routers.ReplicaRouter"]

# --- Cache and sessions (Redis when REDIS_URL is set) ---------------------------------------------
# django-redis, not Django's RedisCache: with IGNORE_EXCEPTIONS a Redis outage makes every cache read a miss and
# every write a no-op (logged), so pages still render from the database; Django's own backend raises instead.
# Short socket timeouts keep an unreachable Redis from stalling requests.
REDIS_URL = env.str("REDIS_URL")
if REDIS_URL:
    _redis_timeout = float(env.str("REDIS_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "lms.cache.DegradingRedisCache",  # django-redis whose add() grants when Redis is down
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", "lms"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": _redis_timeout,
                "SOCKET_TIMEOUT": _redis_timeout,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # cached_db: a session is written to the database and to Redis, and read from Redis first. Losing Redis
    # (restart, eviction, outage) logs nobody out: the read falls back to the database row.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Without Redis (the embedded mode of `make run`: several gunicorn workers) the cache must still be one for
    # all workers, or every rate limit and the log-in lock-out are counted per worker (issue 14). EMBEDDED_CACHE:
    # "database" (default: a table in the project's database, created by `migrate`), "file" (var/cache), or
    # "locmem" (one process only: the test suite, or a single worker).
    _embedded_cache = env.str("EMBEDDED_CACHE", "locmem" if _testing else "database")
    if _embedded_cache == "database":
        CACHES = {"default": {"BACKEND": "lms.cache.SharedDatabaseCache", "LOCATION": "lms_cache",
                              "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10}}}
    elif _embedded_cache == "file":
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                              "LOCATION": str(private_dir(VAR_DIR / "cache"))}}
    elif _embedded_cache == "locmem":
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    else:
        raise ImproperlyConfigured(f"EMBEDDED_CACHE must be 'database', 'file' or 'locmem', not {_embedded_cache!r}.")
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Full-page cache of anonymous Wagtail pages (lms/pagecache.py), emptied on publish/unpublish/move/delete.
# On by default only with Redis: an in-process cache is one per gunicorn worker, and a publish handled by one
# worker could not empty the others'.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE", default=bool(REDIS_URL))
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", 600)
# How long a process may trust its own copy of the page cache's generation for anonymous visitors (lms/localpages.py):
# a publish reaches them within this time from the other processes. 0: read it from Redis on every request.
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", 0.0 if _testing else 1.0)
# Signed-in pages served from one cached body per page plus the learner's parts (lms/fastlane.py, issue 17); on
# with Redis. FASTLANE_DEBUG_HEADER: an X-Fast-Lane header says hit / miss / why not (tests, benchmarks).
FASTLANE_ENABLED = env.bool("FASTLANE", default=bool(REDIS_URL))
FASTLANE_DEBUG_HEADER = env.bool("FASTLANE_DEBUG_HEADER", default=False)

# --- Background tasks (django-tasks) -------------------------------------------------------------
# Production: tasks are rows in the database, run by `manage.py db_worker` (django-tasks-db), so certificates,
# exports and emails survive a restart and do not hold a web worker. Embedded mode and the test suite: inline
# (ImmediateBackend). TASKS_BACKEND=database|immediate or a dotted backend path overrides the mode's default.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = env.str("TASKS_BACKEND", "database" if PRODUCTION else "immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_tasks_backend, _tasks_backend)}}
# A task still RUNNING this long after it started lost its worker (killed, machine gone): the periodic job
# lms.tasks.requeue_stale_tasks runs it again, up to TASKS_MAX_ATTEMPTS runs, then marks it failed.
TASKS_STALE_MINUTES = env.int("TASKS_STALE_MINUTES", 30)
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", 3)

# Periodic jobs, run by `manage.py run_scheduler` beside gunicorn: (dotted path, every N seconds).
PERIODIC_JOBS = [
    ("lms.jobs.publish_scheduled_pages", 60),
    ("quizzes.jobs.close_expired_attempts", 30),
    ("reporting.jobs.purge_expired_exports", 3600),  # export files older than EXPORT_RETENTION_HOURS
    ("reporting.jobs.fail_stale_exports", 300),  # export jobs that lost their worker (EXPORT_STALE_MINUTES)
    ("certificates.jobs.issue_missing_certificates", 600),  # a passed test whose certificate was lost with its process
    ("lms.privacy.jobs.complete_due_erasures", 900),  # erasures whose grace period is over
    ("reporting.jobs.purge_orphan_export_files", 6 * 3600),  # export files no job points at
    ("reporting.jobs.send_scheduled_exports", 3600),  # managers' weekly exports that are due (ExportSubscription)
    ("reporting.jobs.apply_pending_rollups", 60),  # dashboard counters: learners noted that no task applied yet
    ("reporting.jobs.reconcile_rollups", 24 * 3600),  # dashboard counters recomputed from the facts, drift repaired
    ("lms.organisations.jobs.purge_expired_roster_uploads", 900),  # roster files never confirmed (RosterUpload)
    ("courses.h5p.jobs.retry_lrs_forwarding", 600),
    ("courses.h5p.jobs.remove_stale_uploads", 3600),
    ("courses.video.jobs.remove_stale_work", 3600),
    ("lms.tasks.requeue_stale_tasks", 300),  # tasks RUNNING longer than TASKS_STALE_MINUTES
    ("courses.jobs.flush_visits", 10),  # lesson visits batched in Redis written to the database (courses/visits.py)
    ("reminders.jobs.plan_reminders", 3600),  # deadline reminders (14/3/1 days, overdue) and nudges that are due
    ("reminders.jobs.dispatch_reminders", 300),  # due reminders, in batches, to the task worker (not in quiet hours)
    ("api.jobs.send_due_webhooks", 60),  # webhook deliveries due (new, or retried with backoff)
    ("api.jobs.clear_expired_tokens", 3600),  # OAuth access tokens past their expiry
]

# --- Accounts -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # The lock-out applies to every password form, not only allauth's (Wagtail admin, Django admin, private pages).
    "lms.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_learning"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", "optional")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS_ENABLED = env.bool("ACCOUNT_RATE_LIMITS_ENABLED", default=True)
ACCOUNT_ADAPTER = "lms.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Học vụ số] "
ACCOUNT_FORMS = {
    "login": "lms.accounts.forms.LoginForm",
    "signup": "lms.accounts.forms.SignupForm",
    "reset_password": "lms.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "lms.accounts.forms.ResetPasswordKeyForm",
    "change_password": "lms.accounts.forms.ChangePasswordForm",
    "set_password": "lms.accounts.forms.SetPasswordForm",
    "add_email": "lms.accounts.forms.AddEmailForm",
    "reauthenticate": "lms.accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
# Phone login (allauth 65 phone support, the number stored in User.phone): on when an SMS gateway is set.
# Embedded mode writes texts to var/sms/; production has no default gateway (see lms/accounts/sms.py).
SMS_BACKEND = env.str("SMS_BACKEND", "" if PRODUCTION else "lms.accounts.sms.file_backend")
SMS_FILE_PATH = VAR_DIR / "sms"
ACCOUNT_PHONE_LOGIN = env.bool("ACCOUNT_PHONE_LOGIN", default=bool(SMS_BACKEND))
ACCOUNT_LOGIN_METHODS = {"email", "phone"} if ACCOUNT_PHONE_LOGIN else {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"] if ACCOUNT_PHONE_LOGIN else [
    "email*", "password1*", "password2*"]
if ACCOUNT_PHONE_LOGIN:
    ACCOUNT_PHONE_VERIFICATION_SUPPORTS_CHANGE = True
    ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
# SMS codes are digits only (the code field opens the phone's number pad): 6 digits, no dash.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
# Client IPs for rate limits: behind the production reverse proxy, the address it appends to X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)
# Log-in, sign-up and password reset (allauth; its own switch-off is ACCOUNT_RATE_LIMITS = False). "login_failed" is
# the account lock-out: 5 wrong passwords for one account within 15 minutes lock it until the oldest of them is
# 15 minutes old (the message says when); 20 a minute from one address. Generous per address: a commune's learning
# centre puts many people behind one IP.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": env.str("LOGIN_FAILED_RATE", "20/m/ip,5/15m/key"),  # key = account + source (lockout.py)
    "signup": "20/m/ip,200/h/ip",
    "reset_password": "20/m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
} if ACCOUNT_RATE_LIMITS_ENABLED else False

# --- National identity (OpenID Connect; docs/identity.md, lms/accounts/identity.py) ---------------------------------
# Off until OIDC_ISSUER is set. The national ID number is never stored: accounts are found by its HMAC under
# OIDC_ID_PEPPER (required in production; changing it unlinks every identity).
_oidc_issuer = (env.str("OIDC_ISSUER") or "").rstrip("/")
_oidc_pepper = env.str("OIDC_ID_PEPPER")
if _oidc_issuer and PRODUCTION and not _oidc_pepper:
    raise ImproperlyConfigured("OIDC_ID_PEPPER is required when OIDC_ISSUER is set in production.")
OIDC = {
    "ISSUER": _oidc_issuer,
    "PROVIDER_ID": env.str("OIDC_PROVIDER_ID", "vneid"),
    "PEPPER": _oidc_pepper or hmac.new(SECRET_KEY.encode(), b"oidc-national-id", "sha256").hexdigest(),
    "CLOCK_SKEW": env.int("OIDC_CLOCK_SKEW", 60),  # seconds either way for exp, iat, nbf
    "ID_TOKEN_MAX_AGE": env.int("OIDC_ID_TOKEN_MAX_AGE", 600),  # an older iat is refused
    "ALGORITHMS": env.list("OIDC_ALGORITHMS", ["RS256", "PS256", "ES256"]),  # asymmetric only
    "USERINFO": env.bool("OIDC_USERINFO", default=True),  # also read userinfo (same subject only)
    "CLAIMS": {
        "national_id": env.str("OIDC_CLAIM_NATIONAL_ID", "national_id"),
        "full_name": env.str("OIDC_CLAIM_FULL_NAME", "name"),
        "birthdate": env.str("OIDC_CLAIM_BIRTHDATE", "birthdate"),
        "phone": env.str("OIDC_CLAIM_PHONE", "phone_number"),
    },
}
SOCIALACCOUNT_ADAPTER = "lms.accounts.oidc.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "lms.accounts.forms.IdentitySignupForm"}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never match an account by an email the provider sends
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REAUTHENTICATION_REQUIRED = True  # linking: the password now, then the provider's own log-in
SOCIALACCOUNT_REQUESTS_TIMEOUT = env.int("OIDC_TIMEOUT", 5)
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "lms.accounts.oidc.NationalIdentityProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [{
            "provider_id": OIDC["PROVIDER_ID"],
            "name": env.str("OIDC_PROVIDER_NAME", "VNeID"),
            "client_id": env.str("OIDC_CLIENT_ID", ""),
            "secret": env.str("OIDC_CLIENT_SECRET", ""),
            "settings": {
                "server_url": _oidc_issuer,
                "scope": env.str("OIDC_SCOPES", "openid profile phone").split(),
                "oauth_pkce_enabled": True,
                "fetch_userinfo": False,  # lms.accounts.oidc reads userinfo itself (OIDC_USERINFO)
            },
        }] if _oidc_issuer else [],
    },
}

# --- Email (console/file in embedded mode) --------------------------------------------------------
# With a real task queue, mail goes through it (lms/mail.py): a slow or unreachable SMTP server never holds a web
# worker, and a failed send is a failed task that can be seen and retried. The worker delivers with
# EMAIL_DELIVERY_BACKEND (what the environment's EMAIL_BACKEND names). Inline tasks (embedded mode, tests) send at once.
EMAIL_DELIVERY_BACKEND = env.str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend",
)
_email_via_tasks = env.bool("EMAIL_VIA_TASKS", default=TASKS["default"]["BACKEND"] == _TASK_BACKENDS["database"])
EMAIL_BACKEND = "lms.mail.QueuedEmailBackend" if _email_via_tasks else EMAIL_DELIVERY_BACKEND
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Học vụ số <no-reply@hocvuso.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# locale_admin/: Vietnamese for the Wagtail admin where Wagtail's own catalogue lacks it (after the project's, before apps).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_admin"]
FORMAT_MODULE_PATH = ["lms.formats"]  # one date format per language: lms/formats/<lang>/formats.py
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not PRODUCTION)
MEDIA_ROOT = env.str("MEDIA_ROOT", str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not _testing
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Hashed files (name.0123abcd.css from the manifest storage) get whitenoise's `max-age=315360000, immutable`; the
# others WHITENOISE_MAX_AGE. Media: the local disk above unless an S3-compatible bucket is configured
# (django-storages): AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL (MinIO, Ceph, Viettel/FPT clouds…),
# AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the instance's role), AWS_S3_CUSTOM_DOMAIN (a CDN
# in front of a public bucket; otherwise links are signed and expire after AWS_QUERYSTRING_EXPIRE seconds).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _custom_domain = env.str("AWS_S3_CUSTOM_DOMAIN")
    S3_MEDIA_OPTIONS = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL"),
        "region_name": env.str("AWS_S3_REGION_NAME"),
        "access_key": env.str("AWS_ACCESS_KEY_ID"),
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY"),
        "custom_domain": _custom_domain,
        "location": env.str("AWS_MEDIA_LOCATION", "media"),
        "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=not _custom_domain),
        "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", 3600),
        "file_overwrite": False,
        "default_acl": None,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": S3_MEDIA_OPTIONS}
    WAGTAILDOCS_SERVE_METHOD = "redirect"  # documents are fetched from the bucket, not through a web worker
# Export files are personal data: a private storage outside MEDIA_ROOT, downloaded through a scoped view. With a
# bucket configured the worker that writes an export and the web server that hands it out may be different
# machines: the files go to a private prefix of the bucket (never behind the CDN; signed links only).
if AWS_STORAGE_BUCKET_NAME and env.bool("EXPORTS_IN_BUCKET", default=True):
    STORAGES["exports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_MEDIA_OPTIONS,
            "location": env.str("AWS_EXPORTS_LOCATION", "private/exports"),
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
else:
    STORAGES["exports"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.str("EXPORT_ROOT", str(VAR_DIR / "exports"))},
    }

# --- Wagtail --------------------------------------------------------------------------------------
# Slugs are ASCII (giu-an-toan-…, not %-encoded Vietnamese): the admin folds titles with lms/slug_widget.py, pages
# saved without a slug get lms.slugs.ascii_slug (AsciiSlugMixin).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Search: PostgreSQL/SQLite full text by default; OpenSearch or Elasticsearch when WAGTAILSEARCH_URL is set
# (WAGTAILSEARCH_ENGINE=opensearch (default, opensearch-py) | elasticsearch (elasticsearch 9 client), or a
# dotted Wagtail backend path). After switching, `manage.py update_index` fills the index.
WAGTAILSEARCH_URL = env.str("WAGTAILSEARCH_URL")
_SEARCH_ENGINES = {
    "opensearch": "wagtail.search.backends.opensearch3",
    "elasticsearch": "wagtail.search.backends.elasticsearch9",
}
if WAGTAILSEARCH_URL:
    _engine = env.str("WAGTAILSEARCH_ENGINE", "opensearch")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": _SEARCH_ENGINES.get(_engine, _engine),
            "URLS": env.list("WAGTAILSEARCH_URL", default=[]),
            "INDEX_PREFIX": env.str("WAGTAILSEARCH_INDEX_PREFIX", "hocvuso_"),
            "TIMEOUT": env.int("WAGTAILSEARCH_TIMEOUT", 5),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "mp4", "webm", "mp3", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Fields one request may carry (Django refuses more with 400 before any view runs). The biggest real forms: a
# lesson editor with knowledge checks at their block limits (10 questions × 12 choices ≈ 850 fields per check,
# three checks ≈ 2,600); a standard test's whole attempt form is ~250 (30 questions). Was 10,000: a request
# repeating one field 5,000 times then reached the views (issue 12); the quiz views also refuse repeats themselves.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3_000
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Avatars from this site only: Gravatar would send a hash of every admin's email to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Security: cookies and headers ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "lms.views.csrf_failure"  # templates/403_csrf.html, in the learner's language
X_FRAME_OPTIONS = "SAMEORIGIN"
# SAMEORIGIN, not DENY: Wagtail's live preview and the H5P player frame pages of this same site.
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Security: rate limits ------------------------------------------------------------------------------------
# The project's own limits (lms/ratelimit.py): answer saving per learner, the public verification pages per
# address. xAPI statements use H5P_XAPI_RATE_PER_MINUTE per learner and activity. Off with the allauth switch.
RATE_LIMITS_ENABLED = ACCOUNT_RATE_LIMITS_ENABLED
RATE_LIMITS = {
    "answer": env.str("ANSWER_RATE", "120/m"),  # answers saved (a whole-form save of 30 changed answers counts 30)
    "answer_requests": env.str("ANSWER_REQUEST_RATE", "300/m"),  # requests to save, whatever they carry
    "verify": env.str("VERIFY_RATE", "60/m"),
    "password_reset_sms": env.str("PASSWORD_RESET_SMS_RATE", "3/15m"),  # reset codes by SMS per phone number
    "password_reset_sms_ip": env.str("PASSWORD_RESET_SMS_IP_RATE", "20/h"),  # … and per address
    "csp_report": "30/m",
    "assistant": env.str("ASSISTANT_RATE", "10/m"),  # questions to the learning assistant, per learner (or address)
    "assistant_rate": "30/m",  # thumbs up/down on its answers
    "class_checkin": env.str("CLASS_CHECKIN_RATE", "10/m"),  # QR check-ins per learner (or address): scans, confirms
    "class_register": env.str("CLASS_REGISTER_RATE", "30/m"),  # registrations and cancellations per learner
    "class_mark": env.str("CLASS_MARK_RATE", "600/m"),  # a trainer's marks (an offline queue syncs many at once)
    "video_watch": env.str("VIDEO_WATCH_RATE", "30/m"),  # a lesson video's watched seconds, per learner
    "offline_sync": "30/m",  # batches of offline progress sent back (courses/offline.py)
}

# --- Security: Content-Security-Policy (django-csp 4, lms/csp.py) ----------------------------------------------
# Nonces for the site's scripts; the admins get a relaxed policy.
CSP_FRAME_HOSTS = env.list("CSP_FRAME_HOSTS", default=[
    "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com",
])
_CSP_COMMON = {
    "default-src": [SELF],
    "img-src": [SELF, "data:", "blob:"],
    "media-src": [SELF, "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, *CSP_FRAME_HOSTS],
    "frame-ancestors": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "report-uri": "/csp-report/",
}
# The one inline script of the H5P player: h5p-standalone writes it into its about:blank iframe, which inherits this
# policy (courses/h5p/static/h5p/player/frame.bundle.js; tests/security/test_csp.py checks the hash still matches).
CSP_H5P_FRAME_SCRIPT_HASH = "'sha256-8CniZYrnO46q7MvZ3m08Wom1HH/ZhyXmm29kBKTV1rk='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": [SELF, NONCE, CSP_H5P_FRAME_SCRIPT_HASH],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "upgrade-insecure-requests": PRODUCTION,
    },
}
CSP_ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/", "/h5p/preview/")
CSP_ADMIN_DIRECTIVES = {
    **_CSP_COMMON,
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],  # embed thumbnails and image previews
    "upgrade-insecure-requests": PRODUCTION,
}

# --- Security: uploaded files ----------------------------------------------------------------------------------
# Uploaded files (lms/uploads.py): documents must match their extension and are always downloaded, never shown
# inline; images are checked by Wagtail (format = extension, size, pixels; no SVG).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lms.uploads.DocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# --- Logging ----------------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "WARNING")},
}

# --- Reporting (managers' dashboards and exports) -------------------------------------------------
# Exports of more rows than this run as a background job (django-tasks) instead of streaming at once.
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", 50_000)
# Finished export files are kept this long, then purged (PERIODIC_JOBS: reporting.jobs.purge_expired_exports).
EXPORT_RETENTION_HOURS = env.int("EXPORT_RETENTION_HOURS", 72)
# Reliability: a job neither done nor failed this long after its creation lost its worker; it is marked failed.
# Longer than the task queue's own retries (lms.tasks.requeue_stale_tasks: TASKS_MAX_ATTEMPTS runs, each declared
# lost after TASKS_STALE_MINUTES), so that a job the queue is still re-running is not failed under it.
EXPORT_STALE_MINUTES = env.int("EXPORT_STALE_MINUTES", TASKS_STALE_MINUTES * TASKS_MAX_ATTEMPTS + 30)
# Where export files are kept: STORAGES["exports"] (static files, media and storages above).

# --- Personal data (lms/privacy, docs/security.md "Personal data") ----------------------------------
# A learner's request to delete their account is carried out this many hours later (they may cancel it until then);
# Decree 13/2023/ND-CP art. 16(3) asks for deletion within 72 hours, so the service caps it at 70.
PRIVACY_ERASURE_GRACE_HOURS = env.int("PRIVACY_ERASURE_GRACE_HOURS", 48)

# --- Reminders (reminders/README.md) ----------------------------------------------------------------
# Days before a requirement's deadline when its reminder is sent (and one more once it is overdue).
REMINDER_DAYS_BEFORE = [int(d) for d in env.list("REMINDER_DAYS_BEFORE", ["14", "3", "1"])]
# The overdue reminder is planned only this many days after the deadline (an old requirement does not wake up).
REMINDER_OVERDUE_WINDOW_DAYS = env.int("REMINDER_OVERDUE_WINDOW_DAYS", 7)
# Nothing is sent in these local hours (TIME_ZONE); messages wait until they end. Empty: no quiet hours.
REMINDER_QUIET_HOURS = env.str("REMINDER_QUIET_HOURS", "21:00-07:00")
# A manager's reminder skips a person who already got this many reminders in the last seven days.
REMINDER_WEEKLY_LIMIT = env.int("REMINDER_WEEKLY_LIMIT", 3)
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", 200)  # deliveries per task
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", 3)  # gateway errors before a delivery is failed
REMINDER_RETRY_MINUTES = env.int("REMINDER_RETRY_MINUTES", 15)  # wait after a gateway error (× attempts)
REMINDER_CLAIM_MINUTES = env.int("REMINDER_CLAIM_MINUTES", 15)  # a claim older than this lost its worker
# Reminder SMS go through SMS_BACKEND (lms.accounts.sms, above); email through the email settings.

# --- Certificates ---------------------------------------------------------------------------------
# Public URLs printed on certificates and QR codes, and the issuer's did:web: CERT_BASE_URL (= BASE_URL, above).
# Ed25519 signing key for Open Badges (base64 of the 32-byte seed, or a PKCS#8 PEM). Embedded mode generates one
# in CERT_KEY_DIR on first use; production refuses to sign without CERT_SIGNING_KEY.
CERT_SIGNING_KEY = env.str("CERT_SIGNING_KEY")
# Or a file holding it (a mounted secret, readable by the application only): replacing the file rotates the key.
CERT_SIGNING_KEY_FILE = env.str("CERT_SIGNING_KEY_FILE")
CERT_KEY_DIR = VAR_DIR / "keys"
CERT_REQUIRE_SIGNING_KEY = PRODUCTION
# Public keys of retired signing keys (base64url, 32 bytes each, comma-separated) kept in the DID document so that
# credentials signed before a rotation still verify.
CERT_PREVIOUS_PUBLIC_KEYS = env.list("CERT_PREVIOUS_PUBLIC_KEYS", default=[])
CERT_DEFAULT_ISSUING_BODY = env.str("CERT_ISSUING_BODY", "Nền tảng Bình dân học vụ số")

# --- Video (courses/video, docs/video.md) ----------------------------------------------------------------------
# Uploads are kept in VIDEO_ROOT/originals/ (never served) and transcoded by the task worker with ffmpeg into
# VIDEO_ROOT/renditions/<id>/<revision>/ (small and medium MP4, a poster). VIDEO_BASE_URL: where the player fetches
# them; default the project's /video/files/ (range requests); production: the web server or a CDN on that folder.
VIDEO_ROOT = env.str("VIDEO_ROOT", f"{MEDIA_ROOT}/video")
VIDEO_BASE_URL = env.str("VIDEO_BASE_URL", "/video/files/")
VIDEO_MAX_UPLOAD_BYTES = env.int("VIDEO_MAX_UPLOAD_BYTES", 500 * 1024 * 1024)
VIDEO_MAX_DURATION_SECONDS = env.int("VIDEO_MAX_DURATION_SECONDS", 60 * 60)
VIDEO_FFMPEG_THREADS = env.int("VIDEO_FFMPEG_THREADS", 2)

# --- H5P (courses/h5p) ---------------------------------------------------------------------------------------
# Unpacked packages live in H5P_ROOT (libraries/<Machine-x.y>/, content/<id>/), on a local filesystem.
# H5P_CONTENT_BASE_URL: where the player fetches them. Default: the project's /h5p/files/ (same origin, so the
# session cookie is sent too); production should serve H5P_ROOT from a cookieless domain (see courses/h5p/README.md).
H5P_ROOT = env.str("H5P_ROOT", f"{MEDIA_ROOT}/h5p")
H5P_CONTENT_BASE_URL = env.str("H5P_CONTENT_BASE_URL", "/h5p/files/")
H5P_MAX_UPLOAD_BYTES = env.int("H5P_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)
H5P_MAX_UNPACKED_BYTES = env.int("H5P_MAX_UNPACKED_BYTES", 300 * 1024 * 1024)
H5P_MAX_FILES = env.int("H5P_MAX_FILES", 3000)
H5P_MAX_FILE_BYTES = env.int("H5P_MAX_FILE_BYTES", 100 * 1024 * 1024)
H5P_XAPI_MAX_BYTES = env.int("H5P_XAPI_MAX_BYTES", 64 * 1024)
H5P_XAPI_RATE_PER_MINUTE = env.int("H5P_XAPI_RATE_PER_MINUTE", 120)
# Optional forwarding of stored statements to an external LRS (xAPI 1.0.3, basic auth).
H5P_LRS_ENDPOINT = env.str("H5P_LRS_ENDPOINT", "")
H5P_LRS_USERNAME = env.str("H5P_LRS_USERNAME", "")
H5P_LRS_PASSWORD = env.str("H5P_LRS_PASSWORD", "")
H5P_LRS_MAX_ATTEMPTS = env.int("H5P_LRS_MAX_ATTEMPTS", 3)

# --- The learning assistant (assistant/, docs/assistant.md) ----------------------------------------------------
# Optional generative step: an OpenAI-compatible chat-completions server (vLLM, Ollama…). Unset: extractive only.
ASSISTANT_LLM_URL = env.str("ASSISTANT_LLM_URL", "")
ASSISTANT_LLM_MODEL = env.str("ASSISTANT_LLM_MODEL", "")
ASSISTANT_LLM_KEY = env.str("ASSISTANT_LLM_KEY", "")
ASSISTANT_LLM_TIMEOUT = env.int("ASSISTANT_LLM_TIMEOUT", 8)
# Who a learner can ask when the lessons have no answer (a phone number, an address, a page), shown as written.
ASSISTANT_HELP_CONTACT = env.str("ASSISTANT_HELP_CONTACT", "")

# --- Quizzes ----------------------------------------------------------------------------------------------------
QUESTION_IMPORT_MAX_BYTES = env.int("QUESTION_IMPORT_MAX_BYTES", 5 * 1024 * 1024)


# --- The open API (api/, docs/api.md) ------------------------------------------------------------------------
# OAuth 2.0 client credentials (django-oauth-toolkit): client secrets are stored hashed (DOT's default), access
# tokens live API_TOKEN_SECONDS and are never refreshed (a client asks for a new one), expired ones are deleted
# by api.jobs.clear_expired_tokens. A client gets only the scopes an administrator gave it (api.scopes).
OAUTH2_PROVIDER = {
    "SCOPES": {"completions:read": "completions:read", "certificates:read": "certificates:read",
               "roster:write": "roster:write", "statements:read": "statements:read"},
    "SCOPES_BACKEND_CLASS": "api.scopes.ClientScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("API_TOKEN_SECONDS", 3600),
    # Client credentials issue no refresh tokens; an age limit all the same, so that the hourly cleartokens job
    # removes expired tokens outright (without it DOT warns at every run and keeps tokens bound to a refresh token).
    "REFRESH_TOKEN_EXPIRE_SECONDS": 86400,
    # RFC 9700 (OAuth 2.0 Security BCP), as DOT recommends ahead of its 4.0 defaults: tokens stored as a SHA-256
    # checksum only (a copied database holds no usable token), none accepted in a query string, no password or
    # implicit grant, PKCE S256 only.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    # Authorisation-code settings (this platform issues no codes: client credentials only), compliant all the same
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
# Only the schema generator is set globally: Wagtail's admin API (the page explorer) runs on REST framework with its
# own session authentication and the framework's defaults; the open API sets its own on its views (api/views.py).
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Học vụ số API",
    "DESCRIPTION": "The open API for the systems around the platform (docs/api.md).",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PREPROCESSING_HOOKS": ["api.schema.only_api"],
    "OAUTH2_FLOWS": ["clientCredentials"],
    "OAUTH2_TOKEN_URL": "/api/oauth/token/",
}
RATE_LIMITS["api"] = env.str("API_RATE", "600/m")  # calls per client (ApiClient.rate overrides it)
API_PAGE_SIZE = 500  # rows per page unless ?limit= asks for fewer or more (up to API_MAX_PAGE_SIZE)
API_MAX_PAGE_SIZE = 20000  # a page streams (server-side cursor), so a large one costs no memory
# Webhook deliveries: tries, and the waits between them (seconds; the last wait repeats).
API_WEBHOOK_ATTEMPTS = env.int("API_WEBHOOK_ATTEMPTS", 8)
API_WEBHOOK_BACKOFF = [30, 120, 600, 1800, 3600, 6 * 3600]
API_WEBHOOK_TIMEOUT = 10
