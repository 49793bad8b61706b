"""Settings shared by every environment; values come from the environment."""

import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "home",
    "disclosure",
    "interaction",
    "search",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Wagtail's admin says "…秒之前" through humanize: its catalogue is
    # loaded only with the app installed.
    "django.contrib.humanize",
    "govsite",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL bytes and other input no view should see: a Chinese 400.
    "govsite.security.middleware.HostileInputMiddleware",
    "govsite.security.csp.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Anonymous pages from the shared cache, before sessions and routing.
    "disclosure.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "govsite.security.middleware.IdleTimeoutMiddleware",
    "govsite.security.middleware.AdminOTPMiddleware",
    "govsite.security.middleware.AdminNoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Explains the publishing gate's refusals (disclosure/review/gate.py).
    "disclosure.middleware.RefusalMiddleware",
    # Last: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "govsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_shell",
            ],
        },
    },
]

WSGI_APPLICATION = "govsite.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses any login while the account or the address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Every account is a staff account (citizens have none): at least 12
# characters from at least three of lower case, upper case, digits, symbols,
# not like the person's names. The e-mail address is left out of the
# similarity check: every account's domain is the county's (suixian.gov.cn),
# which says nothing about the person.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name")},
    },
    {
        "NAME": "govsite.security.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "govsite.security.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": 3},
    },
]

# Sessions end after SESSION_IDLE_TIMEOUT_MINUTES without a request from the
# signed-in user (govsite.security.middleware.IdleTimeoutMiddleware), and at
# the latest SESSION_COOKIE_AGE seconds after signing in.
SESSION_IDLE_TIMEOUT = 60 * env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
SESSION_COOKIE_HTTPONLY = True

# Admin login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins
# for one account, or AXES_IP_FAILURE_LIMIT from one client address (an
# office behind one NAT address), further attempts are refused for
# AXES_COOLOFF_MINUTES, even with the right password. Attempts are kept in
# the database, so a Redis outage changes nothing.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_HANDLER = "govsite.security.lockout.AccountAndAddressHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=30) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "interaction.mailbox.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "govsite.security.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-factor login (django-otp, TOTP apps such as 微信/支付宝 authenticators or
# Google Authenticator). Anyone may enrol at /admin/otp/setup/; once enrolled
# the code is asked at every login. With ADMIN_OTP_REQUIRED, superusers
# (webmasters) and reviewers (the units' 审核 groups and 保密审查员) must
# enrol before they can use the admin; ADMIN_OTP_REQUIRED_GROUPS adds groups.
ADMIN_OTP_REQUIRED = env.bool("ADMIN_OTP_REQUIRED", default=False)
ADMIN_OTP_REQUIRED_GROUPS = env.list("ADMIN_OTP_REQUIRED_GROUPS", default=[])
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="随县人民政府网站")

# The client's address behind reverse proxies (interaction.mailbox.clientip):
# CLIENT_IP_HEADER is believed only from the networks in TRUSTED_PROXIES
# (comma-separated CIDRs); the right-most untrusted address in it is the
# client. Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = [
    str(ipaddress.ip_network(value, strict=False))
    for value in env.list("TRUSTED_PROXIES", default=[])
]
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", default="X-Forwarded-For")

# Content-Security-Policy (django-csp) for the public site; the admin gets
# what Wagtail's editors need on top (govsite.security.csp). Nothing is
# loaded from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

# zh-hans is the source language of the content and of the interface.
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# locale/: the public site's strings in zh-hant and en (``make messages``);
# govsite/locale/: zh-hans for the admin strings Wagtail and wagtail-localize
# ship untranslated (it overrides their catalogues).
LOCALE_PATHS = [BASE_DIR / "locale", PROJECT_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Redis is optional: without it the cache is per-process and Celery runs eagerly,
# so the embedded default needs no service at all.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
                # A Redis outage degrades to no cache instead of failing every
                # page (Wagtail caches its site root paths); letters and their
                # notifications keep going (interaction.outbox).
                "IGNORE_EXCEPTIONS": True,
            },
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="govsite"),
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# The full-page cache (disclosure/pagecache.py) for anonymous visitors, in the
# default cache (Redis when configured: shared by every worker and host).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=600)
# A request carrying any other cookie (a session: a signed-in editor) is
# served without the cache. display_mode (长者模式) is part of the key.
PAGE_CACHE_COOKIES = ["csrftoken", "display_mode", "django_language"]
# A caching proxy or CDN in front (deploy/nginx/): Wagtail sends it an HTTP
# PURGE for a page's URLs when the page is published or unpublished.
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL", default="")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
PAGE_CACHE_SKIP = (
    "/admin/",
    "/django-admin/",
    "/documents/",
    "/api/",
    "/static/",
    "/media/",
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # The notification outbox: re-send whatever the per-notice task left behind.
    "interaction-sweep-outbox": {"task": "interaction.sweep_outbox", "schedule": 60.0},
    # Rate-limit windows counted in the database during a Redis outage.
    "interaction-purge-rate-limits": {
        "task": "interaction.purge_rate_limits",
        "schedule": crontab(minute=17),
    },
    # Letter deadlines: reminders, 督办 of overdue letters, closing unrated ones.
    "interaction-check-deadlines": {
        "task": "interaction.check_deadlines",
        "schedule": crontab(hour=7, minute=30),
    },
    # 依申请公开: reminders 3 working days before due, overdue alerts, 补正
    # periods run out (withdrawn), consultations past 15 working days.
    "interaction-check-application-deadlines": {
        "task": "interaction.check_application_deadlines",
        "schedule": crontab(hour=7, minute=40),
    },
    # The mailbox's monthly report for the leadership, on the 1st.
    "interaction-monthly-report": {
        "task": "interaction.monthly_report",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    # 在线调查: open and close surveys at the start of every minute (answers
    # are accepted by the clock; this does the status, count and summary).
    "interaction-surveys-tick": {
        "task": "interaction.surveys_tick",
        "schedule": crontab(minute="*"),
    },
    # Results of the surveys under way, counted again every five minutes.
    "interaction-surveys-refresh-results": {
        "task": "interaction.surveys_refresh_results",
        "schedule": crontab(minute="*/5"),
    },
    # Mask the phone numbers of sent survey SMS, drop dead codes, old exports.
    "interaction-surveys-housekeeping": {
        "task": "interaction.surveys_housekeeping",
        "schedule": crontab(minute="3-59/10"),
    },
    # 在线访谈 and 意见征集 switch state at their set minute.
    "interaction-switch-interviews": {
        "task": "interaction.switch_interviews",
        "schedule": crontab(),
    },
    "interaction-switch-consultations": {
        "task": "interaction.switch_consultations",
        "schedule": crontab(),
    },
    # 意见采纳情况反馈: reminders, and the county office told of overdue ones.
    "interaction-check-consultation-feedback": {
        "task": "interaction.check_consultation_feedback",
        "schedule": crontab(hour=7, minute=40),
    },
    # Site health against the inspection rules, stored for the dashboard.
    "disclosure-site-health": {
        "task": "disclosure.site_health",
        "schedule": crontab(minute=25, hour="*/3"),
    },
    # The county office's monthly 政务公开通报, on the 1st.
    "disclosure-monthly-bulletin": {
        "task": "disclosure.monthly_bulletin",
        "schedule": crontab(day_of_month=1, hour=6, minute=30),
    },
    # Annual report deadlines: reminders in January and March.
    "interaction-annual-report-reminders": {
        "task": "interaction.annual_report_reminders",
        "schedule": crontab(month_of_year="1,3", day_of_month="2,15,25", hour=8),
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="webmaster@suixian.gov.cn")
SMS_BACKEND = env("SMS_BACKEND", default="interaction.sms.ConsoleSMSBackend")
# Keyed hashes of survey participants' phone numbers (interaction/surveys).
SURVEY_HASH_KEY = env("SURVEY_HASH_KEY", default="")

# Search: the database backend, taught Chinese (search/backends.py), is the
# embedded default; Elasticsearch or OpenSearch take over when their URL is
# configured (search/elastic.py). Both index the same normalised, segmented
# text (繁→简, character pairs), so the search behaves alike on each; after
# switching, run ``manage.py update_index``.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
OPENSEARCH_URL = env("OPENSEARCH_URL", default="")
if ELASTICSEARCH_URL or OPENSEARCH_URL:
    # The backends bring their analysis settings (whitespace: text arrives
    # segmented).
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.elastic.ChineseElasticsearch8SearchBackend"
            if ELASTICSEARCH_URL
            else "search.opensearch.ChineseOpenSearch2SearchBackend",
            "URLS": [ELASTICSEARCH_URL or OPENSEARCH_URL],
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", default="govsite_"),
            "TIMEOUT": 10,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}

WAGTAIL_SITE_NAME = "随县人民政府"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "doc",
    "odt",
    "pdf",
    "txt",
    "xlsx",
    "xls",
    "zip",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Images are refused above this many pixels before they are decoded
# (decompression bombs), as letter attachments are (MAILBOX_MAX_IMAGE_PIXELS).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# An edit after a review step was approved starts the review again.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "disclosure.review.finish.publish_approved"
# Explicit saves only: Wagtail's autosave raced the editor's own 保存草稿 (two
# requests creating the same page on the add view; on the edit view a draft
# captured before the last keystrokes could land after them), and every
# autosave would be a revision that restarts a review.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# A translation is created as a draft; it goes online through the review
# workflow like any page (the publishing gate refuses anything else).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# 繁體中文 is converted from 简体中文 by OpenCC (and kept in step by the
# disclosure.update_traditional task); English is translated by people.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "disclosure.translation.opencc_translator.OpenCCTranslator",
    "OPTIONS": {"CONFIG": "s2tw"},
}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
# Nothing from other hosts: no update check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
