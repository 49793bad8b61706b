"""Public views of the consultations, served by the routes of
:class:`~interaction.models.ConsultationPage`: the draft with its articles,
the comment form (on the whole draft or one article, pre-selected with
``?article=<id>`` so that it works without JavaScript) and the published
comments. The public side reads only the masked ``public_*`` fields."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from ..mailbox import captcha, ratelimit
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


def consultation(request, page):
    if request.method == "POST":
        return comment(request, page)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    articles = page.numbered_articles()
    form = None
    if page.accepts_comments:
        form = CommentForm(
            request=request,
            articles=articles,
            initial={"article": _article_id(request)},
        )
    commented = bool(request.session.pop(COMMENTED_KEY, False))
    return render(request, page, form, articles, commented=commented)


def render(request, page, form, articles, status=200, **extra):
    recent = published_comments(page)
    context = {
        "articles": articles,
        "attachments": list(page.attachments.select_related("document")),
        "recent_comments": list(recent[:RECENT]),
        "comment_count": recent.count(),
        "feedback": ConsultationFeedbackPage.objects.live().child_of(page).first(),
        "form": form,
        "captcha_src": captcha.new(request) if form is not None else "",
        **extra,
    }
    response = page.render(request, context_overrides=context)
    response.status_code = status
    if form is not None or page.state != S.CONCLUDED:
        # The form is per user; the state changes without a publish.
        add_never_cache_headers(response)
    return response


def comment(request, page):
    articles = page.numbered_articles()
    if not page.accepts_comments:
        return render(
            request,
            page,
            None,
            articles,
            status=400,
            closed_message=_("本次意见征集不在征集期内，不能提交意见。"),
        )
    if captcha.wants_new_question(request):
        form = CommentForm(captcha.typed(request), request=request, articles=articles)
        return render(request, page, captcha.unjudged(form), articles)
    ip = ratelimit.client_ip(request)
    form = CommentForm(request.POST, request=request, articles=articles)
    if not ratelimit.hit("consultation-ip", ip, "CONSULTATION_RATE_IP"):
        return render(
            request,
            page,
            form,
            articles,
            status=429,
            limit_message=_("提交过于频繁，请一小时后再试。"),
        )
    if not form.is_valid():
        return render(request, page, form, articles, status=400)
    data = form.cleaned_data
    if not ratelimit.hit(
        "consultation-phone", data["phone"], "CONSULTATION_RATE_PHONE"
    ):
        return render(
            request,
            page,
            form,
            articles,
            status=429,
            limit_message=_("该手机号码今天提交的意见已达上限，请明天再提。"),
        )
    try:
        workflow.submit_comment(
            page,
            name=data["name"],
            phone=data["phone"],
            organisation=data["organisation"],
            content=data["content"],
            article=data["article"],
            ip=ip,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, page, form, articles, status=400)
    request.session[COMMENTED_KEY] = True
    return redirect(page.get_url(request) + "#comment")


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
