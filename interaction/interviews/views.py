"""Public views of the online interviews, served by the routes of
:class:`~interaction.models.InterviewPage`.

The page shows the published transcript and, before and during the
interview, the question form. It works without JavaScript (reload to see the
latest transcript); with it, ``interaction/js/interview-live.js`` polls
:func:`transcript_json`, which answers 304 while nothing changed.

Privacy: the public side reads only transcript entries, which hold the masked
name and masked text of a question and nothing else of the asker."""

from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext_lazy as _

from .. import conf
from ..citizen_views import CitizenIntake
from ..models import InterviewPage, InterviewState
from . import workflow
from .forms import QuestionForm

ASKED_KEY = "interview_asked"
PER_PAGE = 20
S = InterviewState
ENTRY_FIELDS = ["pk", "kind", "speaker", "text", "created_at", "after_end"]


def index_context(request, index):
    pages = (
        InterviewPage.objects.live()
        .child_of(index)
        .select_related("host_unit")
        .only("title", "url_path", "starts_at", "ends_at", "state", "host_unit__name")
    )
    past = pages.filter(state__in=[S.ENDED, S.ARCHIVED]).order_by("-starts_at", "-pk")
    return {
        "current": list(
            pages.filter(state__in=[S.LIVE, S.UPCOMING]).order_by("starts_at", "pk")
        ),
        "page_obj": Paginator(past, PER_PAGE).get_page(request.GET.get("page")),
    }


def entries(interview, after=0):
    return list(
        interview.transcript.filter(pk__gt=after)
        .order_by("created_at", "pk")
        .values(*ENTRY_FIELDS)
    )


class Asking(CitizenIntake):
    """The interview's page: the transcript and, before and during the
    interview, the question form."""

    form_class = QuestionForm
    # The transcript changes without a publish until the interview is archived.
    final_state = S.ARCHIVED
    sent_key, sent_name = ASKED_KEY, "asked"
    anchor = "#ask"
    rate_name, rate_setting = "interview", "INTERVIEW"
    closed_message = _("本期访谈已结束，不再接受提问。")
    ip_limit_message = _("提问过于频繁，请一小时后再试。")
    phone_limit_message = _("该手机号码今天的提问已达上限，请明天再提。")

    def accepts(self):
        return self.page.accepts_questions

    def page_context(self):
        transcript = entries(self.page)
        return {
            "guests": list(self.page.guests.select_related("photo")),
            "photos": list(self.page.photos.select_related("image")),
            "entries": transcript,
            "after": transcript[-1]["pk"] if transcript else 0,
            "poll_seconds": conf.get("INTERVIEW_POLL_SECONDS"),
        }

    def submit(self, data, ip):
        workflow.submit_question(
            self.page,
            name=data["name"],
            phone=data["phone"],
            content=data["content"],
            ip=ip,
        )


interview = Asking.view()


def _after(request):
    value = request.GET.get("after", "")
    return int(value) if value.isdigit() and len(value) < 10 else 0


def transcript_json(request, page):
    """The transcript entries after ``?after=<id>`` and the state; 304 when
    the client's ETag is current. A fixed number of queries, none beyond
    finding the page when nothing changed."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    etag = page.etag()
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    data = {
        "state": page.state,
        "state_label": page.get_state_display(),
        "accepts_questions": page.accepts_questions,
        "entries": [
            {
                "id": entry["pk"],
                "kind": entry["kind"],
                "speaker": entry["speaker"],
                "text": entry["text"],
                "at": timezone.localtime(entry["created_at"]).isoformat(),
                "time": f"{timezone.localtime(entry['created_at']):%H:%M}",
                "after_end": entry["after_end"],
            }
            for entry in entries(page, _after(request))
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name] = value
    return response
