"""VolunteerHub settings: one file, driven by environment variables (SQLite in var/ by default)."""

import os
from pathlib import Path

import dj_database_url
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VOLUNTEERHUB_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Production sets SECRET_KEY and the keys below (`volunteerhub keys generate` prints fresh ones; `volunteerhub check
# --deploy` errs without them). Development keys (this default, the others derived from it) are allowed only with
# DEBUG or in the demo (VOLUNTEERHUB_DEMO=1): elsewhere `serve`, `worker` and the WSGI/ASGI apps refuse to start.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
DEVELOPMENT_KEYS = DEBUG or env_bool("VOLUNTEERHUB_DEMO", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000")

# Keys for personal data, each a secret of its own: field encryption, Fernet keys comma-separated and newest first
# (values are encrypted with the first and decrypted with any; `volunteerhub keys rotate` moves them to the first),
# and the blind index (HMAC of the look-up hashes; never rotated, every stored hash depends on it).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
BLIND_INDEX_KEY = os.environ.get("BLIND_INDEX_KEY", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "volunteerhub.core",
    "volunteerhub.regions",
    "volunteerhub.accounts",
    "volunteerhub.workdays",
    "volunteerhub.organizations",
    "volunteerhub.volunteers",
    "volunteerhub.activities",
    "volunteerhub.hours",
    "volunteerhub.training",
    "volunteerhub.insurance",
    "volunteerhub.agreements",
    "volunteerhub.records",
    "volunteerhub.needs",
    "volunteerhub.callouts",
    "volunteerhub.maps",
    "volunteerhub.stats",
    "volunteerhub.dashboards",
    "volunteerhub.articles",
    "volunteerhub.awards",
    "volunteerhub.exchange",
    "volunteerhub.notifications",
    "volunteerhub.audit",
    "volunteerhub.home",
    "volunteerhub.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON compressed for a weak signal (static files come compressed from WhiteNoise above); Django pads
    # each compressed answer at random against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "volunteerhub.core.middleware.RequestContextMiddleware",
    "volunteerhub.core.middleware.JsonBodiesMiddleware",
    "volunteerhub.core.inputs.ControlCharactersMiddleware",
    "volunteerhub.core.middleware.SecurityHeadersMiddleware",
]
# The API endpoints that take a file (multipart/form-data); every other API write takes JSON only.
API_UPLOAD_PATHS = [r"/api/v1/exchange/imports/", r"/api/v1/needs/\d+/evidence$", r"/api/v1/me/credentials$"]  # patterns
ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "volunteerhub.core.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "volunteerhub.accounts.context.policy_consent",
            ],
            "builtins": ["volunteerhub.core.templatetags.bilingual"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'volunteerhub.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters travel apart from the SQL, so psycopg prepares a statement the connection runs again and
    # again (token lookups, map rows, sign-ups; after 5 runs): PostgreSQL plans it once, not on every request.
    # DB_SERVER_SIDE_BINDING=0 turns it off (e.g. behind PgBouncer in transaction mode before 1.21).
    if os.environ.get("DB_SERVER_SIDE_BINDING", "1") != "0":
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DATABASES["default"].setdefault("TEST", {})
if os.environ.get("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"]["NAME"] = os.environ["TEST_DATABASE_NAME"]

# --- Read replicas and a pooler (issue 21; docs/scale.md) ------------------------------------------------------
# DATABASE_POOLED=1: the databases are reached through PgBouncer in transaction mode, where a session lasts one
# transaction: no server-side cursors and no prepared statements kept on a server connection.
DATABASE_POOLED = env_bool("DATABASE_POOLED", False)
# Streaming replicas (comma-separated URLs) become the aliases replica1, replica2...: inside a request for one of
# REPLICA_READ_PATHS (patterns), reads of REPLICA_READ_APPS' models go to a replica lagging at most
# REPLICA_MAX_LAG_SECONDS (else the primary answers); a client that has just written (any POST, PUT, PATCH,
# DELETE) reads from the primary for READ_YOUR_WRITES_SECONDS. Writes always go to the primary.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", "")
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "5"))
READ_YOUR_WRITES_SECONDS = int(os.environ.get("READ_YOUR_WRITES_SECONDS", "10"))
REPLICA_READ_PATHS = env_list("REPLICA_READ_PATHS", r"/map$,/map/,/api/v1/map/,/activities/$,/api/v1/activities$,"
                              r"/articles/,/api/v1/articles,/stats/$,/api/v1/stats")
REPLICA_READ_APPS = env_list("REPLICA_READ_APPS", "regions,organizations,activities,needs,maps,articles,stats")
DATABASE_REPLICAS = []
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "OPTIONS": {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 2},  # libpq's least
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(f"replica{_number}")
if DATABASE_POOLED:
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
        _database.setdefault("OPTIONS", {}).pop("server_side_binding", None)
        _database["OPTIONS"]["prepare_threshold"] = None
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["volunteerhub.core.replicas.ReplicaRouter"]
    MIDDLEWARE = [*MIDDLEWARE, "volunteerhub.core.replicas.ReplicaReadsMiddleware"]

# Cache (the dashboard's rendered fragments, stats.freshness): local memory in each process by default,
# correct with several processes too since fragments are keyed by a data version kept in the database;
# CACHE_URL=redis://127.0.0.1:6379/1 shares them between processes (needs the `redis` package).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
          if CACHE_URL.startswith(("redis://", "rediss://")) else
          {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "volunteerhub",
           "OPTIONS": {"MAX_ENTRIES": 2000}}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"  # each role lands on its own home

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "volunteerhub.accounts.passwords.LettersAndDigitsValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # catalogs made by scripts/i18n_convert.py and makemessages
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Static files are fingerprinted (name.<hash>.css) and kept beside their Brotli and gzip copies by `collectstatic`,
# which every server start runs (`volunteerhub serve`); WhiteNoise serves the fingerprinted ones as immutable and
# cacheable for ten years, so a phone on a weak signal fetches each only once. The tests use plain storage
# (config/test_settings.py); the servers they start (bench/, the page-weight test) run collectstatic as production does.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "volunteerhub.core.staticfiles.CompressedManifestStorage"},
}
# The Brotli and gzip copies, kept by the digest of their content (volunteerhub/core/staticfiles.py): shared by every
# var directory of a checkout, so servers started on fresh data directories (tests, the demo) do not compress again.
STATIC_COMPRESSED_DIR = Path(os.environ.get("STATIC_COMPRESSED_DIR", BASE_DIR / "var" / "compressed"))
# Source maps are for developers' tools: not compressed (the API docs' bundles bring several megabytes of them).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "volunteerhub.core.logging.MaskPersonalDataFilter"},
                "no_traceback_for_refusals": {"()": "volunteerhub.core.logging.NoTracebackForRefusalsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"filters": ["no_traceback_for_refusals"]}},
}

# --- Domain configuration -------------------------------------------------------------------
# Star levels by cumulative approved hours (DOMAIN.md: 100/300/600/1000/1500 is the common scale).
STAR_LEVEL_THRESHOLDS = [int(x) for x in env_list("STAR_LEVEL_THRESHOLDS", "100,300,600,1000,1500")]
# How raw minutes become hours: "quarter" (15-min steps), "half_hour" (<15 -> 0, 15-45 -> .5,
# 45-60 -> 1), or "exact" (to the minute, two decimals).
HOURS_ROUNDING_RULE = os.environ.get("HOURS_ROUNDING_RULE", "half_hour")
# Training hours are kept apart from service (2020 Measures); some local rules count them toward totals and stars.
TRAINING_COUNTS_AS_SERVICE = env_bool("TRAINING_COUNTS_AS_SERVICE", False)
# Days after an activity is finished during which its organisers may still give or change evaluations.
EVALUATION_EDIT_DAYS = int(os.environ.get("EVALUATION_EDIT_DAYS", "7"))
CHECKIN_RADIUS_M = float(os.environ.get("CHECKIN_RADIUS_M", "500"))
CHECKIN_EARLY_MINUTES = int(os.environ.get("CHECKIN_EARLY_MINUTES", "30"))
CHECKIN_TOKEN_TTL_SECONDS = int(os.environ.get("CHECKIN_TOKEN_TTL_SECONDS", "60"))
CHECKIN_TOKEN_KEY = os.environ.get("CHECKIN_TOKEN_KEY", "")  # signs the check-in QR codes: a key of their own
NEED_BLUR_RADIUS_M = float(os.environ.get("NEED_BLUR_RADIUS_M", "500"))
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")  # empty: offline basemap from the boundaries
PUBLIC_NOTICE_WORKING_DAYS = int(os.environ.get("PUBLIC_NOTICE_WORKING_DAYS", "5"))
REMINDER_HOURS_BEFORE = [int(x) for x in env_list("REMINDER_HOURS_BEFORE", "24,2")]
CORPS_NAME = os.environ.get("CORPS_NAME", "滨州市卫生健康志愿服务总队")
CITY_REGION_CODE = os.environ.get("CITY_REGION_CODE", "371600")

# --- Hostile input ------------------------------------------------------------------------------
# Proxies in front of the servers that append the client's address to X-Forwarded-For (0: none, the peer is the
# client). Lock-outs and rate limits count per address, so this must be right in production.
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
# Bearer tokens (the mini-program's sign-in) end this many days after they were issued, or after this many
# days unused; signing out, a password change, a change of rights and deactivation end them at once.
API_TOKEN_MAX_AGE_DAYS = int(os.environ.get("API_TOKEN_MAX_AGE_DAYS", "30"))
API_TOKEN_IDLE_DAYS = int(os.environ.get("API_TOKEN_IDLE_DAYS", "7"))
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))  # per mobile number, then locked
LOGIN_LOCK_SECONDS = int(os.environ.get("LOGIN_LOCK_SECONDS", "900"))
LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("LOGIN_IP_FAILURE_LIMIT", "50"))
REGISTRATION_RATE_PER_HOUR = int(os.environ.get("REGISTRATION_RATE_PER_HOUR", "20"))  # per address
# Codes texted to a mobile (registration, a forgotten password): 6 digits, valid 10 min, one resend a minute,
# burnt after 5 wrong tries; so many sent per mobile and per address an hour. Sent by SMS_CODE_SENDER, a
# function (phone, text, key) -> bool: the SMS adapter, named here so accounts does not import notifications.
SMS_CODE_TTL_SECONDS = int(os.environ.get("SMS_CODE_TTL_SECONDS", "600"))
SMS_CODE_RESEND_SECONDS = int(os.environ.get("SMS_CODE_RESEND_SECONDS", "60"))
SMS_CODE_MAX_TRIES = int(os.environ.get("SMS_CODE_MAX_TRIES", "5"))
SMS_CODE_PER_PHONE_PER_HOUR = int(os.environ.get("SMS_CODE_PER_PHONE_PER_HOUR", "5"))
SMS_CODE_PER_IP_PER_HOUR = int(os.environ.get("SMS_CODE_PER_IP_PER_HOUR", "30"))
SMS_CODE_SENDER = "volunteerhub.notifications.sms.send_text"
NEED_RELEASES_PER_MONTH = int(os.environ.get("NEED_RELEASES_PER_MONTH", "3"))  # a volunteer gives needs back
NEED_POSTING_RATE_PER_HOUR = int(os.environ.get("NEED_POSTING_RATE_PER_HOUR", "10"))  # per account
# A person registered on their behalf takes the account with their own mobile by a one-time code an organiser
# hands them: it expires after this many hours; wrong tries are counted per person (then locked) and per address.
ACCOUNT_CLAIM_CODE_HOURS = int(os.environ.get("ACCOUNT_CLAIM_CODE_HOURS", "72"))
ACCOUNT_CLAIM_FAILURE_LIMIT = int(os.environ.get("ACCOUNT_CLAIM_FAILURE_LIMIT", "5"))  # per person, then locked
ACCOUNT_CLAIM_RATE_PER_HOUR = int(os.environ.get("ACCOUNT_CLAIM_RATE_PER_HOUR", "20"))  # tries per address
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
CSP_EXTRA_IMG_SRC = env_list("CSP_EXTRA_IMG_SRC", "")  # e.g. the tile server's origin
# Behind TLS (a reverse proxy sets X-Forwarded-Proto): secure cookies and HSTS.
if env_bool("HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# What an uploaded spreadsheet (.xlsx, a zip) may unpack to, checked before it is opened: twice a full roster (20,000
# rows of every column unpack to about 12 MB).
MAX_UPLOAD_UNCOMPRESSED_BYTES = int(os.environ.get("MAX_UPLOAD_UNCOMPRESSED_BYTES", str(24 * 1024 * 1024)))

# --- Stats, articles, commendations, data exchange (issue 5) ---------------------------------
# ECharts comes from the npm package pinned in volunteerhub/dashboards/assets/package.json, bundled by `make install`
# (`npm ci` then `npm run build` there) with only the charts the pages draw (echarts.entry.js) into build/;
# pages fall back to their tables when it is absent.
ECHARTS_DIST = BASE_DIR / "volunteerhub" / "dashboards" / "assets" / "build"
if (ECHARTS_DIST / "echarts.min.js").is_file():
    STATICFILES_DIRS = [*globals().get("STATICFILES_DIRS", []), ("vendor/echarts", ECHARTS_DIST)]
ARTICLE_COVER_MAX_BYTES = int(os.environ.get("ARTICLE_COVER_MAX_BYTES", str(2 * 1024 * 1024)))
# Roles whose exports carry clear resident ID numbers (the national system needs them); others get masks.
EXCHANGE_CLEAR_ID_ROLES = env_list("EXCHANGE_CLEAR_ID_ROLES", "city_admin")

# --- Activities and hours (helper_a) ---------------------------------------------------------
CHECKOUT_GRACE_MINUTES = int(os.environ.get("CHECKOUT_GRACE_MINUTES", "120"))  # QR check-out after the end
# Certificates: a TrueType CJK font is embedded (reportlab cannot embed CFF/OpenType-PostScript fonts such
# as Noto CJK). The first existing file wins; Debian's fonts-wqy-zenhei provides the default.
CERTIFICATE_FONT_PATHS = env_list("CERTIFICATE_FONT_PATHS", ",".join([
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
]))
CERTIFICATE_PERSON_IN_CHARGE = os.environ.get("CERTIFICATE_PERSON_IN_CHARGE", "王建国")
CERTIFICATE_HANDLING_OFFICER = os.environ.get("CERTIFICATE_HANDLING_OFFICER", "志愿服务管理办公室")
CERTIFICATE_CONTACT = os.environ.get("CERTIFICATE_CONTACT", "0543-3160000")

# --- Map and needs (issue 4) ------------------------------------------------------------------
# Leaflet's JS/CSS come from the installed django-leaflet package, served as static files
# (the app itself is not installed: it would need GDAL).
import leaflet as _leaflet_package  # noqa: E402

STATICFILES_DIRS = [*globals().get("STATICFILES_DIRS", []), Path(_leaflet_package.__file__).parent / "static"]
# Each server process keeps a nearest index of the service posts, built in the background whenever the
# posts' data version moves (the database answers meanwhile); off: the database always answers.
MAP_INDEX_BACKGROUND_BUILD = env_bool("MAP_INDEX_BACKGROUND_BUILD", True)
MAP_CENTER = (37.3825, 117.9707)  # Binzhou city centre, WGS-84
MAP_TILE_COORD = os.environ.get("MAP_TILE_COORD", "wgs84")  # the system of MAP_TILE_URL's tiles (AMap: gcj02)
# Basemaps the map page offers, the first the default: tianditu (needs MAP_TIANDITU_KEY, a 天地图 browser key),
# amap and tencent (GCJ-02: overlays are shifted onto them). With none usable the offline outline map is drawn.
MAP_TIANDITU_KEY = os.environ.get("MAP_TIANDITU_KEY", "")
MAP_BASEMAPS = env_list("MAP_BASEMAPS", "tianditu")
MAP_TENCENT_KEY = os.environ.get("MAP_TENCENT_KEY", "")  # the referer of "navigate here" links to 腾讯地图
_MAP_TILE_ORIGINS = {"tianditu": "https://*.tianditu.gov.cn", "amap": "https://*.is.autonavi.com",
                     "tencent": "https://*.map.gtimg.com"}
CSP_EXTRA_IMG_SRC = [*CSP_EXTRA_IMG_SRC, *(_MAP_TILE_ORIGINS[n] for n in MAP_BASEMAPS if n in _MAP_TILE_ORIGINS)]

# --- Notifications, background work, WeChat and SMS (issue 6) ----------------------------------
import json as _json  # noqa: E402

# Tasks go to the database queue and run in `volunteerhub worker`; TASKS_BACKEND=immediate runs them inline.
TASKS = {"default": {"BACKEND": {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}[os.environ.get("TASKS_BACKEND", "database")]}}
# Deliveries to WeChat/SMS: retried with exponential back-off (base * 2**(attempt-1), capped), then failed.
DELIVERY_MAX_ATTEMPTS = int(os.environ.get("DELIVERY_MAX_ATTEMPTS", "5"))
DELIVERY_BACKOFF_SECONDS = int(os.environ.get("DELIVERY_BACKOFF_SECONDS", "60"))
DELIVERY_BACKOFF_MAX_SECONDS = int(os.environ.get("DELIVERY_BACKOFF_MAX_SECONDS", "21600"))
DELIVERY_CLAIM_TIMEOUT_SECONDS = int(os.environ.get("DELIVERY_CLAIM_TIMEOUT_SECONDS", "600"))
# Default quiet hours (local time) for WeChat and SMS; each person may change theirs. The in-app inbox
# is never held back. Urgent kinds (a cancelled activity, the last reminder before a start) go through.
NOTIFICATION_QUIET_HOURS = os.environ.get("NOTIFICATION_QUIET_HOURS", "22:00-07:00")
NOTIFICATION_URGENT_KINDS = env_list("NOTIFICATION_URGENT_KINDS", "activity_cancelled,need_assigned")
NOTIFICATION_URGENT_REMINDER_HOURS = int(os.environ.get("NOTIFICATION_URGENT_REMINDER_HOURS", "2"))
# Kinds worth a text message (SMS costs money); a person must also have allowed SMS.
NOTIFICATION_SMS_KINDS = env_list("NOTIFICATION_SMS_KINDS", "activity_reminder,activity_cancelled,waitlist_promoted,"
                                  "need_assigned,need_matched,star_level")
SCHEDULER_INTERVAL_SECONDS = int(os.environ.get("SCHEDULER_INTERVAL_SECONDS", "60"))
# What the scheduler runs each time (core.scheduler): name -> job(now=...) of the app that owns it.
# Working days each stage of a need may take, by urgency (1 normal, 2 soon, 3 urgent), unless a deadline rule
# in the back-office says otherwise for a kind: accepted, started (from being taken), finished (from posting),
# called back (from being done). 0: by the end of the day.
# The site's public address, for links in text messages to people without the app (a one-tap rating link).
PUBLIC_SITE_URL = os.environ.get("PUBLIC_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
RATING_LINK_DAYS = int(os.environ.get("RATING_LINK_DAYS", "14"))
QUIZ_ATTEMPTS_PER_DAY = int(os.environ.get("QUIZ_ATTEMPTS_PER_DAY", "3"))  # per course and volunteer
NEED_DEADLINE_WORKING_DAYS = {
    1: {"accept": 1, "start": 2, "finish": 5, "callback": 3},
    2: {"accept": 1, "start": 1, "finish": 3, "callback": 3},
    3: {"accept": 0, "start": 1, "finish": 2, "callback": 2},
}
SCHEDULED_JOBS = {
    "reminders": "volunteerhub.activities.reminders.reminders_enqueue_due",
    "deliveries": "volunteerhub.notifications.services.deliveries_sweep",
    "needs_expired": "volunteerhub.needs.services.needs_expire",
    "needs_escalated": "volunteerhub.needs.escalation.needs_escalate",
    "credentials_expiry": "volunteerhub.activities.credential_expiry.credentials_remind_and_expire",
    "callouts": "volunteerhub.callouts.services.callouts_remind",
}
# Credentials: the volunteer is reminded this many days before one expires; on expiry, future sign-ups it gated go.
CREDENTIAL_REMIND_DAYS_BEFORE = int(os.environ.get("CREDENTIAL_REMIND_DAYS_BEFORE", "30"))
# Suitability and workload (志愿服务条例 Art. 15): age range per activity kind as JSON {"kind": [min, max]} (null: no
# bound); at most so many hours of confirmed service a day and so many days of service in a row.
ACTIVITY_AGE_LIMITS = _json.loads(os.environ.get("ACTIVITY_AGE_LIMITS", "{}"))
WORKLOAD_MAX_HOURS_PER_DAY = float(os.environ.get("WORKLOAD_MAX_HOURS_PER_DAY", "10"))
WORKLOAD_MAX_CONSECUTIVE_DAYS = int(os.environ.get("WORKLOAD_MAX_CONSECUTIVE_DAYS", "14"))
# WeChat mini-program: code-to-session login and subscribe messages. Empty app id: WeChat is off.
WECHAT_API_BASE = os.environ.get("WECHAT_API_BASE", "https://api.weixin.qq.com")
WECHAT_APP_ID = os.environ.get("WECHAT_APP_ID", "")
WECHAT_APP_SECRET = os.environ.get("WECHAT_APP_SECRET", "")
WECHAT_TIMEOUT_SECONDS = float(os.environ.get("WECHAT_TIMEOUT_SECONDS", "10"))
# Subscribe-message template per notification kind ("*" for any other kind), as JSON, and the template's
# field names for the title, the body and the time (they differ per template in the WeChat console).
WECHAT_TEMPLATES = _json.loads(os.environ.get("WECHAT_TEMPLATES", "{}"))
WECHAT_TEMPLATE_FIELDS = _json.loads(os.environ.get(
    "WECHAT_TEMPLATE_FIELDS", '{"title": "thing1", "body": "thing2", "time": "time3"}'))
WECHAT_MINIPROGRAM_STATE = os.environ.get("WECHAT_MINIPROGRAM_STATE", "formal")  # developer|trial|formal
WECHAT_INBOX_PAGE = os.environ.get("WECHAT_INBOX_PAGE", "pages/inbox/index")  # opened from a message
# SMS: one adapter, provider "console" (development: logged), "http" (a JSON gateway) or "" (off).
SMS_PROVIDER = os.environ.get("SMS_PROVIDER", "console")
SMS_API_BASE = os.environ.get("SMS_API_BASE", "")
SMS_API_KEY = os.environ.get("SMS_API_KEY", "")
SMS_SIGN = os.environ.get("SMS_SIGN", "滨州卫健志愿")
SMS_TIMEOUT_SECONDS = float(os.environ.get("SMS_TIMEOUT_SECONDS", "10"))
# The gateway's answer codes: 0 sent; these refused (not retried), retried later, or failed for good.
SMS_REFUSED_CODES = env_list("SMS_REFUSED_CODES", "1001,1002")  # unsubscribed, blacklisted number
SMS_RETRY_CODES = env_list("SMS_RETRY_CODES", "1010,1011")  # rate limited, quota used up
SMS_FAILED_CODES = env_list("SMS_FAILED_CODES", "1020,1021")  # bad template, bad parameters
# Replies texted to us: the gateway POSTs {from, text} to /api/v1/sms/inbound with this secret in X-SMS-Secret
# (empty: inbound is off); each handler (user=, text=) -> reply or None is asked in turn.
SMS_INBOUND_SECRET = os.environ.get("SMS_INBOUND_SECRET", "")
SMS_INBOUND_HANDLERS = env_list("SMS_INBOUND_HANDLERS", "volunteerhub.callouts.services.callout_answer_by_sms")
