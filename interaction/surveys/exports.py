"""XLSX exports of a survey: every answer (valid and void, free text masked)
and the summary of the results.

Small surveys are exported at once; beyond ``SURVEY_EXPORT_SYNC_LIMIT``
answers :func:`request` stores a :class:`SurveyExport` and a Celery task
(:func:`build`) writes the file to the private storage (outside MEDIA_ROOT),
from where the admin serves it only to those who may see the survey."""

import io
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .. import conf
from ..mailbox import privacy
from ..models import SurveyExport, SurveyResponse, SurveyResults
from . import blocks as kinds
from . import results as survey_results

logger = logging.getLogger(__name__)
CHUNK = 2000


def _cell(question, value):
    if value in (None, "", [], {}):
        return ""
    if question.kind == kinds.SINGLE:
        return question.option_label(value)
    if question.kind == kinds.MULTIPLE:
        return "；".join(question.option_label(v) for v in value)
    if question.is_text:
        return privacy.redact(str(value))
    return value


def raw_columns(questions):
    headers = [_("答卷编号"), _("提交时间"), _("状态"), _("作废原因")]
    for q in questions:
        if q.kind == kinds.MATRIX:
            headers += [f"{q.number}. {q.label}（{label}）" for _id, label in q.rows]
        else:
            headers.append(f"{q.number}. {q.label}")
    return headers


def raw_row(questions, response):
    answers = response.answers or {}
    row = [
        response.pk,
        timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
        response.get_status_display(),
        response.void_reason,
    ]
    for q in questions:
        value = answers.get(q.id)
        if q.kind == kinds.MATRIX:
            value = value or {}
            row += [q.option_label(value.get(row_id, "")) for row_id, _l in q.rows]
        else:
            row.append(_cell(q, value))
    return row


def _save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def raw_xlsx(survey):
    questions = survey.page.question_list
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("原始答卷"))
    sheet.append(raw_columns(questions))
    responses = (
        SurveyResponse.objects.filter(survey=survey)
        .order_by("pk")
        .only("pk", "submitted_at", "status", "void_reason", "answers")
    )
    count = 0
    for response in responses.iterator(chunk_size=CHUNK):
        sheet.append(raw_row(questions, response))
        count += 1
    return _save(workbook), count


def summary_xlsx(survey):
    page = survey.page
    row = SurveyResults.objects.filter(survey=survey).first()
    report = survey_results.report(page, row)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("统计汇总"))
    sheet.append([page.title])
    if report is None:
        sheet.append([_("尚未统计。")])
        return _save(workbook), 0
    sheet.append(
        [
            _("有效答卷"),
            report["responses"],
            _("作废答卷"),
            report["voided"],
            _("统计时间"),
            timezone.localtime(report["computed_at"]).strftime("%Y-%m-%d %H:%M"),
        ]
    )
    for question in report["questions"]:
        sheet.append([])
        sheet.append(
            [f"{question['number']}. {question['label']}", question["answered"]]
        )
        if question["kind"] == kinds.MATRIX:
            sheet.append([""] + [p["label"] for p in question["scale"]])
            for r in question["rows"]:
                sheet.append([r["label"]] + [c["count"] for c in r["cells"]])
        elif "options" in question:
            sheet.append([_("选项"), _("人数"), _("比例（%）")])
            for option in question["options"]:
                sheet.append([option["label"], option["count"], option["percent"]])
            if question.get("average") is not None:
                sheet.append([_("平均分"), question["average"]])
    sheet.append([])
    sheet.append([_("日期"), _("答卷数")])
    for day in report["timeline"]:
        sheet.append([day["date"], day["count"]])
    return _save(workbook), report["responses"]


BUILDERS = {SurveyExport.Kind.RAW: raw_xlsx, SurveyExport.Kind.SUMMARY: summary_xlsx}


def file_name(survey, kind):
    label = _("原始答卷") if kind == SurveyExport.Kind.RAW else _("统计汇总")
    return f"{survey.page.title[:40]}-{label}.xlsx"


def is_large(survey, kind):
    if kind != SurveyExport.Kind.RAW:
        return False
    limit = conf.get("SURVEY_EXPORT_SYNC_LIMIT")
    return SurveyResponse.objects.filter(survey=survey)[: limit + 1].count() > limit


def request(survey, kind, user):
    """A large export to be built by a worker: the row, and the task queued
    once the row is committed (a broker outage leaves it pending; the
    housekeeping task picks it up)."""
    with transaction.atomic():
        export = SurveyExport.objects.create(
            survey=survey, kind=kind, requested_by=user
        )
        transaction.on_commit(lambda: _queue(export.pk))
    return export


def _queue(export_id):
    from ..tasks import build_survey_export

    try:
        build_survey_export.delay(export_id)
    except Exception:
        logger.warning("Could not queue export %s.", export_id, exc_info=True)


def build(export_id):
    export = (
        SurveyExport.objects.select_related("survey__page")
        .filter(pk=export_id, status=SurveyExport.Status.PENDING)
        .first()
    )
    if export is None:
        return None
    try:
        content, rows = BUILDERS[export.kind](export.survey)
    except Exception as error:
        logger.exception("Export %s failed.", export_id)
        SurveyExport.objects.filter(pk=export.pk).update(
            status=SurveyExport.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return SurveyExport.Status.FAILED
    export.file.save("export.xlsx", ContentFile(content), save=False)
    export.rows = rows
    export.status = SurveyExport.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "rows", "status", "finished_at"])
    return SurveyExport.Status.READY


def purge(now=None):
    """Delete export files older than ``SURVEY_EXPORT_KEEP_DAYS`` and build
    the ones a broker outage left pending."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=conf.get("SURVEY_EXPORT_KEEP_DAYS"))
    removed = 0
    for export in SurveyExport.objects.filter(requested_at__lte=cutoff):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        removed += 1
    stuck = SurveyExport.objects.filter(
        status=SurveyExport.Status.PENDING,
        requested_at__lte=now - timedelta(minutes=10),
    ).values_list("pk", flat=True)
    for pk in stuck:
        build(pk)
    return removed
