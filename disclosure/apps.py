from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = _("政府信息公开")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import signals  # noqa: F401
        from .models import FixedName, TypoEntry
        from .review import gate
        from .review.page_checks import forget_word_lists

        for model in (FixedName, TypoEntry):
            post_save.connect(
                forget_word_lists, sender=model, dispatch_uid=f"wl-{model}"
            )
            post_delete.connect(
                forget_word_lists, sender=model, dispatch_uid=f"wd-{model}"
            )
        gate.connect()
