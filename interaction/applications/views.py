"""Public views of 依申请公开, served by the routes of
:class:`~interaction.models.ApplicationIndexPage`.

Privacy: the applicant's ID number, phone and address never appear on a
public page; the status page (reached with the query code only) shows them
masked, and the notices carry the name and the masked ID number only."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosure.models import Unit

from ..files import attachment_response
from ..mailbox import captcha, privacy, ratelimit
from ..models import (
    Application,
    ApplicationNotice,
    ApplicationStatus,
    DeliveryForm,
)
from . import pdf, workflow
from .actions import PUBLIC_ACTIONS
from .forms import ApplicationForm, CorrectionForm, LookupForm
from .notices import lines
from .roles import APPLICANT

RECEIPT_KEY = "application_receipt"
AUTHORIZED_KEY = "application_numbers"
S = ApplicationStatus

#: What the applicant sees of each state.
PUBLIC_STATUS = {
    S.SUBMITTED: gettext_lazy("已提交，待受理机关确认收到"),
    S.RECEIVED: gettext_lazy("办理中"),
    S.CORRECTION: gettext_lazy("待补正"),
    S.CONSULTING: gettext_lazy("办理中（征求第三方意见）"),
    S.ANSWERED: gettext_lazy("已答复"),
    S.DELIVERED: gettext_lazy("已送达"),
    S.CLOSED: gettext_lazy("已办结"),
    S.DISCARDED: gettext_lazy("无效申请"),
}


def _render(page, request, template, context, status=200):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    response["Cache-Control"] = "private, no-store"
    return response


def index(request, page):
    units = list(Unit.objects.ordered().only("name", "short_name", "slug", "kind"))
    groups = []
    for kind, label in Unit.Kind.choices:
        members = [u for u in units if u.kind == kind]
        if members:
            groups.append((label, members))
    return _render(
        page, request, "interaction/applications/index.html", {"unit_groups": groups}
    )


def _unit(slug):
    unit = Unit.objects.filter(slug=slug).first()
    if unit is None:
        raise Http404
    return unit


def _form_response(request, page, unit, form, context=None, status=200):
    context = dict(context or {}, unit=unit, form=form)
    context["captcha_src"] = captcha.new(request)
    return _render(
        page, request, "interaction/applications/apply.html", context, status
    )


def apply(request, page, unit_slug):
    unit = _unit(unit_slug)
    if request.method != "POST":
        return _form_response(request, page, unit, ApplicationForm(request=request))
    if captcha.wants_new_question(request):
        form = ApplicationForm(captcha.typed(request), request=request)
        return _form_response(request, page, unit, captcha.unjudged(form))
    ip = ratelimit.client_ip(request)
    form = ApplicationForm(request.POST, request=request)
    if not ratelimit.hit("application-ip", ip, "APPLICATION_RATE_IP"):
        message = _("提交过于频繁，请一小时后再试。")
        return _form_response(
            request, page, unit, form, {"limit_message": message}, 429
        )
    if not form.is_valid():
        return _form_response(request, page, unit, form, status=400)
    fields = form.application_fields()
    if not ratelimit.hit(
        "application-phone", fields["phone"], "APPLICATION_RATE_PHONE"
    ):
        message = _("该手机号码今天提交的申请已达上限，请明天再提交。")
        return _form_response(
            request, page, unit, form, {"limit_message": message}, 429
        )
    application, code = workflow.submit(unit, ip=ip, **fields)
    request.session[RECEIPT_KEY] = {"number": application.number, "code": code}
    _authorize(request, application.number)
    return redirect(page.url + page.reverse_subpage("submitted", args=[unit.slug]))


def submitted(request, page, unit_slug):
    unit = _unit(unit_slug)
    receipt = request.session.pop(RECEIPT_KEY, None)
    if not receipt:
        return redirect(page.url + page.reverse_subpage("apply", args=[unit.slug]))
    return _render(
        page,
        request,
        "interaction/applications/submitted.html",
        {"unit": unit, "receipt": receipt},
    )


def _authorize(request, number):
    numbers = list(request.session.get(AUTHORIZED_KEY, []))
    if number not in numbers:
        request.session[AUTHORIZED_KEY] = (numbers + [number])[-20:]


def lookup(request, page):
    form = LookupForm(request.POST or None)
    context = {"form": form}
    template = "interaction/applications/lookup.html"
    if request.method != "POST":
        return _render(page, request, template, context)
    ip = ratelimit.client_ip(request)
    if ratelimit.exceeded("application-lookup", ip, "APPLICATION_RATE_LOOKUP"):
        context["limit_message"] = _("查询失败次数过多，请一小时后再试。")
        return _render(page, request, template, context, 429)
    if not form.is_valid():
        return _render(page, request, template, context, 400)
    application = workflow.find_by_code(
        form.cleaned_data["number"], form.cleaned_data["code"]
    )
    if application is None:
        ratelimit.hit("application-lookup", ip, "APPLICATION_RATE_LOOKUP")
        form.add_error(None, _("申请编号或查询码不正确，请核对后重新输入。"))
        return _render(page, request, template, context, 400)
    _authorize(request, application.number)
    return redirect(
        page.url + page.reverse_subpage("status", args=[application.number])
    )


def _authorized(request, page, number):
    """The application when this session may see it; else None."""
    if number not in request.session.get(AUTHORIZED_KEY, []):
        return None
    application = (
        Application.objects.select_related("unit", "letter")
        .filter(number=number)
        .first()
    )
    if application is None:
        raise Http404
    return application


def _history(application):
    events = application.events.filter(action__in=PUBLIC_ACTIONS).order_by(
        "created_at", "pk"
    )
    return [
        {
            "at": event.created_at,
            "label": workflow.action_label(event.action),
            "due_on": (event.data or {}).get("due_on", ""),
            "detail": _event_detail(event),
        }
        for event in events
    ]


def _event_detail(event):
    data = event.data or {}
    if event.action in ("answer", "redirect", "correction_lapsed"):
        return data.get("outcome", "")
    if event.action == "request_correction":
        return _("请于%(due)s前补正") % {"due": data.get("correction_due_on", "")}
    if event.action == "deliver":
        return data.get("method", "")
    return ""


def status(request, page, number):
    application = _authorized(request, page, number)
    if application is None:
        return redirect(page.url + page.reverse_subpage("query"))
    form = None
    response_status = 200
    if application.status == S.CORRECTION:
        form = CorrectionForm(request.POST or None)
        if request.method == "POST":
            if form.is_valid():
                try:
                    workflow.transition(
                        application,
                        "correct",
                        by=APPLICANT,
                        text=form.cleaned_data["text"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                    response_status = 400
                else:
                    return redirect(request.path + "?corrected=1")
            else:
                response_status = 400
    elif request.method == "POST":
        response_status = 400
    context = {
        "application": application,
        "status_label": PUBLIC_STATUS.get(application.status, ""),
        "masked_name": privacy.mask_name(application.name),
        "masked_phone": privacy.mask_phone(application.phone),
        "masked_id": privacy.mask_id_number(application.id_number),
        "history": _history(application),
        "notices": list(application.notices.order_by("created_at", "pk")),
        "attachments": list(application.attachments.all())
        if application.outcome
        else [],
        "links": application.information_links.splitlines(),
        "correction_form": form,
        "corrected": request.GET.get("corrected") == "1",
    }
    if application.letter_id:
        # The applicant follows the letter the application became (Art. 39).
        from ..mailbox.views import AUTHORIZED_KEY as LETTERS_KEY

        numbers = list(request.session.get(LETTERS_KEY, []))
        if application.letter.number not in numbers:
            request.session[LETTERS_KEY] = (numbers + [application.letter.number])[-20:]
        context["letter_url"] = _letter_url(page, application.letter)
    return _render(
        page, request, "interaction/applications/status.html", context, response_status
    )


def _letter_url(page, letter):
    index = page.get_parent().specific
    return index.url + index.reverse_subpage("query_result", args=[letter.number])


def _notice(request, page, number, notice_pk):
    application = _authorized(request, page, number)
    if application is None:
        return None, None
    notice = ApplicationNotice.objects.filter(
        pk=notice_pk, application=application
    ).first()
    if notice is None:
        raise Http404
    return application, notice


def _record_online_delivery(application, notice):
    """Reading the answer online delivers it when the applicant chose 网上查看."""
    if (
        notice.kind == ApplicationNotice.Kind.DECISION
        and application.status == S.ANSWERED
        and application.delivery_form == DeliveryForm.ONLINE
    ):
        try:
            workflow.transition(
                application, "deliver", by=APPLICANT, method=DeliveryForm.ONLINE
            )
        except ValidationError:
            pass  # delivered meanwhile


def notice(request, page, number, notice_pk):
    application, item = _notice(request, page, number, notice_pk)
    if application is None:
        return redirect(page.url + page.reverse_subpage("query"))
    _record_online_delivery(application, item)
    context = {
        "application": application,
        "notice": item,
        "lines": lines(dict(item.content, reference=item.reference)),
        "pdf_url": page.url
        + page.reverse_subpage("notice_pdf", args=[application.number, item.pk]),
    }
    return _render(page, request, "interaction/applications/notice.html", context)


def notice_pdf(request, page, number, notice_pk):
    application, item = _notice(request, page, number, notice_pk)
    if application is None:
        return redirect(page.url + page.reverse_subpage("query"))
    _record_online_delivery(application, item)
    response = HttpResponse(pdf.render(item), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{application.number}-{item.kind}-{item.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def attachment(request, page, number, file_pk):
    application = _authorized(request, page, number)
    if application is None or not application.outcome:
        raise Http404
    return attachment_response(application.attachments, file_pk)
