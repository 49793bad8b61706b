"""Public views of the consultations, served by the routes of
:class:`~interaction.models.ConsultationPage`: the draft with its articles,
the comment form (on the whole draft or one article, pre-selected with
``?article=<id>`` so that it works without JavaScript) and the published
comments. The public side reads only the masked ``public_*`` fields."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from ..citizen_views import CitizenIntake
from ..models import (
    Comment,
    CommentStatus,
    ConsultationFeedbackPage,
    ConsultationPage,
    ConsultationState,
)
from . import workflow
from .forms import CommentForm

COMMENTED_KEY = "consultation_commented"
PER_PAGE = 20
RECENT = 10
S = ConsultationState
PUBLIC_FIELDS = ["pk", "public_name", "public_content", "article_label", "submitted_at"]


def published_comments(consultation):
    return (
        Comment.objects.filter(
            consultation=consultation, status=CommentStatus.PUBLISHED
        )
        .only(*PUBLIC_FIELDS)
        .order_by("-submitted_at", "-pk")
    )


def index_context(request, index):
    pages = (
        ConsultationPage.objects.live()
        .child_of(index)
        .select_related("unit")
        .annotate(
            published_count=Count(
                "comments", filter=Q(comments__status=CommentStatus.PUBLISHED)
            )
        )
    )
    past = pages.filter(state__in=[S.CLOSED, S.CONCLUDED]).order_by("-closes_at")
    return {
        "open_consultations": list(pages.filter(state=S.OPEN).order_by("closes_at")),
        "upcoming": list(pages.filter(state=S.UPCOMING).order_by("opens_at")),
        "page_obj": Paginator(past, PER_PAGE).get_page(request.GET.get("page")),
    }


def _article_id(request):
    value = request.GET.get("article", "")
    return value if value.isdigit() and len(value) < 12 else ""


class Commenting(CitizenIntake):
    """The draft with its articles, the published comments and, during the
    period, the comment form (on the whole draft or one article)."""

    form_class = CommentForm
    final_state = S.CONCLUDED
    sent_key, sent_name = COMMENTED_KEY, "commented"
    anchor = "#comment"
    rate_name, rate_setting = "consultation", "CONSULTATION"
    closed_message = _("本次意见征集不在征集期内，不能提交意见。")
    ip_limit_message = _("提交过于频繁，请一小时后再试。")
    phone_limit_message = _("该手机号码今天提交的意见已达上限，请明天再提。")

    def __init__(self, request, page):
        super().__init__(request, page)
        self.articles = page.numbered_articles()

    def accepts(self):
        return self.page.accepts_comments

    def form_kwargs(self):
        return {"articles": self.articles}

    def initial(self):
        return {"article": _article_id(self.request)}

    def page_context(self):
        recent = published_comments(self.page)
        return {
            "articles": self.articles,
            "attachments": list(self.page.attachments.select_related("document")),
            "recent_comments": list(recent[:RECENT]),
            "comment_count": recent.count(),
            "feedback": ConsultationFeedbackPage.objects.live()
            .child_of(self.page)
            .first(),
        }

    def submit(self, data, ip):
        workflow.submit_comment(
            self.page,
            name=data["name"],
            phone=data["phone"],
            organisation=data["organisation"],
            content=data["content"],
            article=data["article"],
            ip=ip,
        )


consultation = Commenting.view()


def comment_list(request, page):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    comments = published_comments(page)
    page_obj = Paginator(comments, PER_PAGE).get_page(request.GET.get("page"))
    response = page.render(
        request,
        template="interaction/consultation_comments.html",
        context_overrides={"page_obj": page_obj},
    )
    if page.state == S.OPEN:
        add_never_cache_headers(response)
    return response
