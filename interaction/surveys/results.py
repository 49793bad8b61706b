"""Results: :func:`aggregate` counts the valid answers of a survey into its
:class:`SurveyResults` row (run by Celery on a schedule while the survey is
open, once at closing, and after answers are voided); :func:`report` turns
that row and the page's questions into the figures the results page, the JSON
and the admin report show. Nothing here but :func:`aggregate` reads answers.

The stored counts are keyed by ids::

    {"questions": {qid: {"counts": {option id: n}, "answered": n,
                         "cells": {row id: {scale id: n}},
                         "sum": n (rating)}},
     "days": {"2026-11-02": n}}
"""

from collections import Counter, defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..models import Survey, SurveyResponse, SurveyResults
from . import blocks as kinds
from .questions import RATING_POINTS

CHUNK = 5000


def count(questions, rows):
    """Counts of ``rows`` of ``(answers, submitted_at)``."""
    by_id = {q.id: q for q in questions}
    figures = {
        q.id: {"answered": 0, "counts": Counter(), "cells": defaultdict(Counter)}
        for q in questions
    }
    days = Counter()
    total = 0
    for answers, submitted_at in rows:
        total += 1
        days[timezone.localtime(submitted_at).date().isoformat()] += 1
        for qid, value in (answers or {}).items():
            question = by_id.get(qid)
            if question is None or value in (None, "", [], {}):
                continue
            entry = figures[qid]
            entry["answered"] += 1
            kind = question.kind
            if kind == kinds.SINGLE or kind == kinds.RATING:
                entry["counts"][str(value)] += 1
            elif kind == kinds.MULTIPLE:
                entry["counts"].update(value)
            elif kind == kinds.MATRIX:
                for row_id, point in value.items():
                    entry["cells"][row_id][point] += 1
    data = {
        qid: {
            "answered": entry["answered"],
            "counts": dict(entry["counts"]),
            "cells": {row: dict(cells) for row, cells in entry["cells"].items()},
        }
        for qid, entry in figures.items()
    }
    return total, {"questions": data, "days": dict(sorted(days.items()))}


# PostgreSQL counts inside the database (jsonb functions), an order of
# magnitude faster than decoding every answer in Python; other databases
# use count(). Both give the same figures (tests/integration).
PG_ANSWERED = """
    SELECT e.key, count(*) FROM {table} r, jsonb_each(r.answers) e
    WHERE r.survey_id = %s AND r.status = 'valid' GROUP BY 1"""
PG_SCALARS = """
    SELECT e.key, NULL, e.value #>> '{{}}', count(*)
    FROM {table} r, jsonb_each(r.answers) e
    WHERE r.survey_id = %s AND r.status = 'valid' AND e.key = ANY(%s)
    GROUP BY 1, 3"""
PG_PICKS = """
    SELECT e.key, NULL, x.v, count(*)
    FROM {table} r, jsonb_each(r.answers) e, jsonb_array_elements_text(e.value) x(v)
    WHERE r.survey_id = %s AND r.status = 'valid' AND e.key = ANY(%s)
      AND jsonb_typeof(e.value) = 'array'
    GROUP BY 1, 3"""
PG_CELLS = """
    SELECT e.key, m.key, m.value, count(*)
    FROM {table} r, jsonb_each(r.answers) e, jsonb_each_text(e.value) m
    WHERE r.survey_id = %s AND r.status = 'valid' AND e.key = ANY(%s)
      AND jsonb_typeof(e.value) = 'object'
    GROUP BY 1, 2, 3"""
PG_DAYS = """
    SELECT (r.submitted_at AT TIME ZONE %s)::date, count(*) FROM {table} r
    WHERE r.survey_id = %s AND r.status = 'valid' GROUP BY 1 ORDER BY 1"""


def count_in_postgres(survey, questions):
    table = connection.ops.quote_name(SurveyResponse._meta.db_table)
    by_kind = defaultdict(list)
    for q in questions:
        by_kind[q.kind].append(q.id)
    data = {
        q.id: {"answered": 0, "counts": {}, "cells": defaultdict(dict)}
        for q in questions
    }
    with connection.cursor() as cursor:
        cursor.execute(PG_ANSWERED.format(table=table), [survey.pk])
        for qid, n in cursor.fetchall():
            if qid in data:
                data[qid]["answered"] = n
        for sql, ids in (
            (PG_SCALARS, by_kind[kinds.SINGLE] + by_kind[kinds.RATING]),
            (PG_PICKS, by_kind[kinds.MULTIPLE]),
            (PG_CELLS, by_kind[kinds.MATRIX]),
        ):
            if not ids:
                continue
            cursor.execute(sql.format(table=table), [survey.pk, ids])
            for qid, row_id, value, n in cursor.fetchall():
                if row_id is None:
                    data[qid]["counts"][value] = n
                else:
                    data[qid]["cells"][row_id][value] = n
        cursor.execute(PG_DAYS.format(table=table), [settings.TIME_ZONE, survey.pk])
        days = {day.isoformat(): n for day, n in cursor.fetchall()}
    for entry in data.values():
        entry["cells"] = dict(entry["cells"])
    total = SurveyResponse.objects.filter(
        survey=survey, status=SurveyResponse.Status.VALID
    ).count()
    return total, {"questions": data, "days": days}


def count_answers(survey, questions):
    if connection.vendor == "postgresql":
        return count_in_postgres(survey, questions)
    answers = (
        SurveyResponse.objects.filter(survey=survey, status=SurveyResponse.Status.VALID)
        .order_by()
        .values_list("answers", "submitted_at")
    )
    return count(questions, answers.iterator(chunk_size=CHUNK))


def aggregate(survey, *, final=False, now=None):
    """Count the valid answers of ``survey`` into its results row."""
    survey = (
        survey
        if isinstance(survey, Survey)
        else Survey.objects.select_related("page").get(pk=survey)
    )
    questions = survey.page.question_list
    now = now or timezone.now()
    with transaction.atomic():
        total, data = count_answers(survey, questions)
        voided = SurveyResponse.objects.filter(
            survey=survey, status=SurveyResponse.Status.VOID
        ).count()
        results, _created = SurveyResults.objects.update_or_create(
            survey=survey,
            defaults={
                "responses": total,
                "voided": voided,
                "data": data,
                "computed_at": now,
                "stale": False,
                "final": final,
            },
        )
    return results


def mark_stale(survey):
    SurveyResults.objects.filter(survey=survey).update(stale=True)


def _percent(n, total):
    return round(100 * n / total, 1) if total else 0.0


def _rating(question, entry):
    counts = entry.get("counts", {})
    answered = entry.get("answered", 0)
    total = sum(int(point) * counts.get(str(point), 0) for point in RATING_POINTS)
    rows = [
        {
            "id": str(point),
            "label": f"{point}分",
            "count": counts.get(str(point), 0),
            "percent": _percent(counts.get(str(point), 0), answered),
        }
        for point in RATING_POINTS
    ]
    average = round(total / answered, 2) if answered else None
    return rows, average


def _question_report(question, entry, responses):
    answered = entry.get("answered", 0)
    item = {
        "id": question.id,
        "number": question.number,
        "kind": question.kind,
        "label": question.label,
        "answered": answered,
    }
    counts = entry.get("counts", {})
    # Percentages of the people who answered the question (for multiple
    # choice they add up to more than 100).
    if question.kind in (kinds.SINGLE, kinds.MULTIPLE):
        item["options"] = [
            {
                "id": option_id,
                "label": label,
                "count": counts.get(option_id, 0),
                "percent": _percent(counts.get(option_id, 0), answered),
            }
            for option_id, label in question.options
        ]
        item["summary_lines"] = [
            f"{o['label']}：{o['count']}（{o['percent']}%）" for o in item["options"]
        ]
    elif question.kind == kinds.RATING:
        item["options"], item["average"] = _rating(question, entry)
        item["summary_lines"] = [
            f"平均{item['average'] if item['average'] is not None else '—'}分，"
            f"{answered}人评分"
        ]
    elif question.kind == kinds.MATRIX:
        cells = entry.get("cells", {})
        item["scale"] = [{"id": i, "label": label} for i, label in question.options]
        item["rows"] = []
        for row_id, label in question.rows:
            row_counts = cells.get(row_id, {})
            row_total = sum(row_counts.get(i, 0) for i, _label in question.options)
            item["rows"].append(
                {
                    "id": row_id,
                    "label": label,
                    "answered": row_total,
                    "cells": [
                        {
                            "id": i,
                            "label": point,
                            "count": row_counts.get(i, 0),
                            "percent": _percent(row_counts.get(i, 0), row_total),
                        }
                        for i, point in question.options
                    ],
                }
            )
        item["summary_lines"] = [
            r["label"]
            + "："
            + "，".join(f"{c['label']}{c['count']}" for c in r["cells"])
            for r in item["rows"]
        ]
    else:
        item["summary_lines"] = [f"{answered}人填写"]
    return item


def report(page, results):
    """The public figures of ``page``'s survey from its results row (None
    while nothing was counted yet)."""
    if results is None:
        return None
    data = results.data or {}
    stored = data.get("questions", {})
    questions = [
        _question_report(q, stored.get(q.id, {}), results.responses)
        for q in page.question_list
    ]
    days = data.get("days", {})
    return {
        "responses": results.responses,
        "voided": results.voided,
        "computed_at": results.computed_at,
        "final": results.final,
        "questions": questions,
        "timeline": [{"date": day, "count": n} for day, n in days.items()],
    }
