"""Suite-wide fixtures.

With DATABASE_URL and REDIS_URL set the suite runs against PostgreSQL and
Redis; tests marked ``services`` need them. Outside CI a missing service skips
those tests; in CI (CI=true) it fails the run before any test starts."""

import os

import pytest
from django.core.management import call_command

IN_CI = os.environ.get("CI") == "true"


def missing_services():
    missing = []
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        missing.append("PostgreSQL (DATABASE_URL=postgres://…)")
    if not os.environ.get("REDIS_URL"):
        missing.append("Redis (REDIS_URL)")
    return missing


def pytest_sessionstart(session):
    missing = missing_services()
    if IN_CI and missing:
        pytest.exit("CI needs the real services: " + ", ".join(missing), returncode=3)


def pytest_collection_modifyitems(config, items):
    missing = missing_services()
    if not missing:
        return
    marker = pytest.mark.skipif(bool(missing), reason="needs " + ", ".join(missing))
    for item in items:
        if "services" in item.keywords:
            item.add_marker(marker)


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    """The 随县 demo site, loaded once per test database."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, force=True)


@pytest.fixture
def demo_db(demo, db):
    return None


@pytest.fixture
def demo_transactional(transactional_db):
    """The demo for tests that commit (threads, processes, real workers).

    Such tests flush the database when they end, migrations' data included;
    load_demo rebuilds that too (root page, locales, the review workflow)."""
    call_command("load_demo", verbosity=0, force=True)


@pytest.fixture(autouse=True)
def _fresh_workday_calendar():
    """Test rollbacks send no signals, so drop the cached calendar overrides."""
    from disclosure import workdays

    workdays.invalidate_cache(shared=False)
    yield
    workdays.invalidate_cache(shared=False)
