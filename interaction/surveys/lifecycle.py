"""The life cycle of a survey.

A survey page becomes a :class:`Survey` when the review workflow publishes it
(:func:`sync_from_page`); :func:`transition` is the only way its state changes
afterwards: it validates the action, applies it, writes an append-only
:class:`SurveyEvent` and queues the notices in the same transaction.

==========  =====================  ====================  ======================
action      from                   to                    by
==========  =====================  ====================  ======================
open        scheduled              open                  system (at opens_at)
close       scheduled, open        closed (final         system (at closes_at)
                                   results, summary)
extend      scheduled, open        (unchanged; later     organiser (unit
            (before closes_at)     closes_at)            editors, webmaster)
void        scheduled, open,       (unchanged; the       organiser
            closed                 answer is voided)
==========  =====================  ====================  ======================

Answers are accepted by the clock (``opens_at <= now < closes_at``), so a
late beat never keeps a survey open; :func:`tick` (Celery beat, at the start
of every minute) does the bookkeeping: status, final count, summary. Closing
locks the survey row, which waits for answers being stored and makes later
ones see the survey closed (see answers.submit)."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..mailbox.roles import SYSTEM, actor_label
from ..models import Survey, SurveyEvent, SurveyResponse
from . import notify, results

logger = logging.getLogger(__name__)
OPEN_STATES = (Survey.Status.SCHEDULED, Survey.Status.OPEN)


def sync_from_page(page, user=None):
    """Create or update the survey of a page that was just published."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().filter(page=page).first()
        if survey is None:
            return Survey.objects.create(
                page=page,
                unit_id=page.unit_id,
                organiser=page.owner or user,
                opens_at=page.opens_at,
                closes_at=page.closes_at,
            )
        if survey.status == Survey.Status.CLOSED:
            return survey
        survey.unit_id = page.unit_id
        if survey.status == Survey.Status.SCHEDULED:
            survey.opens_at = page.opens_at
        # An extension granted since stays unless the page moves it later.
        survey.closes_at = (
            max(page.closes_at, survey.closes_at) if survey.extended else page.closes_at
        )
        survey.save(update_fields=["unit", "opens_at", "closes_at"])
        return survey


def _event(survey, action, by, now, note="", before="", **data):
    return SurveyEvent.objects.create(
        survey=survey,
        action=action,
        from_status=before,
        to_status=survey.status,
        actor=None if by is SYSTEM else by,
        actor_label=actor_label(by),
        note=note,
        data=data,
        created_at=now,
    )


def _may_manage(by, survey):
    if by is SYSTEM:
        return True
    return Survey.objects.manageable_by(by).filter(pk=survey.pk).exists()


def transition(survey, action, *, by, note="", now=None, **data):
    """Apply ``action`` to ``survey``; raises ValidationError (in Chinese)
    when it may not happen now, PermissionDenied when ``by`` may not."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = (
            Survey.objects.select_for_update().select_related("page").get(pk=survey.pk)
        )
        before = survey.status
        if action == "open":
            if by is not SYSTEM:
                raise PermissionDenied
            if before != Survey.Status.SCHEDULED or now < survey.opens_at:
                raise ValidationError(_("调查未到开始时间或已开始。"))
            survey.status, survey.opened_at = Survey.Status.OPEN, now
            survey.save(update_fields=["status", "opened_at"])
            _event(survey, "open", by, now, before=before)
        elif action == "close":
            if by is not SYSTEM:
                raise PermissionDenied
            if before not in OPEN_STATES or now < survey.closes_at:
                raise ValidationError(_("调查未到结束时间或已结束。"))
            survey.status, survey.closed_at = Survey.Status.CLOSED, now
            survey.save(update_fields=["status", "closed_at"])
            figures = results.aggregate(survey, final=True, now=now)
            _event(survey, "close", by, now, before=before, responses=figures.responses)
            notify.closing_summary(survey, results.report(survey.page, figures))
        elif action == "extend":
            if not _may_manage(by, survey):
                raise PermissionDenied
            until = data.get("until")
            if before not in OPEN_STATES or now >= survey.closes_at:
                raise ValidationError(_("调查已结束，不能延期。"))
            if until is None or until <= survey.closes_at:
                raise ValidationError(_("延期后的结束时间应晚于原结束时间。"))
            if not note.strip():
                raise ValidationError(_("请填写延期理由。"))
            previous = survey.closes_at
            survey.closes_at = until.replace(second=0, microsecond=0)
            survey.extended = True
            survey.save(update_fields=["closes_at", "extended"])
            _event(
                survey,
                "extend",
                by,
                now,
                note=note,
                before=before,
                previous=previous.isoformat(),
                until=survey.closes_at.isoformat(),
            )
        else:
            raise ValidationError(_("未知操作。"))
    return survey


def void(response, *, by, reason, now=None):
    """Void a spam answer: kept, logged, left out of the results."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写作废原因。"))
    with transaction.atomic():
        response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        survey = Survey.objects.get(pk=response.survey_id)
        if not _may_manage(by, survey):
            raise PermissionDenied
        if response.status == SurveyResponse.Status.VOID:
            raise ValidationError(_("该答卷已作废。"))
        response.status = SurveyResponse.Status.VOID
        response.void_reason = reason[:200]
        response.voided_at = now
        response.save(update_fields=["status", "void_reason", "voided_at"])
        _event(
            survey,
            "void",
            by,
            now,
            note=reason,
            before=survey.status,
            response=response.pk,
        )
        results.mark_stale(survey)
        transaction.on_commit(lambda: _queue_aggregation(survey.pk))
    return response


def _queue_aggregation(survey_id):
    from ..tasks import aggregate_survey

    try:
        aggregate_survey.delay(survey_id)
    except Exception:  # the broker is down: refresh_results picks it up
        logger.warning(
            "Could not queue the count of survey %s.", survey_id, exc_info=True
        )


def tick(now=None):
    """Open and close the surveys that are due; returns what was done."""
    now = now or timezone.now()
    done = {"opened": 0, "closed": 0}
    live = Survey.objects.filter(page__live=True)
    for survey in live.filter(status=Survey.Status.SCHEDULED, opens_at__lte=now):
        if survey.closes_at > now:
            transition(survey, "open", by=SYSTEM, now=now)
            done["opened"] += 1
    for survey in Survey.objects.filter(
        status__in=OPEN_STATES, closes_at__lte=now
    ).order_by("closes_at"):
        transition(survey, "close", by=SYSTEM, now=now)
        done["closed"] += 1
    return done


def refresh_results(now=None):
    """Count again the surveys under way and any whose answers were voided
    since their last count."""
    refreshed = 0
    for survey in Survey.objects.filter(
        status=Survey.Status.OPEN
    ) | Survey.objects.filter(results__stale=True):
        results.aggregate(survey, final=survey.status == Survey.Status.CLOSED, now=now)
        refreshed += 1
    return refreshed
