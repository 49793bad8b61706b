"""Bring the interface catalogues up to date: collect the strings (zh-hans is
the source language) into locale/zh_Hant and locale/en, fill every zh-hant
string nobody translated by hand with OpenCC, and compile every catalogue of
the project (govsite/locale's admin strings included). English is translated
by people; ``--check`` lists the public strings still missing in English."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import BaseCommand, call_command

from disclosure.translation.opencc_translator import to_traditional

IGNORE = [".venv/*", "var/*", "media/*", "staticfiles/*", "tests/*", "node_modules/*"]


def fill_traditional(po_path):
    """Every empty or fuzzy zh-hant entry becomes the OpenCC conversion of
    its msgid; returns how many were filled."""
    po = polib.pofile(str(po_path), wrapwidth=0)
    filled = 0
    for entry in po:
        if entry.obsolete:
            continue
        fuzzy = "fuzzy" in entry.flags
        if entry.msgid_plural:
            if fuzzy or not any(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: to_traditional(entry.msgid_plural)}
                filled += 1
        elif fuzzy or not entry.msgstr:
            entry.msgstr = to_traditional(entry.msgid)
            filled += 1
        if fuzzy:
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save()
    return filled


class Command(BaseCommand):
    help = "Collect, fill (zh-hant by OpenCC) and compile the interface catalogues."

    def handle(self, **options):
        base = Path(settings.BASE_DIR)
        call_command(
            "makemessages",
            locale=["zh_Hant", "en"],
            ignore_patterns=IGNORE,
            no_obsolete=True,
            no_location=True,
            verbosity=0,
        )
        # makemessages puts govsite's own strings in govsite/locale.
        filled = sum(
            fill_traditional(path)
            for locale_dir in settings.LOCALE_PATHS
            for path in Path(locale_dir).glob("zh_Hant/LC_MESSAGES/django.po")
        )
        untranslated = polib.pofile(
            str(base / "locale/en/LC_MESSAGES/django.po")
        ).untranslated_entries()
        for locale_dir in settings.LOCALE_PATHS:
            for path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                po = polib.pofile(str(path))
                po.save_as_mofile(str(path.with_suffix(".mo")))
        self.stdout.write(
            f"zh-hant: {filled} filled by OpenCC; en: {len(untranslated)} "
            "strings still in Chinese"
        )
