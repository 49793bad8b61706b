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


@shared_task(name="disclosure.site_health")
def site_health():
    """Run the inspection rules and store the run (the dashboard's trend)."""
    from .reports import health

    return health.run().pk


@shared_task(name="disclosure.monthly_bulletin")
def monthly_bulletin():
    """The county office's 通报 of the month just ended."""
    from .reports import monthly

    return monthly.generate().pk
