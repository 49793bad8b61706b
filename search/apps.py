from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


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
