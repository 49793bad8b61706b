"""The drafting unit's admin: its consultations, the console of one (open
or close by hand, moderate and decide comments, draft the feedback page),
and the comments listing with its XLSX export. Everything starts from what
the user's units own: anyone else's consultation is a 404."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import staff
from ..admin_base import labelled, render, require_staff, run_action
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


def as_pk(value):
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 12 else 0


def visible_consultations(user):
    return staff.visible(ConsultationPage.objects.all(), user, "unit").select_related(
        "unit"
    )


def console_url(consultation):
    return reverse("talk_consultations:console", args=[consultation.pk])


def comment_forms(request, comment, bound=None):
    result = []
    for spec in workflow.COMMENT.available(comment, request.user):
        if bound and bound[0] == (comment.pk, spec.name):
            form = bound[1]
        else:
            form = COMMENT_FORMS[spec.name](prefix=f"c{comment.pk}-{spec.name}")
            if spec.name == "publish":
                form.initial["public_content"] = privacy.redact(
                    comment.content, name=comment.name, phone=comment.phone
                )
            if spec.name == "decide" and comment.decision:
                form.initial.update(
                    decision=comment.decision, reason=comment.decision_reason
                )
        result.append({"action": spec, "form": form})
    return result


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


class ConsultationConsoleView(WagtailAdminTemplateMixin, View):
    header_icon = "comment"
    template_name = "interaction/admin/consultation_console.html"

    def dispatch(self, request, pk):
        require_staff(request)
        self.consultation = get_object_or_404(
            visible_consultations(request.user), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.consultation.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse("talk_consultations:index"), "label": _("意见征集")},
            {"url": "", "label": self.consultation.title},
        ]

    def get(self, request, pk):
        return self.render_console()

    def post(self, request, pk):
        kind, _sep, name = request.POST.get("action", "").partition(":")
        url = console_url(self.consultation)
        if kind == "state":
            response, form = run_action(
                request,
                workflow.CONSULTATION,
                self.consultation,
                STATE_FORMS,
                name,
                f"state-{name}",
                url,
            )
            return response or self.render_console(status=400)
        if kind == "comment":
            comment = get_object_or_404(
                self.consultation.comments.all(), pk=as_pk(request.POST.get("comment"))
            )
            response, form = run_action(
                request,
                workflow.COMMENT,
                comment,
                COMMENT_FORMS,
                name,
                f"c{comment.pk}-{name}",
                url + f"#comment-{comment.pk}",
            )
            bound = ((comment.pk, name), form) if form is not None else None
            return response or self.render_console(bound=bound, status=400)
        return self.render_console(status=400)

    def render_console(self, bound=None, status=200):
        consultation = self.consultation
        comments = consultation.comments.order_by("submitted_at", "pk")
        todo = list(comments.filter(Q(status=CS.PENDING) | Q(decision=""))[:LISTED])
        for comment in todo:
            comment.action_forms = comment_forms(self.request, comment, bound)
        counts = comments.aggregate(
            total=Count("pk"),
            **{status: Count("pk", filter=Q(status=status)) for status in CS.values},
            **{d: Count("pk", filter=Q(decision=d)) for d in Decision.values},
            undecided=Count("pk", filter=Q(decision="")),
        )
        context = self.get_context_data(
            consultation=consultation,
            state_forms=[
                {
                    "action": spec,
                    "form": STATE_FORMS[spec.name](prefix=f"state-{spec.name}"),
                }
                for spec in workflow.CONSULTATION.available(
                    consultation, self.request.user
                )
            ],
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


class CommentDetailView(WagtailAdminTemplateMixin, View):
    header_icon = "comment"
    template_name = "interaction/admin/comment_detail.html"

    def dispatch(self, request, pk):
        require_staff(request)
        self.comment = get_object_or_404(
            staff.visible(
                Comment.objects.select_related("consultation"),
                request.user,
                "consultation__unit",
            ),
            pk=pk,
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("征集意见")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse("talk_comments:index"), "label": _("征集意见")},
            {"url": "", "label": str(self.comment)},
        ]

    def get(self, request, pk):
        return self.render_detail()

    def post(self, request, pk):
        name = request.POST.get("action", "")
        response, form = run_action(
            request,
            workflow.COMMENT,
            self.comment,
            COMMENT_FORMS,
            name,
            f"c{self.comment.pk}-{name}",
            reverse("talk_comments:edit", args=[self.comment.pk]),
        )
        bound = ((self.comment.pk, name), form) if form is not None else None
        return response or self.render_detail(bound, status=400)

    def render_detail(self, bound=None, status=200):
        comment = self.comment
        context = self.get_context_data(
            comment=comment,
            action_forms=comment_forms(self.request, comment, bound),
            events=labelled(
                comment.events.order_by("created_at", "pk"), workflow.COMMENT
            ),
            console_url=console_url(comment.consultation),
        )
        return render(self.request, self.template_name, context, status=status)
