from celery import shared_task


@shared_task(name="interaction.ping")
def ping(token):
    """Echo ``token``; operators and the test suite use it to prove that the
    broker, a worker and the result backend are all reachable."""
    return {"pong": token}
