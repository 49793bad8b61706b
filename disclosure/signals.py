import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import (
    bump_content_version,
    invalidate_all_pages,
    model_changed,
    page_changed,
    page_moved,
)
from .models import (
    Category,
    DisclosureItemPage,
    Topic,
    Unit,
    UnitColumnPage,
    WorkdayOverride,
)

# 20 working days never span more than this many calendar days, even across
# the Spring Festival and National Day weeks.
DEADLINE_SPAN_DAYS = 60


def recompute_due_dates(day):
    """Items whose deadline period contains ``day`` get their deadline again;
    a deadline moves later, never earlier (DOMAIN.md), so the later of the
    stored and the recomputed date is kept."""
    items = DisclosureItemPage.objects.filter(
        formed_on__gte=day - datetime.timedelta(days=DEADLINE_SPAN_DAYS),
        formed_on__lt=day,
    ).only("pk", "formed_on", "due_on")
    changed = []
    for item in items.iterator():
        due_on = item.compute_due_on()
        if item.due_on is None or due_on > item.due_on:
            item.due_on = due_on
            changed.append(item)
    DisclosureItemPage.objects.bulk_update(changed, ["due_on"], batch_size=500)
    return len(changed)


def calendar_changed(day):
    """After a working-day override for ``day`` was saved or deleted: the
    items' deadlines here, then every ``after_workday_calendar_change`` hook
    (other apps' deadlines, e.g. letters), each called with ``day``."""
    recompute_due_dates(day)
    for fn in hooks.get_hooks("after_workday_calendar_change"):
        fn(day)


@receiver(post_save, sender=WorkdayOverride, dispatch_uid="override_due_dates_saved")
@receiver(post_delete, sender=WorkdayOverride, dispatch_uid="override_due_dates_gone")
def _calendar_changed(sender, instance, **kwargs):
    # After commit, so that the calendar cache sees the new row.
    day = instance.day
    transaction.on_commit(lambda: calendar_changed(day))


for _signal in (page_published, page_unpublished, post_page_move):
    _signal.connect(bump_content_version, dispatch_uid=f"content-version-{_signal}")
post_delete.connect(
    bump_content_version, sender=Page, dispatch_uid="content-version-del"
)

# The full-page cache (disclosure/pagecache.py): what each change makes stale.
for _signal in (page_published, page_unpublished):
    _signal.connect(page_changed, dispatch_uid=f"page-cache-{_signal}")
post_delete.connect(page_changed, sender=Page, dispatch_uid="page-cache-del")
post_page_move.connect(page_moved, dispatch_uid="page-cache-move")
post_save.connect(model_changed, dispatch_uid="page-cache-models-saved")
post_delete.connect(model_changed, dispatch_uid="page-cache-models-deleted")


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="restriction-saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="restriction-gone")
def restriction_changed(**kwargs):
    """A page made private (or public again): no cached page, fragment or
    search result (the search's scope keys on the content version) may show
    it to the public a moment longer."""
    bump_content_version()
    invalidate_all_pages()


@receiver(post_save, sender=Unit, dispatch_uid="unit_reviewers_saved")
@receiver(post_delete, sender=Unit, dispatch_uid="unit_reviewers_gone")
@receiver(post_save, sender=Category, dispatch_uid="taxonomy_category_saved")
@receiver(post_delete, sender=Category, dispatch_uid="taxonomy_category_gone")
@receiver(post_save, sender=Topic, dispatch_uid="taxonomy_topic_saved")
@receiver(post_delete, sender=Topic, dispatch_uid="taxonomy_topic_gone")
def _taxonomy_changed(sender, **kwargs):
    """Cached reviewer groups of the units and the catalogue's filter choices."""
    from django.core.cache import cache

    from .catalogue import TAXONOMY_KEY
    from .models.review import UNIT_REVIEWERS_KEY

    cache.delete_many([UNIT_REVIEWERS_KEY, TAXONOMY_KEY])


@receiver(m2m_changed, sender=get_user_model().groups.through)
def _groups_changed(sender, instance, **kwargs):
    # The review tasks remember a user's groups for a request.
    instance.__dict__.pop("_review_group_ids", None)


@receiver(post_save, sender=UnitColumnPage, dispatch_uid="translated_column_grants")
def _column_created(sender, instance, created, raw=False, **kwargs):
    # A translation of a column (or wagtail-localize's mirror of it, made when
    # a page below it is translated) belongs to the same unit's editors.
    if created and not raw and instance.unit_id:
        from .provisioning import grant_column_permissions

        grant_column_permissions(instance.unit, instance)


def queue_traditional_update(page_id):
    from .tasks import update_traditional

    transaction.on_commit(lambda: update_traditional.delay(page_id))


@receiver(page_published, dispatch_uid="update_traditional_translation")
def _original_published(sender, instance, **kwargs):
    """A published 简体 original brings its 繁體 translation up to date (the
    update goes into the review, see disclosure/translation/traditional.py)."""
    if instance.locale.language_code != "zh-hans":
        return
    if Page.objects.filter(
        translation_key=instance.translation_key, locale__language_code="zh-hant"
    ).exists():
        queue_traditional_update(instance.pk)
