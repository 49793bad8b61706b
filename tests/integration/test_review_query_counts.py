"""The reviewer's screens cost the same number of SQL queries with 30 and
with 60 pages waiting for review: the dashboard, the task list, the page
search; Wagtail's workflow report pages by 50 rows and stays within that."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import draft_item, submit_for_review, user

pytestmark = pytest.mark.usefixtures("demo_db")

SCREENS = {
    "dashboard": "/admin/",
    "tasks": "/admin/reports/workflow_tasks/",
    "pages in review": "/admin/pages/search/?q=测试公开信息",
}


def submit(count):
    for _ in range(count):
        submit_for_review(draft_item())


def queries(client):
    counts = {}
    for name, url in SCREENS.items():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured)
    return counts


def test_review_screens_do_not_grow_with_the_pages_in_review():
    client = Client()
    client.force_login(user("reviewer_lishan"))
    submit(30)
    thirty = queries(client)
    submit(30)
    sixty = queries(client)
    assert sixty == thirty
    # The dashboard lists the newest 50 and counts the others.
    html = client.get("/admin/").content.decode()
    assert "另有 10 个待审任务未在此列出。" in html
    # Wagtail's workflow report: its own queries per row, 50 rows a page,
    # plus the admin shell (menus whose items ask who may see them).
    client.get("/admin/reports/workflow/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/admin/reports/workflow/").status_code == 200
    assert len(captured) <= 40 + 2 * 50
