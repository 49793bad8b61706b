"""What the citizen channels contribute to disclosure's reports, through the
hooks disclosure defines (registered in wagtail_hooks.py): the annual
report's Table 3 and channel counts, the monthly 通报's figures, the site
health rules about unanswered messages, and the annual report reminders."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure.reports import health

from .applications import figures as application_figures
from .mailbox import figures as letter_figures
from .models import Application, Letter, Survey, SurveyResponse


def report_figures(unit, year):
    """Table 3 and the channels' counts of ``unit`` (None: county-wide)."""
    letters = letter_figures.letters_in(year)
    surveys = Survey.objects.filter(opens_at__year=year)
    if unit is not None:
        letters = letters.filter(unit=unit)
        surveys = surveys.filter(unit=unit)
    mail = letters.aggregate(
        received=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    survey_count = surveys.count()
    answers = SurveyResponse.objects.filter(survey__in=surveys).count()
    table3 = application_figures.table3(unit, year)
    received = table3[application_figures.NEW]["总计"]
    channels = []
    if mail["received"]:
        channels.append(
            {
                "name": _("书记县长信箱"),
                "received": mail["received"],
                "answered": mail["answered"],
                "summary": _(
                    "书记县长信箱全年收到群众来信%(received)s件，已答复%(answered)s件。"
                )
                % mail,
            }
        )
    if survey_count:
        channels.append(
            {
                "name": _("在线调查"),
                "received": answers,
                "answered": survey_count,
                "summary": _("开展在线调查%(n)s次，收到答卷%(answers)s份。")
                % {"n": survey_count, "answers": answers},
            }
        )
    if received:
        channels.append(
            {
                "name": _("依申请公开"),
                "received": received,
                "answered": table3[application_figures.RESULTS]["总计"]["总计"],
                "summary": _("受理政府信息公开申请%(n)s件，办理情况见第三部分。")
                % {"n": received},
            }
        )
    return {"table3": table3, "channels": channels}


def _aware(day):
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def health_checks(today):
    """Letters and applications unanswered past their deadline (errors), or
    for over three months (the inspection's veto)."""
    from .models.letters import alert_cutoff

    found = []
    cutoff = alert_cutoff(today)
    for letter in Letter.objects.alert(today).order_by("pk"):
        found.append(
            health.Finding(
                "letter_unanswered",
                health.VETO,
                letter.number,
                _("来信“%(subject)s”超过3个月未答复（%(date)s收信）。")
                % {"subject": letter.subject, "date": f"{letter.received_at:%Y-%m-%d}"},
                reverse("mailbox_letters:detail", args=[letter.pk]),
            )
        )
    for letter in (
        Letter.objects.overdue(today).filter(received_at__gte=cutoff).order_by("pk")
    ):
        found.append(
            health.Finding(
                "letter_overdue",
                health.ERROR,
                letter.number,
                _("来信“%(subject)s”已超过答复期限（%(due)s）。")
                % {"subject": letter.subject, "due": letter.due_on},
                reverse("mailbox_letters:detail", args=[letter.pk]),
            )
        )
    for application in Application.objects.overdue(today).order_by("pk"):
        vetoed = application.received_on and application.received_on < cutoff.date()
        found.append(
            health.Finding(
                "application_unanswered" if vetoed else "application_overdue",
                health.VETO if vetoed else health.ERROR,
                application.number,
                _("政府信息公开申请%(number)s已超过答复期限（%(due)s）未答复。")
                % {"number": application.number, "due": application.due_on},
                reverse("applications:detail", args=[application.pk]),
            )
        )
    return found


def consultation_checks(today):
    """意见征集 closed without the 采纳情况反馈 by its deadline."""
    from .consultations.schedule import awaiting_feedback

    return [
        health.Finding(
            "consultation_feedback_overdue",
            health.ERROR,
            page.title,
            _("意见征集结束后未按期（%(due)s前）发布意见采纳情况反馈。")
            % {"due": page.feedback_due_on},
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
        )
        for page in awaiting_feedback().filter(feedback_due_on__lt=today)
    ]


def monthly_figures(units, start, end):
    """Per unit: letters received and answered on time, applications answered
    and on time, surveys opened, in [start, end)."""
    letters = dict(
        (row["unit"], row)
        for row in Letter.objects.counted()
        .filter(received_at__gte=_aware(start), received_at__lt=_aware(end))
        .order_by()
        .values("unit")
        .annotate(
            letters=Count("pk"),
            letters_on_time=Count("pk", filter=Q(answered_on_time=True)),
        )
    )
    applications = dict(
        (row["unit"], row)
        for row in Application.objects.filter(decided_on__gte=start, decided_on__lt=end)
        .order_by()
        .values("unit")
        .annotate(
            applications=Count("pk"),
            applications_on_time=Count("pk", filter=Q(answered_on_time=True)),
        )
    )
    surveys = dict(
        Survey.objects.filter(opens_at__gte=_aware(start), opens_at__lt=_aware(end))
        .order_by()
        .values_list("unit")
        .annotate(n=Count("pk"))
    )
    result = {
        "_columns": [
            ("letters", _("来信")),
            ("letters_on_time", _("按时答复来信")),
            ("applications", _("办结申请")),
            ("applications_on_time", _("按时答复申请")),
            ("surveys", _("在线调查")),
        ]
    }
    for unit in units:
        mail = letters.get(unit.pk, {})
        apps = applications.get(unit.pk, {})
        result[unit.pk] = {
            "letters": mail.get("letters", 0),
            "letters_on_time": mail.get("letters_on_time", 0),
            "applications": apps.get("applications", 0),
            "applications_on_time": apps.get("applications_on_time", 0),
            "surveys": surveys.get(unit.pk, 0),
        }
    return result


def send_annual_report_reminders(today=None):
    """In January, remind the departments and townships that have not
    published last year's annual report (due 31 January); in March, the
    county government (due 31 March). One e-mail per unit and day, through
    the outbox. Returns how many were queued."""
    from django.db import transaction

    from disclosure.models import Unit
    from disclosure.reports.panels import deadline, units_without_report

    from . import outbox
    from .models import Notification

    today = today or timezone.localdate()
    year = today.year - 1
    if today.month == 1:
        units = units_without_report(year).exclude(kind=Unit.Kind.COUNTY)
    elif today.month == 3:
        units = units_without_report(year).filter(kind=Unit.Kind.COUNTY)
    else:
        return 0
    queued = 0
    with transaction.atomic():
        for unit in units:
            due = deadline(unit, year)
            key = f"annual-report:{year}:{unit.pk}:{today.isoformat()}"
            if (
                not unit.email
                or Notification.objects.filter(idempotency_key=key).exists()
            ):
                continue
            outbox.enqueue(
                channel=Notification.Channel.EMAIL,
                recipient=unit.email,
                subject=_("请按期发布%(year)s年度政府信息公开工作年度报告")
                % {"year": year},
                body=_(
                    "%(unit)s：根据《中华人民共和国政府信息公开条例》第五十条，"
                    "请于%(due)s前在本单位政府信息公开栏目发布%(year)s年度"
                    "政府信息公开工作年度报告。"
                )
                % {"unit": unit.name, "due": f"{due:%Y年%m月%d日}", "year": year},
                key=key,
                topic="annual_report",
            )
            queued += 1
    return queued
