"""The drafting unit's admin: its consultations, the console of one (open
or close by hand, moderate and decide comments, draft the feedback page),
and the comments listing with its XLSX export. Everything starts from what
the user's units own: anyone else's consultation is a 404."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import staff
from ..admin_base import (
    ItemDetailView,
    RecordConsoleView,
    labelled,
    render,
    require_staff,
)
from ..mailbox import privacy
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
    "hide": forms.NoteForm,
    "decide": forms.DecideForm,
}
STATE_FORMS = {name: forms.NoteForm for name in ("open", "close", "draft_feedback")}
LISTED = 50


def visible_consultations(user):
    return staff.visible(ConsultationPage.objects.all(), user, "unit").select_related(
        "unit"
    )


def console_url(consultation):
    return reverse("talk_consultations:console", args=[consultation.pk])


class ConsultationListView(WagtailAdminTemplateMixin, View):
    page_title = _("意见征集")
    header_icon = "comment"
    template_name = "interaction/admin/consultation_list.html"

    def get(self, request):
        require_staff(request)
        consultations = (
            visible_consultations(request.user)
            .annotate(
                total=Count("comments"),
                pending=Count("comments", filter=Q(comments__status=CS.PENDING)),
                undecided=Count("comments", filter=Q(comments__decision="")),
            )
            .order_by("-opens_at")
        )
        return render(
            request,
            self.template_name,
            self.get_context_data(
                consultations=consultations[:200], today=timezone.localdate()
            ),
        )


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

    def visible(self, user):
        return visible_consultations(user)

    def console_url(self):
        return console_url(self.consultation)

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
            consultation=consultation,
            state_forms=self.state_action_forms(),
            todo=todo,
            counts=counts,
            status_counts=[(label, counts[value]) for value, label in CS.choices],
            decision_counts=[
                (label, counts[value]) for value, label in Decision.choices
            ],
            feedback=ConsultationFeedbackPage.objects.child_of(consultation).first(),
            events=labelled(
                consultation.events.order_by("created_at", "pk"),
                workflow.CONSULTATION,
            ),
            today=timezone.localdate(),
            comments_url=reverse("talk_comments:index")
            + f"?consultation={consultation.pk}",
            export_url=reverse("talk_comments:index")
            + f"?consultation={consultation.pk}&export=xlsx",
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

    def visible(self, user):
        return staff.visible(
            Comment.objects.select_related("consultation"), user, "consultation__unit"
        )
