"""The 意见采纳情况反馈: drafted from the unit's decisions as a page below the
consultation, edited by the unit and published through the 政务公开审查
workflow like any page. Its publication concludes the consultation
(:mod:`.receivers`)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..models import (
    CommentStatus,
    ConsultationFeedbackPage,
    Decision,
    FeedbackItem,
)


def _order(consultation):
    positions = {a.label: a.number for a in consultation.numbered_articles()}

    def key(comment):
        if not comment.article_label:
            return (0, 0, comment.pk)
        return (1, positions.get(comment.article_label, 10_000), comment.pk)

    return key


def draft(consultation, by):
    """Create the draft feedback page; ValidationError (in Chinese) while
    comments wait for moderation or a decision, or when one exists."""
    if ConsultationFeedbackPage.objects.child_of(consultation).exists():
        raise ValidationError(_("意见采纳情况反馈已生成，请在页面编辑中修改。"))
    comments = sorted(consultation.comments.all(), key=_order(consultation))
    pending = sum(1 for c in comments if c.status == CommentStatus.PENDING)
    undecided = sum(1 for c in comments if not c.decision)
    if pending or undecided:
        raise ValidationError(
            _(
                "还有%(pending)s条意见未审核、%(undecided)s条意见未作出采纳决定，"
                "请逐条处理后再生成反馈。"
            )
            % {"pending": pending, "undecided": undecided}
        )
    counts = {value: 0 for value in Decision.values}
    for comment in comments:
        counts[comment.decision] += 1
    opens = timezone.localtime(consultation.opens_at)
    closes = timezone.localtime(consultation.closes_at)
    intro = _(
        "%(unit)s于%(opens)s至%(closes)s就《%(title)s》公开征求意见，共收到意见"
        "%(total)s条，其中采纳%(adopted)s条、部分采纳%(partly)s条、未采纳"
        "%(not_adopted)s条。现将意见采纳情况反馈如下。"
    ) % {
        "unit": consultation.unit.name,
        "opens": f"{opens:%Y年%m月%d日}",
        "closes": f"{closes:%Y年%m月%d日}",
        "title": consultation.title,
        "total": len(comments),
        "adopted": counts[Decision.ADOPTED],
        "partly": counts[Decision.PARTLY],
        "not_adopted": counts[Decision.NOT_ADOPTED],
    }
    page = ConsultationFeedbackPage(
        title=(consultation.title + _("意见采纳情况反馈"))[:255],
        slug="feedback",
        live=False,
        intro=f"<p>{escape(intro)}</p>",
        received=len(comments),
        owner=by if getattr(by, "pk", None) else None,
    )
    page.items = [
        FeedbackItem(
            sort_order=position,
            article_label=comment.article_label or _("全文"),
            opinion=comment.public_content
            if comment.status == CommentStatus.PUBLISHED
            else _("（该意见未公开）"),
            decision=comment.decision,
            reason=comment.decision_reason,
        )
        for position, comment in enumerate(comments)
    ]
    consultation.add_child(instance=page)
    page.save_revision(user=page.owner, log_action=True)
    return page
