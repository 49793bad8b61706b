"""The reviewer's screens with 500 and 1,000 pages in review (issue 15).

Run by tests/bench/run.py with the benchmark database's environment (or by
hand: ``DATABASE_URL=… python -m tests.bench.bench_review_screens``). Puts
pages of 厉山镇 into the review workflow until 500, then 1,000 are waiting
(they stay for the next run), and prints per screen the SQL queries and the
time of one request as 厉山镇's reviewer: the dashboard, the task list and
the page search. The queries must not grow with the pages in review."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The test settings: plain static files, no OTP enrolment, same database.
os.environ["DJANGO_SETTINGS_MODULE"] = "govsite.settings.test"

SCREENS = {
    "工作台": "/admin/",
    "审查任务": "/admin/reports/workflow_tasks/",
    "页面搜索": "/admin/pages/search/?q=%E5%BE%85%E5%AE%A1",
}
TITLE = "待审查的公开信息"


def in_review():
    from wagtail.models import WorkflowState

    return WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count()


def submit_until(target):
    import datetime
    import uuid

    from django.contrib.auth import get_user_model

    from disclosure.models import Category, DisclosureItemPage, UnitColumnPage

    submitter = get_user_model().objects.get(username="editor_lishan")
    column = UnitColumnPage.objects.get(unit__slug="lishan")
    category = Category.objects.get(slug="wenjian")
    missing = target - in_review()
    started = time.monotonic()
    for n in range(max(0, missing)):
        page = column.add_child(
            instance=DisclosureItemPage(
                title=f"{TITLE}{n}",
                slug=f"review-bench-{uuid.uuid4().hex[:12]}",
                live=False,
                category=category,
                formed_on=datetime.date(2026, 11, 2),
            )
        )
        page.save_revision(user=submitter)
        page.get_workflow().start(page, submitter)
        if (n + 1) % 100 == 0:
            print(
                f"  送审 {n + 1}/{missing}，用时 {time.monotonic() - started:.0f} 秒",
                flush=True,
            )


def measure(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures = {}
    for name, url in SCREENS.items():
        client.get(url)
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        figures[name] = (len(captured), statistics.median(times))
    return figures


def main():
    import django

    django.setup()
    import logging

    # Inline Celery tasks (the reviewers' notices) log every run.
    logging.getLogger("celery").setLevel(logging.WARNING)
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="reviewer_lishan"))
    rows = {}
    from django.db import connection

    for target in (500, 1000):
        submit_until(target)
        # What autovacuum does on a live site after such a burst.
        with connection.cursor() as cursor:
            for table in ("wagtailcore_workflowstate", "wagtailcore_taskstate"):
                cursor.execute(f"ANALYZE {table}")
        rows[target] = measure(client)
        print(f"待审查页面 {in_review()} 个", flush=True)
    for name in SCREENS:
        (q1, t1), (q2, t2) = rows[500][name], rows[1000][name]
        print(
            f"{name}：500 个待审 {q1} 条 SQL / {t1:.0f} ms；"
            f"1000 个待审 {q2} 条 SQL / {t2:.0f} ms"
            + ("" if q1 == q2 else "  ← 查询数随待审页面增长")
        )


if __name__ == "__main__":
    main()
