"""Wagtail's default workflow and task ("Moderators approval") get Chinese
names in databases migrated before the review setup named them."""

from django.db import migrations


def name_defaults(apps, schema_editor):
    from disclosure.review.setup import name_wagtail_defaults

    name_wagtail_defaults(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0008_annual_reports_health_bulletins"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(name_defaults, migrations.RunPython.noop)]
