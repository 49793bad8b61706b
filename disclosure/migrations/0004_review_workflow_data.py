"""One review workflow on the whole site: 规范性审查 then 保密审查, with the
shipped starting word lists for the checks."""

from django.db import migrations


def create_workflow(apps, schema_editor):
    from disclosure.review.setup import ensure_review_workflow

    ensure_review_workflow(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_review_workflow"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
