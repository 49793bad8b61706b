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


@shared_task(name="disclosure.update_traditional")
def update_traditional(page_id):
    """Machine-translate a published page's zh-hant translation again and
    submit it to the review (disclosure/translation/traditional.py)."""
    from .translation.traditional import update_traditional as update

    page = update(page_id)
    return page.pk if page is not None else None
