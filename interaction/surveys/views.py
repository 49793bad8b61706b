"""Public views of surveys, served by the routes of
:class:`~interaction.models.SurveyPage` and
:class:`~interaction.models.SurveyIndexPage`.

The form page reads the page and its survey row; the results page and the
JSON read the results row written by the aggregation task, never the
answers, so each runs the same queries whatever the number of answers."""

from django.forms.utils import ErrorDict
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from .. import conf
from ..mailbox import captcha, privacy, ratelimit
from ..models import Survey, SurveyPage, SurveyResults
from . import answers, charts, identity
from . import results as survey_results
from .forms import AnswerForm, PhoneForm

THANKS_KEY = "survey_thanks"
SEND_CODE = "send_code"


def _render(page, request, template, context, status=200):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response


def survey_of(page):
    """The page's survey (None before it was first published)."""
    return Survey.objects.filter(page_id=page.pk).first()


def results_public(page, survey, now=None):
    if survey is None:
        return False
    visibility = page.results_visibility
    if visibility == SurveyPage.Visibility.LIVE:
        return True
    if visibility == SurveyPage.Visibility.AFTER_CLOSE:
        return survey.has_ended(now)
    return False


def public_report(page, survey):
    row = SurveyResults.objects.filter(survey=survey).first()
    report = survey_results.report(page, row)
    if report is not None:
        charts.decorate(report)
    return report


# --------------------------------------------------------------------------
# The form


def survey(request, page):
    record = survey_of(page)
    if getattr(request, "is_preview", False):
        # Reviewers see the questions as citizens will; nothing is stored.
        form = AnswerForm(page=page, request=request)
        notice = _("预览：调查发布并开始后方可提交。")
        return _form_response(request, page, record, form, notice=notice)
    now = timezone.now()
    open_now = bool(record and page.live and record.accepts_answers(now))
    if request.method == "POST" and not open_now:
        return _closed(request, page, record, status=403)
    if not open_now:
        return _closed(request, page, record)
    if request.method != "POST":
        return _form_response(
            request, page, record, AnswerForm(page=page, request=request)
        )

    if captcha.wants_new_question(request):
        form = AnswerForm(captcha.typed(request), page=page, request=request)
        return _form_response(request, page, record, captcha.unjudged(form))
    ip = ratelimit.client_ip(request)
    if request.POST.get("action") == SEND_CODE and page.verification == "sms":
        return _send_code(request, page, record, ip)
    form = AnswerForm(request.POST, page=page, request=request)
    if not ratelimit.hit(
        "survey-answer-ip", f"{record.pk}:{ip}", "SURVEY_RATE_ANSWER_IP"
    ):
        unjudged(form)
        return _form_response(
            request,
            page,
            record,
            form,
            status=429,
            message=_("提交过于频繁，请稍后再试。"),
        )
    if not form.is_valid():
        return _form_response(request, page, record, form, status=400)
    data = form.cleaned_data
    try:
        answers.submit(
            record,
            answers=form.answers(),
            texts=form.texts(),
            phone=data.get("phone"),
            code=(data.get("code") or "").strip(),
            browser_token=identity.browser_token(request, record),
        )
    except answers.BadCode as error:
        form.add_error("code", error)
        return _form_response(request, page, record, form, status=400)
    except answers.Refused as error:
        return _form_response(
            request, page, record, form, status=error.status, message=error.messages[0]
        )
    request.session[THANKS_KEY] = page.pk
    return redirect(page.url + page.reverse_subpage("thanks"))


def _send_code(request, page, record, ip):
    form = AnswerForm(request.POST, page=page, request=request)
    phone_form = PhoneForm(request.POST)
    if not phone_form.is_valid():
        unjudged(form, phone=phone_form.errors["phone"])
        return _form_response(request, page, record, form, status=400)
    unjudged(form)
    phone = phone_form.cleaned_data["phone"]
    limits = [
        ("survey-code-phone-minute", phone, "SURVEY_RATE_CODE_PHONE_MINUTE"),
        ("survey-code-phone", phone, "SURVEY_RATE_CODE_PHONE"),
        ("survey-code-ip", ip, "SURVEY_RATE_CODE_IP"),
    ]
    for scope, value, setting in limits:
        if not ratelimit.hit(scope, value, setting):
            return _form_response(
                request,
                page,
                record,
                form,
                status=429,
                message=_("获取验证码过于频繁，请稍后再试。"),
            )
    try:
        answers.request_code(record, phone)
    except answers.Refused as error:
        return _form_response(
            request, page, record, form, status=error.status, message=error.messages[0]
        )
    notice = _("验证码已发送至%(phone)s，%(minutes)s分钟内有效。") % {
        "phone": privacy.mask_phone(phone),
        "minutes": conf.get("SURVEY_CODE_TTL_MINUTES"),
    }
    return _form_response(request, page, record, form, notice=notice)


def unjudged(form, **errors):
    """Show ``form`` as typed without judging the answers (after “获取验证码”
    nothing was submitted yet), with only ``errors``."""
    form._errors = ErrorDict(errors)


def error_summary(form):
    """``[(field id, label, message)]`` for the summary above the form."""
    if not form.is_bound:
        return []
    labels = {}
    for group in form.question_groups:
        question = group["question"]
        for bound in group["fields"]:
            row = f"（{bound.label}）" if bound.label != question.label else ""
            labels[bound.name] = f"{question.number}. {question.label}{row}"
    summary = []
    for name, messages in form.errors.items():
        if name == "__all__":
            continue
        bound = form[name]
        widget_id = bound.auto_id
        if bound.field.widget.use_fieldset:
            widget_id += "_0"
        label = labels.get(name) or str(bound.label)
        summary.extend((widget_id, label, message) for message in messages)
    return summary


def _form_response(request, page, record, form, status=200, message="", notice=""):
    context = {
        "survey": record,
        "form": form,
        "errors": error_summary(form),
        "limit_message": message,
        "code_notice": notice,
        "results_link": results_public(page, record),
    }
    if page.verification == SurveyPage.Verification.OPEN:
        context["captcha_src"] = captcha.new(request)
    response = _render(
        page, request, "interaction/surveys/survey_page.html", context, status
    )
    if page.verification == SurveyPage.Verification.OPEN and record is not None:
        identity.ensure_browser_token(request, response, record)
    response["Cache-Control"] = "private, no-store"
    return response


def _closed(request, page, record, status=200):
    now = timezone.now()
    context = {
        "survey": record,
        "phase": record.phase(now) if record else Survey.Status.SCHEDULED,
        "message": answers.not_open_message(record, now)
        if record
        else _("本次调查尚未发布。"),
        "report": public_report(page, record)
        if results_public(page, record, now)
        else None,
        "results_hidden": page.results_visibility == SurveyPage.Visibility.NEVER,
    }
    return _render(
        page, request, "interaction/surveys/survey_closed.html", context, status
    )


def thanks(request, page):
    if request.session.get(THANKS_KEY) != page.pk:
        return redirect(page.url)
    record = survey_of(page)
    context = {"survey": record, "results_link": results_public(page, record)}
    return _render(page, request, "interaction/surveys/survey_thanks.html", context)


# --------------------------------------------------------------------------
# Results


def results(request, page):
    record = survey_of(page)
    if not results_public(page, record):
        raise Http404
    context = {"survey": record, "report": public_report(page, record)}
    return _render(page, request, "interaction/surveys/survey_results.html", context)


def results_json_at(request, page_path):
    """``<survey url>results.json``: Wagtail's page URLs end in a slash, so
    this name is routed by govsite/urls.py to the page it follows."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [part for part in page_path.split("/") if part]
    page, _args, _kwargs = site.root_page.localized.specific.route(request, components)
    if not isinstance(page, SurveyPage) or not page.live:
        raise Http404
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    return results_json(request, page)


def results_json(request, page):
    record = survey_of(page)
    if not results_public(page, record):
        raise Http404
    row = SurveyResults.objects.filter(survey=record).first()
    report = survey_results.report(page, row)
    payload = {
        "survey": {
            "title": page.title,
            "url": page.full_url,
            "unit": page.unit.name if page.unit_id else "",
            "opens_at": record.opens_at.isoformat(),
            "closes_at": record.closes_at.isoformat(),
            "status": record.phase(),
        },
        "results": None,
    }
    if report is not None:
        for question in report["questions"]:
            question.pop("summary_lines", None)
        report["computed_at"] = report["computed_at"].isoformat()
        payload["results"] = report
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --------------------------------------------------------------------------
# The list


def survey_index(request, index):
    now = timezone.now()
    pages = (
        SurveyPage.objects.live()
        .public()
        .descendant_of(index)
        .select_related("survey", "unit")
        .order_by("-opens_at", "-pk")
    )
    groups = {
        Survey.Status.OPEN: [],
        Survey.Status.SCHEDULED: [],
        Survey.Status.CLOSED: [],
    }
    for item in pages[:200]:
        record = getattr(item, "survey", None)
        if record is None:
            continue
        groups[record.phase(now)].append(item)
    context = {
        "open_surveys": groups[Survey.Status.OPEN],
        "upcoming_surveys": groups[Survey.Status.SCHEDULED],
        "closed_surveys": groups[Survey.Status.CLOSED][:50],
    }
    return _render(
        index, request, "interaction/surveys/survey_index_page.html", context
    )
