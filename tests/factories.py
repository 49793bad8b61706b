"""Small builders and helpers shared by the tests: disclosure items, surveys,
interviews, consultations, applications, letters; users and logged-in
clients; the review workflow's steps.

Over 400 lines on purpose: one place for every test's builders, so that no
test module carries its own copy."""

import datetime
import itertools
import random
import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from disclosure.models import Category, DisclosureItemPage, Unit, UnitColumnPage
from disclosure.review.gate import publishing_as_system

_counter = itertools.count(1)


def user(username):
    return get_user_model().objects.get(username=username)


def logged_in(username, client=None):
    """``client`` (a new one by default) logged in as ``username``."""
    client = client or Client()
    client.force_login(user(username))
    return client


def random_ip():
    return (
        f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    )


def citizen_client():
    """An anonymous client from an address of its own: rate limits live in
    the shared cache (Redis in CI), so each test writes from its own."""
    return Client(REMOTE_ADDR=random_ip())


def receipt(response, client, of="letter"):
    """The (number, query code) on the receipt page that a citizen's
    submission redirects to; ``of`` is "letter" or "application"."""
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response["Location"]).content.decode()
    number = re.search(rf"data-{of}-number>([^<]+)<", page).group(1)
    code = re.search(r"data-query-code>([^<]+)<", page).group(1)
    return number, code


def count_queries(client, url, *, warm=True):
    """How many queries a GET of ``url`` runs, which must answer 200; first,
    unless ``warm`` is False, a GET that warms the per-process caches (site,
    calendar, settings)."""
    if warm:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def at(day, hour=10, minute=0):
    """The aware datetime of ``day`` (a date or an ISO string) at
    ``hour``:``minute``, in the site's time zone."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def formset_management(*prefixes, total=0, minimum=0):
    """The management forms of admin inline formsets, as POST data."""
    data = {}
    for prefix in prefixes:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(total),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": str(minimum),
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


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
        **formset_management("attachments", "comments"),
    }
    data.update(overrides)
    return data


def edit_form(item, **overrides):
    """POST data of the admin edit form of ``item``: its title, slug, date
    and category as they stand, ``overrides`` on top."""
    return add_form(
        title=item.title,
        slug=item.slug,
        formed_on=item.formed_on.isoformat(),
        category=str(item.category_id),
        **overrides,
    )


def workflow_action_form(data, action, extra="{}"):
    """The edit form's ``data`` posted as the review step's ``action``
    (approve, reject) with ``extra`` data (JSON text)."""
    return dict(
        data,
        **{
            "action-workflow-action": "true",
            "workflow-action-name": action,
            "workflow-action-extra-data": extra,
        },
    )


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

# The applicants' columns of Table 3 (政府信息公开工作年度报告 格式), in order.
TABLE3_APPLICANT_COLUMNS = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
]


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


# --- 信箱 ----------------------------------------------------------------------

LETTER = {
    "name": "张三丰",
    "phone": "13912340001",
    "category": "consult",
    "subject": "种粮补贴何时发放",
    "content": "请问今年的种粮补贴什么时候发放？我的电话13912340001。",
    "consent_publish": True,
}


def random_phone():
    return f"139{random.randint(10_000_000, 99_999_999)}"


def write_letter_with_code(mailbox="xianzhang", *, at=None, **fields):
    """A letter written to the mailbox (through the real submit), the
    ``LETTER`` fields with ``fields`` on top; returns (letter, query code)."""
    from interaction.mailbox import workflow
    from interaction.models import MailboxPage

    data = {**LETTER, **fields}
    return workflow.submit(MailboxPage.objects.get(slug=mailbox), at=at, **data)


def write_letter(mailbox="xianzhang", *, at=None, **fields):
    """A letter as ``write_letter_with_code`` writes it, without its code."""
    return write_letter_with_code(mailbox, at=at, **fields)[0]


def assign_letter(letter, unit_slug="czj", *, at=None):
    """The office accepts the letter and assigns it to the unit."""
    from interaction.mailbox import workflow

    office = user("mailbox_office")
    workflow.transition(letter, "accept", by=office, at=at)
    workflow.transition(letter, "assign", by=office, at=at, unit=unit(unit_slug))
    return letter


def answer_letter(
    letter,
    reply="您好，补贴已于本月发放到“一卡通”，请查收。",
    *,
    handler="handler_czj",
    publish=None,
):
    """An assigned letter answered: the handler signs it and replies, the
    office approves and answers (publishing the answer if ``publish``)."""
    from interaction.mailbox import workflow

    by, office = user(handler), user("mailbox_office")
    workflow.transition(letter, "sign", by=by)
    workflow.transition(letter, "submit_reply", by=by, reply=reply)
    workflow.transition(letter, "approve", by=office)
    answer = {} if publish is None else {"publish": publish}
    workflow.transition(letter, "answer", by=office, **answer)
    return letter


def answered_letter(content="请问补贴何时发放？", **fields):
    """A letter to 县长信箱 answered by 财政局 and published if its writer
    consented; returns (letter, query code)."""
    letter, code = write_letter_with_code(
        name=fields.pop("name", "赵建国"),
        phone=fields.pop("phone", random_phone()),
        email=fields.pop("email", "zhaojg@example.com"),
        subject=fields.pop("subject", "补贴发放咨询"),
        content=content,
        consent_publish=fields.pop("consent_publish", True),
    )
    assign_letter(letter)
    answer_letter(
        letter, "您好，补贴已于本月发放到“一卡通”。", publish=letter.consent_publish
    )
    return letter, code


def desk_member(unit_slug, role="handlers", username=None):
    """A user in the unit's 依申请公开 handlers (or heads) group."""
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


def submit_for_review(page, by="editor_lishan"):
    """Save the page's content as ``by`` and start its review workflow;
    returns the first task's state."""
    page.save_revision(user=user(by))
    page.get_workflow().start(page, user(by))
    page.refresh_from_db()
    return page.current_workflow_task_state


def review_action(page, who, action, **data):
    """``who`` takes ``action`` (approve, reject…) on the page's current
    review task; returns that task's state."""
    state = page.current_workflow_task_state
    state.task.specific.on_action(state, user(who), action, **data)
    page.refresh_from_db()
    return state


def pass_review(page, by="editor_lishan", reviewers=("reviewer_lishan", "secrecy")):
    """Submit the page's current content as ``by`` and have ``reviewers``
    approve the two review steps in turn; the workflow then publishes it."""
    submit_for_review(page, by)
    return approve_review(page, reviewers)


def approve_review(page, reviewers=("reviewer_lishan", "secrecy")):
    """Have ``reviewers`` approve, in turn, the review steps of a page already
    in review (the workflow publishes it after the last)."""
    from disclosure.models import ConfidentialityReviewTask

    for name in reviewers:
        task = page.current_workflow_task_state.task.specific
        data = (
            {"confirmed": True} if isinstance(task, ConfidentialityReviewTask) else {}
        )
        review_action(page, name, "approve", **data)
    return page


def ledger_rows(client, month):
    """The rows of the 政务公开基础台帐 export of ``month`` (YYYY-MM)."""
    import io

    import openpyxl

    export = client.get(
        "/admin/reports/review-ledger/", {"export": "xlsx", "month": month}
    )
    return list(
        openpyxl.load_workbook(
            io.BytesIO(b"".join(export.streaming_content))
        ).active.iter_rows(values_only=True)
    )
