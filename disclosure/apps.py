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
        bind_forms()


def bind_forms():
    """The page editors' forms. Wagtail reads ``base_form_class`` from the
    model; it is set here, so that the model modules do not import forms
    (which import the models)."""
    from .forms import DisclosureItemForm
    from .models import AnnualReportPage, DisclosureItemPage
    from .reports.forms import AnnualReportForm

    DisclosureItemPage.base_form_class = DisclosureItemForm
    AnnualReportPage.base_form_class = AnnualReportForm
