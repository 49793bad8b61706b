"""Admin text no catalogue can translate, because Wagtail does not pass it
through gettext:

- the sites list's columns, labelled from field names (Column("site_name")
  is "Site name"): relabelled here (Column.label is a plain attribute);
- three templates overridden in templates/wagtailadmin/: the header's
  aria-label="Actions" (shared/headers/_actions.html), the True/False
  titles of boolean cells (tables/boolean_cell.html) and the "None" shown
  for a change nobody made by hand (shared/user_avatar.html).

tests/integration/test_admin_language.py notices when a Wagtail upgrade
brings the English back."""

from django.utils.translation import gettext_lazy as _

SITE_COLUMNS = {"port": _("端口"), "site_name": _("站点名称"), "root_page": _("根页面")}


def label_site_columns():
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in SITE_COLUMNS:
            column.label = SITE_COLUMNS[column.name]
