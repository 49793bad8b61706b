"""Celery tasks: thin wrappers around the domain functions, so the same work
runs from a test, a management command or a worker."""

from celery import shared_task

from . import outbox


@shared_task(name="interaction.ping")
def ping(token):
    """Echo ``token``; operators and the test suite use it to prove that the
    broker, a worker and the result backend are all reachable."""
    return {"pong": token}


@shared_task(name="interaction.send_notification", bind=True, max_retries=None)
def send_notification(self, notification_id):
    result = outbox.deliver(notification_id)
    if result == outbox.RETRY and not self.request.is_eager:
        from .models import Notification

        attempts = (
            Notification.objects.filter(pk=notification_id)
            .values_list("attempts", flat=True)
            .first()
        ) or 1
        raise self.retry(countdown=outbox.backoff(attempts).total_seconds())
    return result


@shared_task(name="interaction.sweep_outbox")
def sweep_outbox():
    return outbox.sweep()


@shared_task(name="interaction.purge_rate_limits")
def purge_rate_limits():
    from .mailbox import ratelimit

    return ratelimit.purge_expired()


@shared_task(name="interaction.check_deadlines")
def check_deadlines():
    from .mailbox import deadlines

    return deadlines.run()


@shared_task(name="interaction.monthly_report")
def monthly_report():
    from .mailbox import figures

    report = figures.generate_monthly_report()
    return report.pk if report else None


@shared_task(name="interaction.surveys_tick")
def surveys_tick():
    """Open and close the surveys that are due (beat: every minute)."""
    from .surveys import lifecycle

    return lifecycle.tick()


@shared_task(name="interaction.surveys_refresh_results")
def surveys_refresh_results():
    from .surveys import lifecycle

    return lifecycle.refresh_results()


@shared_task(name="interaction.aggregate_survey")
def aggregate_survey(survey_id):
    from .surveys import results

    return results.aggregate(survey_id).responses


@shared_task(name="interaction.build_survey_export")
def build_survey_export(export_id):
    from .surveys import exports

    return exports.build(export_id)


@shared_task(name="interaction.surveys_housekeeping")
def surveys_housekeeping():
    """Mask the phone numbers of sent survey SMS, drop dead codes and old
    export files."""
    from .surveys import exports, identity, notify

    return {
        "scrubbed": notify.scrub_sent(),
        "codes": identity.purge_codes(),
        "exports": exports.purge(),
    }


@shared_task(name="interaction.switch_interviews")
def switch_interviews():
    from .interviews import schedule

    return schedule.run()


@shared_task(name="interaction.switch_consultations")
def switch_consultations():
    from .consultations import schedule

    return schedule.run()


@shared_task(name="interaction.check_consultation_feedback")
def check_consultation_feedback():
    from .consultations import schedule

    return schedule.check_feedback()


@shared_task(name="interaction.check_application_deadlines")
def check_application_deadlines():
    from .applications import deadlines

    return deadlines.run()


@shared_task(name="interaction.annual_report_reminders")
def annual_report_reminders():
    from . import reports

    return reports.send_annual_report_reminders()
