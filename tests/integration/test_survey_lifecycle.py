"""A survey opens and closes by itself at the right minute, its results are
a recount of the valid answers, spam is voided (kept and logged), and the
closing summary goes to the organiser and the unit's reviewers."""

import datetime
import random

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from disclosure.models import Unit
from disclosure.review.workflow import review_page, unit_of
from interaction.models import (
    Notification,
    Survey,
    SurveyEvent,
    SurveyResponse,
    SurveyResults,
)
from interaction.surveys import lifecycle, results
from interaction.tasks import aggregate_survey, surveys_tick
from tests.factories import publish_unreviewed, survey_page

pytestmark = pytest.mark.django_db

CLOSES = datetime.datetime(2026, 11, 20, 18, 0, tzinfo=datetime.UTC)


def user_in(group, name, email=True):
    user = get_user_model().objects.create(
        username=name, email=f"{name}@suixian.gov.cn" if email else ""
    )
    user.groups.add(group)
    return user


def test_beat_runs_the_tick_at_the_start_of_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["interaction-surveys-tick"]
    assert entry["task"] == surveys_tick.name
    assert entry["schedule"] == crontab(minute="*")


def test_a_survey_opens_and_closes_at_the_right_minute(demo_db):
    unit = Unit.objects.get(slug="jyuj")
    organiser = user_in(unit.editors_group, "organiser")
    reviewer = user_in(unit.reviewers_group, "jyuj_reviewer")
    user_in(unit.reviewers_group, "no_mail_reviewer", email=False)
    page = survey_page(
        opens_at=CLOSES - datetime.timedelta(days=7),
        closes_at=CLOSES,
        owner=organiser,
    )
    survey = Survey.objects.get(pk=page.pk)
    assert survey.status == Survey.Status.SCHEDULED

    lifecycle.tick(now=CLOSES - datetime.timedelta(days=7, seconds=1))
    assert Survey.objects.get(pk=page.pk).status == Survey.Status.SCHEDULED
    lifecycle.tick(now=CLOSES - datetime.timedelta(days=7))
    assert Survey.objects.get(pk=page.pk).status == Survey.Status.OPEN

    survey.refresh_from_db()
    assert survey.accepts_answers(CLOSES - datetime.timedelta(seconds=1))
    assert not survey.accepts_answers(CLOSES)  # by the clock, beat or not

    lifecycle.tick(now=CLOSES - datetime.timedelta(seconds=1))
    assert Survey.objects.get(pk=page.pk).status == Survey.Status.OPEN
    assert lifecycle.tick(now=CLOSES)["closed"] >= 1
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED and survey.closed_at == CLOSES
    assert SurveyResults.objects.get(survey=survey).final
    assert list(survey.events.values_list("action", "actor_label")) == [
        ("open", "系统"),
        ("close", "系统"),
    ]
    summaries = Notification.objects.filter(topic="survey-summary")
    assert sorted(summaries.values_list("recipient", flat=True)) == sorted(
        [organiser.email, reviewer.email]
    )
    assert page.title in summaries.first().subject
    assert f"/admin/surveys/{survey.pk}/" in summaries.first().body
    # Running the tick again changes nothing and sends nothing twice.
    lifecycle.tick(now=CLOSES + datetime.timedelta(minutes=1))
    assert summaries.count() == 2 and survey.events.count() == 2


def random_answers(page, n, seed=9):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        answers = {}
        for q in page.question_list:
            ids = [o for o, _l in q.options]
            if q.kind == "single":
                answers[q.id] = rng.choice(ids)
            elif q.kind == "multiple":
                answers[q.id] = rng.sample(ids, rng.randint(1, 2))
            elif q.kind == "rating":
                answers[q.id] = rng.randint(1, 5)
            elif q.kind == "matrix":
                answers[q.id] = {r: rng.choice(ids) for r, _l in q.rows}
            elif rng.random() < 0.3:
                answers[q.id] = "意见"
        rows.append(
            SurveyResponse(
                survey_id=page.pk,
                phone_hash=f"{seed}-{i}",
                answers=answers,
                status="void" if i % 17 == 0 else "valid",
            )
        )
    SurveyResponse.objects.bulk_create(rows)


@pytest.mark.services
def test_the_results_equal_a_recount_of_the_raw_answers(demo_db):
    """The recount asks PostgreSQL directly (JSON operators), apart from the
    aggregation code."""
    page = survey_page()
    random_answers(page, 500)
    aggregate_survey.delay(page.pk)
    report = results.report(page, SurveyResults.objects.get(survey_id=page.pk))
    valid = SurveyResponse.objects.filter(survey_id=page.pk, status="valid")
    assert report["responses"] == valid.count() == 500 - 30
    assert report["voided"] == 30
    for item, q in zip(report["questions"], page.question_list, strict=True):
        if q.kind == "single":
            for option in item["options"]:
                assert (
                    option["count"]
                    == valid.filter(**{f"answers__{q.id}": option["id"]}).count()
                )
        elif q.kind == "multiple":
            for option in item["options"]:
                assert (
                    option["count"]
                    == valid.filter(
                        **{f"answers__{q.id}__contains": [option["id"]]}
                    ).count()
                )
        elif q.kind == "rating":
            for option in item["options"]:
                assert (
                    option["count"]
                    == valid.filter(**{f"answers__{q.id}": int(option["id"])}).count()
                )
            scores = [r.answers[q.id] for r in valid]
            assert item["average"] == round(sum(scores) / len(scores), 2)
        elif q.kind == "matrix":
            for row in item["rows"]:
                for cell in row["cells"]:
                    assert (
                        cell["count"]
                        == valid.filter(
                            **{f"answers__{q.id}__{row['id']}": cell["id"]}
                        ).count()
                    )
        else:
            assert item["answered"] == valid.filter(answers__has_key=q.id).count()
    days = sum(day["count"] for day in report["timeline"])
    assert days == report["responses"]
    # PostgreSQL counts in SQL; other databases in Python: the same figures.
    in_python = results.count(
        page.question_list, valid.values_list("answers", "submitted_at")
    )
    assert in_python == results.count_in_postgres(page.survey, page.question_list)


def test_voided_answers_are_kept_logged_and_left_out(
    demo_db, django_capture_on_commit_callbacks
):
    page = survey_page()
    random_answers(page, 20, seed=3)
    SurveyResponse.objects.filter(survey_id=page.pk).update(status="valid")
    results.aggregate(page.survey)
    spam = SurveyResponse.objects.filter(survey_id=page.pk).first()
    editor = user_in(Unit.objects.get(slug="jyuj").editors_group, "jyuj_editor")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.void(spam, by=editor, reason="同一IP短时间大量提交")
    spam.refresh_from_db()
    assert spam.status == "void" and spam.void_reason == "同一IP短时间大量提交"
    figures = SurveyResults.objects.get(survey_id=page.pk)
    assert (figures.responses, figures.voided, figures.stale) == (19, 1, False)
    event = SurveyEvent.objects.get(survey_id=page.pk, action="void")
    assert event.actor == editor and event.data == {"response": spam.pk}
    with pytest.raises(ValidationError):
        lifecycle.void(spam, by=editor, reason="再次")
    outsider = user_in(Unit.objects.get(slug="czj").editors_group, "czj_editor")
    other = SurveyResponse.objects.filter(survey_id=page.pk, status="valid").first()
    with pytest.raises(PermissionDenied):
        lifecycle.void(other, by=outsider, reason="不是我的")
    assert SurveyResponse.objects.filter(survey_id=page.pk).count() == 20


def test_a_survey_is_extended_before_it_closes_and_never_after(demo_db):
    page = survey_page(closes_at=CLOSES, opens_at=CLOSES - datetime.timedelta(days=3))
    editor = user_in(Unit.objects.get(slug="jyuj").editors_group, "jyuj_editor2")
    later = CLOSES + datetime.timedelta(days=5)
    now = CLOSES - datetime.timedelta(hours=1)
    survey = lifecycle.transition(
        page.survey, "extend", by=editor, note="参与人数不足", until=later, now=now
    )
    assert survey.closes_at == later and survey.extended
    event = survey.events.get(action="extend")
    assert event.note == "参与人数不足" and event.data["previous"] == CLOSES.isoformat()
    lifecycle.tick(now=CLOSES)
    assert Survey.objects.get(pk=page.pk).status != Survey.Status.CLOSED
    # Publishing the page again keeps the extension.
    lifecycle.sync_from_page(page)
    assert Survey.objects.get(pk=page.pk).closes_at == later
    lifecycle.tick(now=later)
    with pytest.raises(ValidationError):
        lifecycle.transition(
            survey,
            "extend",
            by=editor,
            note="再延",
            until=later + datetime.timedelta(days=1),
        )
    with pytest.raises(PermissionDenied):
        lifecycle.transition(page.survey, "close", by=editor)


def test_the_survey_is_reviewed_by_its_unit_with_its_questions_checked(demo_db):
    page = survey_page(
        unit_slug="czj",
        publish=False,
        questions=[
            (
                "single",
                {
                    "label": "联系人张三电话13900001111是否方便",
                    "required": True,
                    "options": ["是", "否"],
                },
            )
        ],
    )
    assert unit_of(page) == Unit.objects.get(slug="czj")
    findings, _links = review_page(page)
    assert any(f.rule == "mobile-number" and f.blocks for f in findings)


def test_a_published_revision_becomes_the_survey(demo_db):
    page = survey_page(publish=False)
    publish_unreviewed(page)
    survey = Survey.objects.get(pk=page.pk)
    assert survey.unit_id == page.unit_id and survey.closes_at == page.closes_at
    assert survey.status == Survey.Status.SCHEDULED
    lifecycle.tick(now=timezone.now())
    assert Survey.objects.get(pk=page.pk).status == Survey.Status.OPEN
