from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The 随县 demo site (``manage.py load_demo``): it builds every
    channel's demo data, so it imports every app and no app imports it."""

    name = "demo"
    verbose_name = _("演示数据")
