"""Admin labels Wagtail builds from field names, so no catalogue can
translate them: the sites list's columns (Column("site_name") is labelled
"Site name"). Relies on Column.label being a plain attribute, checked by
tests/integration/test_admin_language.py."""

from django.utils.translation import gettext_lazy as _

SITE_COLUMNS = {"port": _("端口"), "site_name": _("站点名称"), "root_page": _("根页面")}


def label_site_columns():
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in SITE_COLUMNS:
            column.label = SITE_COLUMNS[column.name]
