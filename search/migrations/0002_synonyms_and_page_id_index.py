"""The webmaster's synonym list, seeded with common 政务 terms
(search/data/synonyms.txt), and, on PostgreSQL, an index on the text form
of page ids: the search index keys pages by ``object_id`` (text), and with
this index a search can walk a content type's pages newest first and look
each one up in the index, or go from index entries to their pages, without
reading every page."""

from pathlib import Path

from django.db import migrations, models

SEED = Path(__file__).resolve().parent.parent / "data" / "synonyms.txt"
PAGE_ID_INDEX = "govsearch_page_id_text"


def seed_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("govsearch", "SynonymGroup")
    if SynonymGroup.objects.exists():
        return
    lines = SEED.read_text(encoding="utf-8").splitlines()
    SynonymGroup.objects.bulk_create(
        SynonymGroup(terms=line.strip())
        for line in lines
        if line.strip() and not line.startswith("#")
    )
    # search/seed.py adds the same list again to an emptied database.


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {PAGE_ID_INDEX} "
            'ON "wagtailcore_page" ((("id")::text))'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PAGE_ID_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("govsearch", "0001_indexentry_title_body_gin"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="SynonymGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "terms",
                    models.CharField(
                        help_text="同一组的词语，用逗号、顿号或空格分隔，如：低保，最低生活保障",
                        max_length=500,
                        verbose_name="同义词",
                    ),
                ),
                (
                    "note",
                    models.CharField(blank=True, max_length=200, verbose_name="说明"),
                ),
                ("enabled", models.BooleanField(default=True, verbose_name="启用")),
            ],
            options={
                "verbose_name": "搜索同义词",
                "verbose_name_plural": "搜索同义词",
                "ordering": ["pk"],
            },
        ),
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
