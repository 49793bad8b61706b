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
