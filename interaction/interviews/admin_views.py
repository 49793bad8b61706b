"""The host's admin: the list of the unit's interviews, the console of one
interview (start and end by hand, moderate questions, publish answers and
the host's words), and the questions listing with its XLSX export. Everything
starts from what the user's units own: anyone else's interview is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
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
from ..models import InterviewPage, Question, QuestionStatus, TranscriptEntry
from . import forms, transcript, workflow

QS = QuestionStatus
QUESTION_FORMS = {
    "accept": forms.AcceptForm,
    "reject": forms.RejectForm,
    "merge": forms.MergeForm,
    "answer": forms.AnswerForm,
    "route": NoteForm,
}
STATE_FORMS = {name: NoteForm for name in ("start", "end", "archive")}
LISTED = 50


def visible_interviews(user):
    return visible_records(InterviewPage, user, "host_unit")


class InterviewListView(RecordListView):
    page_title = _("在线访谈")
    header_icon = "openquote"
    template_name = "interaction/admin/interview_list.html"
    context_name = "interviews"

    def records(self, user):
        return (
            visible_interviews(user)
            .annotate(
                pending=Count("questions", filter=Q(questions__status=QS.PENDING)),
                accepted=Count("questions", filter=Q(questions__status=QS.ACCEPTED)),
                total=Count("questions"),
            )
            .order_by("-starts_at")
        )


class InterviewConsoleView(RecordConsoleView):
    """One interview: state, questions to moderate and to answer, the
    transcript, the history."""

    header_icon = "openquote"
    template_name = "interaction/admin/interview_console.html"
    record_name = "interview"
    state_machine = workflow.INTERVIEW
    state_forms = STATE_FORMS
    item_kind, item_related, item_prefix = "question", "questions", "q"
    item_machine = workflow.QUESTION
    item_forms = QUESTION_FORMS
    index_label = _("在线访谈")
    index_url_name = "talk_interviews:index"
    console_url_name = "talk_interviews:console"
    items_index_url_name = "talk_questions:index"

    def visible(self, user):
        return visible_interviews(user)

    def guests(self):
        return list(self.interview.guests.all())

    def initial_for(self, question, name, form):
        if name == "accept":
            form.initial["public_content"] = privacy.redact(
                question.content, name=question.name, phone=question.phone
            )

    def extra(self, name):
        if name == "answer":
            return {"guests": self.guests()}
        if name == "merge":
            return {"targets": self.merge_targets()}
        return {}

    def merge_targets(self):
        if not hasattr(self, "_targets"):
            self._targets = list(
                self.interview.questions.filter(
                    status__in=[QS.PENDING, QS.ACCEPTED, QS.ANSWERED]
                ).order_by("-submitted_at")[:200]
            )
        return self._targets

    def post_other(self, request, kind):
        if kind == "entry":
            return self.post_entry(request)
        return super().post_other(request, kind)

    def post_entry(self, request):
        form = forms.EntryForm(request.POST, prefix="entry", guests=self.guests())
        if form.is_valid():
            data = form.cleaned_data
            try:
                transcript.post_entry(
                    self.interview,
                    by=request.user,
                    kind=data["kind"],
                    text=data["text"],
                    guest=data["guest"],
                    override_reason=data["override_reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已发布到访谈实录。"))
                return redirect(self.console_url() + "#transcript")
        messages.error(request, _("操作未完成，请查看下方的提示。"))
        return self.render_console(entry_form=form, status=400)

    def render_console(self, bound=None, entry_form=None, status=200):
        interview = self.interview
        questions = interview.questions.order_by("submitted_at", "pk")
        pending = list(questions.filter(status=QS.PENDING)[:LISTED])
        accepted = list(questions.filter(status=QS.ACCEPTED)[:LISTED])
        for question in pending + accepted:
            question.action_forms = self.item_action_forms(question, bound)
        counts = dict(
            interview.questions.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        context = self.get_context_data(
            **self.record_context(),
            pending=pending,
            accepted=accepted,
            counts=[
                {"label": label, "count": counts.get(value, 0)}
                for value, label in QS.choices
            ],
            entry_form=entry_form
            or forms.EntryForm(prefix="entry", guests=self.guests()),
            can_post=interview.state in ("live", "ended"),
            transcript=TranscriptEntry.objects.filter(interview=interview).order_by(
                "created_at", "pk"
            ),
        )
        return render(self.request, self.template_name, context, status=status)


class QuestionDetailView(ItemDetailView):
    """One question with its history and the actions open to the user."""

    header_icon = "openquote"
    template_name = "interaction/admin/question_detail.html"
    console_class = InterviewConsoleView
    record_attr = "interview"
    item_name = "question"
    page_title = _("网友提问")
    index_url_name = "talk_questions:index"
    edit_url_name = "talk_questions:edit"
    item_model = Question
    related = ("interview", "letter")
    unit_field = "interview__host_unit"
