"""繁體中文 from 简体中文 with OpenCC, as a wagtail-localize machine translator.

Conversion is by character and phrase tables, so the meaning stays exactly
that of the reviewed original; the translation still goes through the review
before it is published. Only zh-hans → zh-hant: English is translated by
people in wagtail-localize's editor."""

import functools

from django.utils.translation import gettext_lazy as _
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

SOURCE = "zh-hans"
TARGET = "zh-hant"


@functools.cache
def converter(config):
    import opencc

    return opencc.OpenCC(f"{config}.json")


def to_traditional(text, config="s2tw"):
    """Text (or wagtail-localize's HTML fragments: OpenCC leaves ASCII markup
    alone) converted to traditional characters."""
    return converter(config).convert(text)


class OpenCCTranslator(BaseMachineTranslator):
    display_name = _("OpenCC 简繁转换")

    @property
    def config(self):
        # s2tw: the traditional characters readers know (為, 裡, not OpenCC's
        # 爲, 裏), mainland wording kept (政府信息公開); s2twp or s2hk would
        # also swap in Taiwan or Hong Kong vocabulary.
        return self.options.get("CONFIG", "s2tw")

    def translate(self, source_locale, target_locale, strings):
        return {
            string: StringValue(to_traditional(string.data, self.config))
            for string in strings
        }

    def can_translate(self, source_locale, target_locale):
        return (
            source_locale.language_code == SOURCE
            and target_locale.language_code == TARGET
        )
