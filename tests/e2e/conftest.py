"""Browser journeys: Playwright drives Debian's Chromium against the site served
by gunicorn from a database of its own, built once per session with the demo."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.workers import free_port, gunicorn_argv

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The environment the site runs with, for manage() (set by live_site).
SITE_ENV = {}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            raise pytest.UsageError(f"Chromium not found at {CHROMIUM}")
        marker = pytest.mark.skipif(
            not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"
        )
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(marker)


def _e2e_database_url(tmp_dir):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_dir / 'e2e.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    # Named after the configured database, so parallel runs don't collide.
    name = f"{parts.path.lstrip('/') or 'govsite'}_e2e"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("e2e")
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="govsite.settings.test",
        DATABASE_URL=_e2e_database_url(tmp_dir),
        MEDIA_ROOT=str(tmp_dir / "media"),
        # The site's own cache keys: rate limits spent by other tests in this
        # run (submitting letters from 127.0.0.1) must not refuse the citizen.
        CACHE_KEY_PREFIX=f"e2e-{uuid.uuid4().hex[:12]}",
        CELERY_TASK_ALWAYS_EAGER="true",
    )
    SITE_ENV.update(env)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "-v0", "--force"]):
        subprocess.run(manage + command, env=env, cwd=ROOT, check=True)
    port = free_port()
    server = subprocess.Popen(gunicorn_argv(port), env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the site did not come up") from None
            time.sleep(0.3)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(tmp_dir, ignore_errors=True)


def manage(*args):
    """Run a management command against the live site's database (for a
    state no browser can reach, such as a review in flight before a rule
    change); returns its standard output."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=SITE_ENV,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_site):
    context = browser.new_context(base_url=live_site, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, username, password="Suixian2026!"):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def act(page, button, message="已"):
    """Press a step's button in the admin and see it confirmed."""
    from playwright.sync_api import expect

    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(message)


def submit_menu(page, name):
    """Choose ``name`` in the page editor's 更多动作 menu."""
    page.get_by_role("button", name=re.compile("更多动作|More actions")).click()
    page.get_by_role("button", name=re.compile(name)).click()


def open_new_item_form(page, unit_slug="lishan"):
    """The admin form of a new disclosure item in the unit's column."""
    columns = page.request.get(
        f"/api/v2/pages/?type=disclosure.UnitColumnPage&slug={unit_slug}"
    )
    column_id = columns.json()["items"][0]["id"]
    page.goto(f"/admin/pages/add/disclosure/disclosureitempage/{column_id}/")


def approve(browser, page, username, edit_url, confirm=False):
    """``username`` approves the page's review step in a browser of their own."""
    from playwright.sync_api import expect

    context = browser.new_context(base_url=page.url.split("/admin")[0])
    reviewer = context.new_page()
    login(reviewer, username)
    reviewer.goto(edit_url)
    submit_menu(reviewer, "审核通过")
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_label("审核意见").fill("同意")
    if confirm:
        dialog.get_by_label(re.compile("不涉及国家秘密")).check()
    dialog.get_by_role("button", name="审核通过").click()
    # The reviewer is back on the dashboard, told what became of the page.
    expect(reviewer.locator(".messages")).to_contain_text("已审核通过")
    context.close()


def session_data(tmp_path_factory, session_key):
    """The live site's stored session (the captcha answer is kept there)."""
    from django.contrib.sessions.backends.db import SessionStore

    url = os.environ.get("DATABASE_URL", "")
    query = "SELECT session_data FROM django_session WHERE session_key = %s"
    if url.startswith("postgres"):
        import psycopg

        parts = urlsplit(url)
        # The live site's database, named as tests/e2e/conftest.py names it.
        name = f"{parts.path.lstrip('/') or 'govsite'}_e2e"
        with psycopg.connect(urlunsplit(parts._replace(path=f"/{name}"))) as conn:
            row = conn.execute(query, [session_key]).fetchone()
    else:
        (path,) = tmp_path_factory.getbasetemp().glob("e2e[0-9]*/e2e.sqlite3")
        with sqlite3.connect(path) as conn:
            row = conn.execute(query.replace("%s", "?"), [session_key]).fetchone()
    return SessionStore().decode(row[0])


def captcha_answer(page, tmp_path_factory):
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    return session_data(tmp_path_factory, cookie["value"])["mailbox_captcha"]["answer"]


def staff_page(browser, live_site, username):
    context = browser.new_context(base_url=live_site, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, username)
    return page
