from celery import shared_task


@shared_task(
    name="disclosure.check_external_links",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def check_external_links(run_id):
    """Check a review run's external links, which may be slow or down."""
    from .review.workflow import check_external_links_of

    return check_external_links_of(run_id)
