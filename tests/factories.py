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


def _add_draft(parent, page):
    page.live = False
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


# 在线调查 -------------------------------------------------------------------
QUESTIONS_OF_EVERY_KIND = [
    (
        "single",
        {"label": "您的年龄段", "required": True, "options": ["青年", "中年", "老年"]},
    ),
    (
        "multiple",
        {
            "label": "您关心的事项",
            "required": True,
            "options": ["教育", "医疗", "交通", "住房"],
            "min_picks": 1,
            "max_picks": 2,
        },
    ),
    ("short_text", {"label": "您的建议（一句话）", "required": False}),
    ("long_text", {"label": "详细意见", "required": False}),
    ("rating", {"label": "总体满意度", "required": True}),
    (
        "matrix",
        {
            "label": "各项服务评价",
            "required": True,
            "rows": ["窗口服务", "网上办事"],
            "scale": ["满意", "一般", "不满意"],
        },
    ),
]


def survey_page(
    parent=None,
    *,
    unit_slug="jyuj",
    verification="sms",
    visibility="live",
    opens_at=None,
    closes_at=None,
    questions=None,
    publish=True,
    **fields,
):
    """A SurveyPage (live, with its Survey record unless ``publish`` is
    False) asking one question of every kind; open now by default."""
    from django.utils import timezone

    from interaction.models import SurveyIndexPage, SurveyPage
    from interaction.surveys import lifecycle

    n = next(_counter)
    now = timezone.now().replace(second=0, microsecond=0)
    parent = parent or SurveyIndexPage.objects.get()
    page = (add_live_child if publish else _add_draft)(
        parent,
        SurveyPage(
            title=fields.pop("title", f"测试调查{n}"),
            slug=f"test-survey-{n}",
            live=publish,
            unit=Unit.objects.get(slug=unit_slug),
            opens_at=opens_at or now - datetime.timedelta(hours=1),
            closes_at=closes_at or now + datetime.timedelta(days=7),
            verification=verification,
            results_visibility=visibility,
            questions=questions or QUESTIONS_OF_EVERY_KIND,
            **fields,
        ),
    )
    page = SurveyPage.objects.get(pk=page.pk)
    if publish:
        lifecycle.sync_from_page(page)
    return page


def survey_answers(page, **overrides):
    """POST data answering every question of ``page`` (the first option
    of each), with ``overrides`` on top."""
    from interaction.surveys.forms import field_name

    data = {}
    for q in page.question_list:
        if q.kind in ("single",):
            data[field_name(q)] = q.options[0][0]
        elif q.kind == "multiple":
            data[field_name(q)] = [q.options[0][0]]
        elif q.kind == "rating":
            data[field_name(q)] = "4"
        elif q.kind == "matrix":
            for row_id, _label in q.rows:
                data[field_name(q, row_id)] = q.options[0][0]
        elif q.kind == "short_text":
            data[field_name(q)] = "多开几趟车"
    data.update(overrides)
    return data


def bare_survey_site():
    """Just what a survey needs in a database that tests which commit may
    have emptied: a locale, the page tree with the 在线调查 index as the
    site root, and 教育局. Much quicker than loading the demo."""
    from wagtail.models import Locale, Page, Site

    from interaction.models import SurveyIndexPage

    Locale.objects.get_or_create(language_code="zh-hans")
    with publishing_as_system("tests"):
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", live=True)
        )
        index = SurveyIndexPage.objects.first() or root.add_child(
            instance=SurveyIndexPage(title="在线调查", slug="diaocha", live=True)
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": index},
    )
    Unit.objects.get_or_create(
        slug="jyuj",
        defaults={
            "name": "随县教育局",
            "short_name": "教育局",
            "kind": Unit.Kind.DEPARTMENT,
            "code": "01103608-0",
        },
    )
    return index


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
    return add_live_child(InterviewIndexPage.objects.get(), page)


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
    return add_live_child(ConsultationIndexPage.objects.get(), page)


# --- 依申请公开 ---------------------------------------------------------------

APPLICANT_ID = "420321198001011231"  # valid check digit, invented


def applicant(**overrides):
    """The fields of a natural person's application (see ApplicationForm)."""
    fields = {
        "applicant_kind": "person",
        "organisation_kind": "",
        "name": "赵四海",
        "id_type": "resident_id",
        "id_number": APPLICANT_ID,
        "phone": "13972210001",
        "address": "湖北省随州市随县厉山镇烈山大道18号",
        "email": "",
        "description": "申请公开厉山镇2026年农村公路养护项目的招标文件和中标结果。",
        "delivery_form": "online",
    }
    fields.update(overrides)
    return fields


def application(unit_slug="lishan", *, at=None, **overrides):
    """A submitted application to the unit (through the real submit)."""
    from interaction.applications import workflow

    item, _code = workflow.submit(unit(unit_slug), at=at, **applicant(**overrides))
    return item


def desk_member(unit_slug, role="handlers", username=None):
    """A user in the unit's 依申请公开 handlers (or heads) group."""
    from django.contrib.auth import get_user_model

    from interaction.applications import desks

    group = getattr(desks.ensure_desk(unit(unit_slug)), f"{role}_group")
    user, _created = get_user_model().objects.get_or_create(
        username=username or f"test_{role}_{unit_slug}",
        defaults={"email": f"{role}.{unit_slug}@suixian.gov.cn"},
    )
    user.groups.add(group)
    return user


def decompression_bomb_png(width=30000, height=30000):
    """A tiny PNG (about 60 bytes) whose header declares ``width`` × ``height``
    pixels: decoding it would need gigabytes."""
    import struct
    import zlib

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def pass_review(page, by="editor_lishan", reviewers=("reviewer_lishan", "secrecy")):
    """Submit the page's current content as ``by`` and have ``reviewers``
    approve the two review steps in turn; the workflow then publishes it."""
    from django.contrib.auth import get_user_model

    submitter = get_user_model().objects.get(username=by)
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    return approve_review(page, reviewers)


def approve_review(page, reviewers=("reviewer_lishan", "secrecy")):
    """Have ``reviewers`` approve, in turn, the review steps of a page already
    in review (the workflow publishes it after the last)."""
    from django.contrib.auth import get_user_model

    from disclosure.models import ConfidentialityReviewTask

    User = get_user_model()
    for name in reviewers:
        state = type(page).objects.get(pk=page.pk).current_workflow_task_state
        task = state.task.specific
        data = (
            {"confirmed": True} if isinstance(task, ConfidentialityReviewTask) else {}
        )
        task.on_action(state, User.objects.get(username=name), "approve", **data)
    page.refresh_from_db()
    return page
