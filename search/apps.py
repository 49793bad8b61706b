from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import post_page_move


class SearchConfig(AppConfig):
    name = "search"
    label = "govsearch"
    verbose_name = _("站内搜索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from disclosure.models import Category, Topic, Unit

        from .lexicon import bump_version
        from .models import SynonymGroup

        # The site's words (units, places, categories, synonyms) are cached
        # per process; a change reloads them everywhere.
        for model in (Unit, Category, Topic, SynonymGroup):
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_version, sender=model, dispatch_uid=f"search-lexicon-{model}"
                )
        post_page_move.connect(pages_moved, dispatch_uid="search-documents-moved")


def pages_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    """A move or a reorder rewrites the paths of the pages under both
    parents (siblings shift too); the search's rows follow."""
    from wagtail.models import Page

    from . import documents

    parents = Page.objects.filter(
        pk__in={parent_page_before.pk, parent_page_after.pk}
    ).values_list("path", flat=True)
    for path in parents:
        documents.refresh_paths(path)
