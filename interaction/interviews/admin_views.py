"""The host's admin: the list of the unit's interviews, the console of one
interview (start and end by hand, moderate questions, publish answers and
the host's words), and the questions listing with its XLSX export. Everything
starts from what the user's units own: anyone else's interview is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import staff
from ..admin_base import labelled, render, require_staff, run_action
from ..mailbox import privacy
from ..models import InterviewPage, Question, QuestionStatus, TranscriptEntry
from . import forms, transcript, workflow

QS = QuestionStatus
QUESTION_FORMS = {
    "accept": forms.AcceptForm,
    "reject": forms.RejectForm,
    "merge": forms.MergeForm,
    "answer": forms.AnswerForm,
    "route": forms.RouteForm,
}
STATE_FORMS = {name: forms.StateForm for name in ("start", "end", "archive")}
LISTED = 50


def as_pk(value):
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 12 else 0


def visible_interviews(user):
    return staff.visible(InterviewPage.objects.all(), user, "host_unit").select_related(
        "host_unit"
    )


def console_url(interview):
    return reverse("talk_interviews:console", args=[interview.pk])


class InterviewListView(WagtailAdminTemplateMixin, View):
    page_title = _("在线访谈")
    header_icon = "openquote"
    template_name = "interaction/admin/interview_list.html"

    def get(self, request):
        require_staff(request)
        interviews = (
            visible_interviews(request.user)
            .annotate(
                pending=Count("questions", filter=Q(questions__status=QS.PENDING)),
                accepted=Count("questions", filter=Q(questions__status=QS.ACCEPTED)),
                total=Count("questions"),
            )
            .order_by("-starts_at")
        )
        return render(
            request,
            self.template_name,
            self.get_context_data(interviews=interviews[:200]),
        )


class InterviewConsoleView(WagtailAdminTemplateMixin, View):
    """One interview: state, questions to moderate and to answer, the
    transcript, the history."""

    header_icon = "openquote"
    template_name = "interaction/admin/interview_console.html"

    def dispatch(self, request, pk):
        require_staff(request)
        self.interview = get_object_or_404(visible_interviews(request.user), pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.interview.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse("talk_interviews:index"), "label": _("在线访谈")},
            {"url": "", "label": self.interview.title},
        ]

    def guests(self):
        return list(self.interview.guests.all())

    def question_forms(self, question, bound=None):
        result = []
        for spec in workflow.QUESTION.available(question, self.request.user):
            prefix = f"q{question.pk}-{spec.name}"
            if bound and bound[0] == (question.pk, spec.name):
                form = bound[1]
            else:
                form = QUESTION_FORMS[spec.name](prefix=prefix, **self.extra(spec.name))
            if spec.name == "accept" and not form.is_bound:
                form.initial["public_content"] = privacy.redact(
                    question.content, name=question.name, phone=question.phone
                )
            result.append({"action": spec, "form": form})
        return result

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

    def get(self, request, pk):
        return self.render_console()

    def post(self, request, pk):
        action = request.POST.get("action", "")
        kind, _sep, name = action.partition(":")
        url = console_url(self.interview)
        if kind == "state":
            response, form = run_action(
                request,
                workflow.INTERVIEW,
                self.interview,
                STATE_FORMS,
                name,
                f"state-{name}",
                url,
            )
            return response or self.render_console(status=400)
        if kind == "question":
            question = get_object_or_404(
                self.interview.questions.all(), pk=as_pk(request.POST.get("question"))
            )
            response, form = run_action(
                request,
                workflow.QUESTION,
                question,
                QUESTION_FORMS,
                name,
                f"q{question.pk}-{name}",
                url + f"#question-{question.pk}",
                **self.extra(name),
            )
            bound = ((question.pk, name), form) if form is not None else None
            return response or self.render_console(bound=bound, status=400)
        if kind == "entry":
            return self.post_entry(request)
        messages.error(request, _("未知的操作。"))
        return self.render_console(status=400)

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
                return redirect(console_url(self.interview) + "#transcript")
        messages.error(request, _("操作未完成，请查看下方的提示。"))
        return self.render_console(entry_form=form, status=400)

    def render_console(self, bound=None, entry_form=None, status=200):
        interview = self.interview
        user = self.request.user
        questions = interview.questions.order_by("submitted_at", "pk")
        pending = list(questions.filter(status=QS.PENDING)[:LISTED])
        accepted = list(questions.filter(status=QS.ACCEPTED)[:LISTED])
        for question in pending + accepted:
            question.action_forms = self.question_forms(question, bound)
        state_forms = [
            {
                "action": spec,
                "form": STATE_FORMS[spec.name](prefix=f"state-{spec.name}"),
            }
            for spec in workflow.INTERVIEW.available(interview, user)
        ]
        counts = dict(
            interview.questions.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        context = self.get_context_data(
            interview=interview,
            state_forms=state_forms,
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
            events=labelled(
                interview.events.order_by("created_at", "pk"), workflow.INTERVIEW
            ),
            export_url=reverse("talk_questions:index")
            + f"?interview={interview.pk}&export=xlsx",
            questions_url=reverse("talk_questions:index")
            + f"?interview={interview.pk}",
        )
        return render(self.request, self.template_name, context, status=status)


class QuestionDetailView(WagtailAdminTemplateMixin, View):
    """One question with its history and the actions open to the user."""

    header_icon = "openquote"
    template_name = "interaction/admin/question_detail.html"

    def dispatch(self, request, pk):
        require_staff(request)
        self.question = get_object_or_404(
            staff.visible(
                Question.objects.select_related("interview", "letter"),
                request.user,
                "interview__host_unit",
            ),
            pk=pk,
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("网友提问")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("首页")},
            {"url": reverse("talk_questions:index"), "label": _("网友提问")},
            {"url": "", "label": str(self.question)},
        ]

    def console(self):
        view = InterviewConsoleView()
        view.request = self.request
        view.interview = self.question.interview
        return view

    def get(self, request, pk):
        return self.render_detail()

    def post(self, request, pk):
        name = request.POST.get("action", "")
        response, form = run_action(
            request,
            workflow.QUESTION,
            self.question,
            QUESTION_FORMS,
            name,
            f"q{self.question.pk}-{name}",
            reverse("talk_questions:edit", args=[self.question.pk]),
            **self.console().extra(name),
        )
        bound = ((self.question.pk, name), form) if form is not None else None
        return response or self.render_detail(bound, status=400)

    def render_detail(self, bound=None, status=200):
        question = self.question
        context = self.get_context_data(
            question=question,
            action_forms=self.console().question_forms(question, bound),
            events=labelled(
                question.events.order_by("created_at", "pk"), workflow.QUESTION
            ),
            console_url=console_url(question.interview),
        )
        return render(self.request, self.template_name, context, status=status)
