"""Public views of the mailbox, served by the routes of
:class:`~interaction.models.InteractionIndexPage` and
:class:`~interaction.models.MailboxPage`.

Privacy: public listings read only the redacted ``public_*`` fields (the
querysets load nothing else); the look-up page shows the writer's own letter
redacted, with the phone number masked."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from ..models import Category, Letter, MailboxPage, Status
from . import captcha, figures, privacy, ratelimit, workflow
from .forms import LetterForm, LookupForm, PublicLetterFilter, RatingForm
from .roles import CITIZEN

LETTERS_PER_PAGE = 20
RECEIPT_KEY = "mailbox_receipt"
AUTHORIZED_KEY = "mailbox_letters"
PUBLIC_FIELDS = [
    "number",
    "category",
    "public_name",
    "public_subject",
    "public_content",
    "public_reply",
    "received_at",
    "answered_at",
    "mailbox__title",
    "mailbox__url_path",
    "reply_unit__name",
    "reply_unit__short_name",
]

#: What the writer sees of each state.
PUBLIC_STATUS = {
    Status.SUBMITTED: gettext_lazy("待受理"),
    Status.DECLINED: gettext_lazy("不予受理"),
    Status.ANSWERED: gettext_lazy("已答复"),
    Status.CLOSED: gettext_lazy("已办结"),
}


def public_status(letter):
    return PUBLIC_STATUS.get(letter.status) or _("办理中")


def published_letters():
    return (
        Letter.objects.published()
        .select_related("mailbox", "reply_unit")
        .only(*PUBLIC_FIELDS)
        .order_by("-answered_at", "-pk")
    )


def _render(page, request, template, context, status=200):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response


# --------------------------------------------------------------------------
# Writing


# Pages with a captcha, a query code or a writer's own letter are per person:
# never_cache keeps them out of browser and shared caches (private, no-store).
@never_cache
def write_letter(request, mailbox):
    context = {"recent_letters": published_letters().filter(mailbox=mailbox)[:5]}
    if request.method != "POST":
        form = LetterForm(mailbox=mailbox, request=request)
        return _write_response(request, mailbox, form, context)

    if captcha.wants_new_question(request):
        form = LetterForm(captcha.typed(request), mailbox=mailbox, request=request)
        return _write_response(request, mailbox, captcha.unjudged(form), context)
    ip = ratelimit.client_ip(request)
    if not ratelimit.hit("submit-ip", ip, "MAILBOX_RATE_IP"):
        form = LetterForm(request.POST, mailbox=mailbox, request=request)
        context["limit_message"] = _("提交过于频繁，请一小时后再试。")
        return _write_response(request, mailbox, form, context, status=429)

    form = LetterForm(request.POST, request.FILES, mailbox=mailbox, request=request)
    if not form.is_valid():
        return _write_response(request, mailbox, form, context, status=400)
    data = form.cleaned_data
    if not ratelimit.hit("submit-phone", data["phone"], "MAILBOX_RATE_PHONE"):
        context["limit_message"] = _(
            "该手机号码今天的来信已达上限，请明天再写，或通过原信件补充说明。"
        )
        return _write_response(request, mailbox, form, context, status=429)
    try:
        letter, code = workflow.submit(
            mailbox,
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            category=data["category"],
            subject=data["subject"],
            content=data["content"],
            consent_publish=data["consent_publish"],
            uploads=data["attachments"],
            ip=ip,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _write_response(request, mailbox, form, context, status=400)
    request.session[RECEIPT_KEY] = {"number": letter.number, "code": code}
    _authorize(request, letter.number)
    return redirect(mailbox.url + "submitted/")


def _write_response(request, mailbox, form, context, status=200):
    context.update(form=form, captcha_src=captcha.new(request))
    return _render(mailbox, request, "interaction/mailbox_page.html", context, status)


@never_cache
def letter_submitted(request, mailbox):
    receipt = request.session.pop(RECEIPT_KEY, None)
    if not receipt:
        return redirect(mailbox.url)
    return _render(
        mailbox,
        request,
        "interaction/letter_submitted.html",
        {"receipt": receipt, "index": mailbox.get_parent()},
    )


# --------------------------------------------------------------------------
# Look-up and rating


def _authorize(request, number):
    numbers = list(request.session.get(AUTHORIZED_KEY, []))
    if number not in numbers:
        numbers = (numbers + [number])[-20:]
        request.session[AUTHORIZED_KEY] = numbers


@never_cache
def lookup(request, index):
    form = LookupForm(request.POST if request.method == "POST" else None)
    context = {"form": form}
    if request.method != "POST":
        return _render(index, request, "interaction/lookup.html", context)
    if not form.is_valid():
        return _render(index, request, "interaction/lookup.html", context, 400)
    # Failures count per letter number: guessing one letter's code is what the
    # limit stops, and citizens behind one proxy must not lock each other out.
    number = workflow.normalize_number(form.cleaned_data["number"])
    if ratelimit.exceeded("lookup-number", number, "MAILBOX_RATE_LOOKUP"):
        context["limit_message"] = _("该信件编号查询失败次数过多，请一小时后再试。")
        return _render(index, request, "interaction/lookup.html", context, 429)
    letter = workflow.find_by_code(number, form.cleaned_data["code"])
    if letter is None:
        ratelimit.hit("lookup-number", number, "MAILBOX_RATE_LOOKUP")
        form.add_error(None, _("信件编号或查询码不正确，请核对后重新输入。"))
        return _render(index, request, "interaction/lookup.html", context, 400)
    _authorize(request, letter.number)
    return redirect(
        index.url + index.reverse_subpage("query_result", args=[letter.number])
    )


@never_cache
def lookup_result(request, index, number):
    if number not in request.session.get(AUTHORIZED_KEY, []):
        return redirect(index.url + index.reverse_subpage("query"))
    letter = (
        Letter.objects.select_related("mailbox", "unit", "reply_unit")
        .filter(number=number)
        .first()
    )
    if letter is None:
        raise Http404
    form = RatingForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                workflow.transition(
                    letter,
                    "rate",
                    by=CITIZEN,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                return redirect(request.path + "?rated=1")
        else:
            status = 400
    events = [
        e
        for e in letter.events.all().order_by("created_at", "pk")
        if e.action in workflow.PUBLIC_ACTIONS
    ]
    personal = {"name": letter.name, "phone": letter.phone, "email": letter.email}
    context = {
        "letter": letter,
        "status_label": public_status(letter),
        "masked_name": privacy.mask_name(letter.name),
        "masked_phone": privacy.mask_phone(letter.phone),
        "content": privacy.redact(letter.content, **personal),
        "subject": privacy.redact(letter.subject, **personal),
        "reply": letter.reply if letter.answered_at else "",
        "history": [
            {
                "at": e.created_at,
                "label": workflow.action_label(e.action),
                "detail": _event_detail(e),
            }
            for e in events
        ],
        "can_rate": letter.status == Status.ANSWERED and not letter.rating,
        "rating_form": form,
        "rated": request.GET.get("rated") == "1",
    }
    return _render(index, request, "interaction/lookup_result.html", context, status)


def _event_detail(event):
    data = event.data or {}
    if event.action == "assign":
        return _("转%(unit)s办理，答复期限%(due)s") % {
            "unit": data.get("unit", ""),
            "due": data.get("due_on", ""),
        }
    if event.action == "decline":
        return _("原因：%(reason)s") % {"reason": data.get("reason", "")} + (
            f"。{event.note}" if event.note else ""
        )
    if event.action == "rate":
        return data.get("rating", "")
    if event.action == "reschedule":
        return _("因节假日调整，答复期限顺延至%(due)s") % {
            "due": data.get("due_on", "")
        }
    if event.action == "approve_extension":
        return _("答复期限延至%(due)s") % {"due": data.get("due_on", "")}
    if event.action == "reopen":
        return _("根据您的评价重新办理，答复期限%(due)s") % {
            "due": data.get("due_on", "")
        }
    return ""


# --------------------------------------------------------------------------
# Public lists and figures


def interaction_index(request, index):
    year = timezone.localdate().year
    context = {
        "mailboxes": index.mailboxes(),
        # The other channels (在线访谈, 意见征集 …) are the index's other children.
        "channels": index.get_children().live().not_type(MailboxPage).order_by("path"),
        "latest_letters": published_letters()[:10],
        "year": year,
        "year_total": figures.total(figures.letters_in(year)),
    }
    return _render(index, request, "interaction/interaction_index_page.html", context)


def letter_list(request, index):
    mailboxes = list(index.mailboxes())
    form = PublicLetterFilter(
        request.GET or None, mailboxes=mailboxes, categories=Category.choices
    )
    letters = published_letters()
    status = 200
    query = {}
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            if data["q"]:
                q = data["q"].strip()
                letters = letters.filter(
                    Q(public_subject__icontains=q)
                    | Q(public_content__icontains=q)
                    | Q(public_reply__icontains=q)
                    | Q(number=q)
                )
            if data["mailbox"]:
                letters = letters.filter(mailbox_id=data["mailbox"])
            if data["category"]:
                letters = letters.filter(category=data["category"])
            query = {k: v for k, v in data.items() if v not in ("", None)}
        else:
            letters = letters.none()
            status = 400
    page_obj = Paginator(letters, LETTERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter_form": form,
        "page_obj": page_obj,
        "query_string": urlencode(query),
        "action": request.path,
    }
    return _render(index, request, "interaction/letter_list.html", context, status)


def letter_detail(request, index, number):
    letter = published_letters().filter(number=number).first()
    if letter is None:
        raise Http404
    return _render(index, request, "interaction/letter_detail.html", {"letter": letter})


def public_figures(request, index):
    known = figures.years()
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    if raw:
        if not raw.isdigit() or int(raw) not in known:
            context = {"years": known, "error": _("没有该年度的来信统计。")}
            return _render(index, request, "interaction/figures.html", context, 404)
        year = int(raw)
    else:
        year = this_year if this_year in known or not known else known[0]
    data = figures.summary(year)
    maximum = max((row.received for row in data["months"]), default=0)
    for row in data["months"]:
        row.bar = figures.chart_width(row.received, maximum)
        row.answered_bar = figures.chart_width(row.answered, maximum)
    context = {"years": known, **data}
    return _render(index, request, "interaction/figures.html", context)
