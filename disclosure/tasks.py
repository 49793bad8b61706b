from celery import shared_task


@shared_task(
    name="disclosure.check_external_links",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
)
def check_external_links(run_id):
    """Check a review run's external links, which may be slow or down."""
    from .review.page_checks import check_external_links_of

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


@shared_task(name="disclosure.update_traditional")
def update_traditional(page_id):
    """Machine-translate a published page's zh-hant translation again and
    submit it to the review (disclosure/translation/traditional.py)."""
    from .translation.traditional import update_traditional as update

    page = update(page_id)
    return page.pk if page is not None else None
