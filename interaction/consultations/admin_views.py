"""The drafting unit's admin: its consultations, the console of one (open
or close by hand, moderate and decide comments, draft the feedback page),
and the comments listing with its XLSX export. Everything starts from what
the user's units own: anyone else's consultation is a 404."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..admin_base import (
    ItemDetailView,
    RecordConsoleView,
    RecordListView,
    render,
    visible_records,
)
from ..mailbox import privacy
from ..mailbox.forms import NoteForm
from ..models import (
    Comment,
    CommentStatus,
    ConsultationFeedbackPage,
    ConsultationPage,
    Decision,
)
from . import forms, workflow

CS = CommentStatus
COMMENT_FORMS = {
    "publish": forms.PublishForm,
    "hide": NoteForm,
    "decide": forms.DecideForm,
}
STATE_FORMS = {name: NoteForm for name in ("open", "close", "draft_feedback")}
LISTED = 50


def visible_consultations(user):
    return visible_records(ConsultationPage, user, "unit")


class ConsultationListView(RecordListView):
    page_title = _("意见征集")
    header_icon = "comment"
    template_name = "interaction/admin/consultation_list.html"
    context_name = "consultations"

    def records(self, user):
        return (
            visible_consultations(user)
            .annotate(
                total=Count("comments"),
                pending=Count("comments", filter=Q(comments__status=CS.PENDING)),
                undecided=Count("comments", filter=Q(comments__decision="")),
            )
            .order_by("-opens_at")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class ConsultationConsoleView(RecordConsoleView):
    header_icon = "comment"
    template_name = "interaction/admin/consultation_console.html"
    record_name = "consultation"
    state_machine = workflow.CONSULTATION
    state_forms = STATE_FORMS
    item_kind, item_related, item_prefix = "comment", "comments", "c"
    item_machine = workflow.COMMENT
    item_forms = COMMENT_FORMS
    index_label = _("意见征集")
    index_url_name = "talk_consultations:index"
    console_url_name = "talk_consultations:console"
    items_index_url_name = "talk_comments:index"

    def visible(self, user):
        return visible_consultations(user)

    def initial_for(self, comment, name, form):
        if name == "publish":
            form.initial["public_content"] = privacy.redact(
                comment.content, name=comment.name, phone=comment.phone
            )
        if name == "decide" and comment.decision:
            form.initial.update(
                decision=comment.decision, reason=comment.decision_reason
            )

    def render_console(self, bound=None, status=200):
        consultation = self.consultation
        comments = consultation.comments.order_by("submitted_at", "pk")
        todo = list(comments.filter(Q(status=CS.PENDING) | Q(decision=""))[:LISTED])
        for comment in todo:
            comment.action_forms = self.item_action_forms(comment, bound)
        counts = comments.aggregate(
            total=Count("pk"),
            **{status: Count("pk", filter=Q(status=status)) for status in CS.values},
            **{d: Count("pk", filter=Q(decision=d)) for d in Decision.values},
            undecided=Count("pk", filter=Q(decision="")),
        )
        context = self.get_context_data(
            **self.record_context(),
            todo=todo,
            counts=counts,
            status_counts=[(label, counts[value]) for value, label in CS.choices],
            decision_counts=[
                (label, counts[value]) for value, label in Decision.choices
            ],
            feedback=ConsultationFeedbackPage.objects.child_of(consultation).first(),
            today=timezone.localdate(),
        )
        return render(self.request, self.template_name, context, status=status)


class CommentDetailView(ItemDetailView):
    header_icon = "comment"
    template_name = "interaction/admin/comment_detail.html"
    console_class = ConsultationConsoleView
    record_attr = "consultation"
    item_name = "comment"
    page_title = _("征集意见")
    index_url_name = "talk_comments:index"
    edit_url_name = "talk_comments:edit"
    item_model = Comment
    related = ("consultation",)
    unit_field = "consultation__unit"
