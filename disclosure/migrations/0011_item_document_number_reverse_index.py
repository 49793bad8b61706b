"""An index on the reversed 文号 (PostgreSQL): a search typed as a 文号 goes
to its item by the number's end (…22号) without reading every item
(search/service.py)."""

from django.db import migrations

INDEX = "item_docno_reverse"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON disclosure_disclosureitempage "
            "((reverse(document_number)) text_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0010_item_unit_and_category_newest_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
