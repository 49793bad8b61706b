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
