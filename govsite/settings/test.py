import os
import uuid

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"

# Tests run tasks inline unless a test starts a real worker (tests/integration).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405

# Tests read pages' context; the page cache's own tests switch it on.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=False)  # noqa: F405

# Site health never checks external links over the internet in tests.
SITE_HEALTH_LINK_CHECKER = "disclosure.reports.health.assume_alive"

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each test run keys the shared Redis apart, so that rate-limit counters and
# cached pages of one run (or of another checkout) never leak into the next.
# Worker and server subprocesses inherit the environment, hence the same keys.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = os.environ.setdefault(  # noqa: F405
        "CACHE_KEY_PREFIX", f"test-{uuid.uuid4().hex[:12]}"
    )
