"""Small builders for tests that need their own disclosure items."""

import datetime
import itertools

from wagtail.test.utils.form_data import rich_text

from disclosure.models import Category, DisclosureItemPage, Unit, UnitColumnPage

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
        item.save_revision().publish()
        item.refresh_from_db()
    return item


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


def interview(unit_slug="czj", *, starts_at, ends_at=None, guests=None, **fields):
    """An InterviewPage (live page, state upcoming) in the demo's 在线访谈."""
    from interaction.models import InterviewGuest, InterviewIndexPage, InterviewPage

    n = next(_counter)
    page = InterviewPage(
        title=fields.pop("title", f"测试访谈{n}"),
        slug=f"test-interview-{n}",
        live=True,
        host_unit=unit(unit_slug),
        starts_at=starts_at,
        ends_at=ends_at or starts_at + datetime.timedelta(minutes=90),
        **fields,
    )
    page.guests = [
        InterviewGuest(name=name, post=post, sort_order=i)
        for i, (name, post) in enumerate(guests or [("孙立新", "随县财政局局长")])
    ]
    return InterviewIndexPage.objects.get().add_child(instance=page)


def consultation(unit_slug="czj", *, opens_at, closes_at=None, articles=5, **fields):
    """A ConsultationPage (live page, state upcoming) in the demo's 意见征集,
    with ``articles`` numbered articles."""
    from interaction.models import ConsultationIndexPage, ConsultationPage, DraftArticle

    n = next(_counter)
    page = ConsultationPage(
        title=fields.pop("title", f"测试管理办法（征求意见稿）{n}"),
        slug=f"test-consultation-{n}",
        live=True,
        unit=unit(unit_slug),
        opens_at=opens_at,
        closes_at=closes_at,
        **fields,
    )
    page.articles = [
        DraftArticle(text=f"测试条文第{i + 1}项内容。", sort_order=i)
        for i in range(articles)
    ]
    return ConsultationIndexPage.objects.get().add_child(instance=page)
