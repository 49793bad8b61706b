"""What ``import_items`` asks before an item goes online without the review
workflow: the automated review checks on every row (a blocking finding
refuses the row, reported by line like any other error), and the person who
answers for the migration (``--reviewed-by``), recorded on an
:class:`~disclosure.models.ItemImport` and on each item's page log, so the
政务公开基础台帐 lists imported items with that record."""

import html
import re
import uuid

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from wagtail.models import PageLogEntry

from ..models import IMPORT_ACTION, DisclosureItemPage, ItemImport
from ..review import Reviewer

SHOWN_FINDINGS = 3
# Tags go as strip_tags would drop them (a regex: an import checks many rows).
TAG_RE = re.compile(r"<[^>]*>")


class ReviewerInvalid(ValueError):
    """The named person cannot answer for a migration (message in Chinese)."""


def responsible_user(value):
    """The active admin user named by ``value`` (a username or a user)."""
    User = get_user_model()
    if isinstance(value, User):
        user = value
    else:
        user = User.objects.filter(**{User.USERNAME_FIELD: value or ""}).first()
        if user is None:
            raise ReviewerInvalid(
                f"用户“{value}”不存在，请用 --reviewed-by 指定审查负责人的用户名"
            )
    if not user.is_active:
        raise ReviewerInvalid(f"用户“{user.get_username()}”已停用，不能作为审查负责人")
    if not (user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
        raise ReviewerInvalid(
            f"用户“{user.get_username()}”不是后台工作人员，不能作为审查负责人"
        )
    return user


def row_reviewer():
    """The review checks with the webmaster's word lists (links are not
    followed: an import brings no pages to link to yet)."""
    from ..review.page_checks import word_lists

    typos, names = word_lists()
    return Reviewer(typos=typos or None, fixed_names=names or None)


def blocking_problems(reviewer, title, summary, keywords, body_html):
    """The row's blocking findings as error messages (empty when it passes)."""
    parts = [("标题", title), ("内容概述", summary), ("主题词", keywords)]
    if body_html:
        parts.append(("正文", html.unescape(TAG_RE.sub("", body_html))))
    blocking = [f for f in reviewer.check_parts(parts) if f.blocks]
    if not blocking:
        return []
    named = "；".join(
        f"{f.source}“{f.excerpt}”：{f.message}" for f in blocking[:SHOWN_FINDINGS]
    )
    more = (
        f"（另有 {len(blocking) - SHOWN_FINDINGS} 项）"
        if len(blocking) > SHOWN_FINDINGS
        else ""
    )
    return [f"自动审查发现 {len(blocking)} 项阻断性问题，未导入：{named}{more}"]


def start_record(user, source, *, using):
    return ItemImport.objects.using(using).create(reviewed_by=user, source=source)


def log_entries(record, objs, *, using, when):
    """One page log entry per imported item: the ledger's rows."""
    content_type = ContentType.objects.db_manager(using).get_for_model(
        DisclosureItemPage
    )
    # One log context per migration, as Wagtail groups the entries of one act.
    context = uuid.uuid5(uuid.NAMESPACE_URL, f"disclosure-item-import/{record.pk}")
    PageLogEntry.objects.using(using).bulk_create(
        [
            PageLogEntry(
                content_type=content_type,
                page_id=obj.pk,
                label=obj.title,
                action=IMPORT_ACTION,
                data={
                    "import": record.pk,
                    "unit": obj.unit_id,
                    "reviewed_by": record.reviewed_by.get_username(),
                    "published_on": obj.published_on.isoformat(),
                },
                timestamp=when,
                uuid=context,
                user_id=record.reviewed_by_id,
            )
            for obj in objs
        ],
        batch_size=1000,
    )
