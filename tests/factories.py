"""Small builders for tests that need their own disclosure items."""

import datetime
import itertools

from wagtail.test.utils.form_data import rich_text

from disclosure.models import Category, DisclosureItemPage, Unit, UnitColumnPage
from disclosure.review.gate import publishing_as_system

_counter = itertools.count(1)


def column_of(slug):
    return UnitColumnPage.objects.get(unit__slug=slug)


def draft_item(unit_slug="lishan", *, category="wenjian", publish=False, **fields):
    """A DisclosureItemPage in the unit's column, a draft unless ``publish``."""
    n = next(_counter)
    column = column_of(unit_slug)
    fields.setdefault("title", f"测试公开信息{n}")
    fields.setdefault("formed_on", datetime.date(2026, 11, 2))
    item = column.add_child(
        instance=DisclosureItemPage(
            slug=f"test-item-{n}",
            live=False,
            category=Category.objects.get(slug=category),
            **fields,
        )
    )
    if publish:
        publish_unreviewed(item)
    return item


def add_live_child(parent, page):
    """Add ``page`` under ``parent`` already published, skipping the review
    workflow like ``publish_unreviewed``."""
    with publishing_as_system("tests"):
        return parent.add_child(instance=page)


def publish_unreviewed(page):
    """Publish the page's content as it stands, skipping the review workflow
    the way the demo loader does: for tests about published pages, not about
    how they got there."""
    with publishing_as_system("tests"):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def unit(slug):
    return Unit.objects.get(slug=slug)


def add_form(**overrides):
    """POST data of the admin form of a DisclosureItemPage."""
    data = {
        "title": "关于印发厉山镇测试方案的通知",
        "slug": "test-form-item",
        "document_number": "厉政发〔2026〕3号",
        "formed_on": "2026-11-02",
        "category": "",
        "topic": "",
        "validity": "valid",
        "summary": "",
        "keywords": "",
        "body": rich_text(""),
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def pass_review(page, by="editor_lishan", reviewers=("reviewer_lishan", "secrecy")):
    """Submit the page's current content as ``by`` and have ``reviewers``
    approve the two review steps in turn; the workflow then publishes it."""
    from django.contrib.auth import get_user_model

    from disclosure.models import ConfidentialityReviewTask

    User = get_user_model()
    submitter = User.objects.get(username=by)
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    for name in reviewers:
        state = type(page).objects.get(pk=page.pk).current_workflow_task_state
        task = state.task.specific
        data = (
            {"confirmed": True} if isinstance(task, ConfidentialityReviewTask) else {}
        )
        task.on_action(state, User.objects.get(username=name), "approve", **data)
    page.refresh_from_db()
    return page
