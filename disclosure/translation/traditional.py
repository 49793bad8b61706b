"""Keep the 繁體中文 translation of a page in step with its 简体中文 original.

After an original is published (and when an editor first asks for a zh-hant
translation), ``update_traditional`` takes the original's new content into
wagtail-localize, fills every string not yet translated with OpenCC, writes
the translation into its page as a draft and submits it to 政务公开审查. It
never publishes: the publishing gate lets the translation online only after
its two reviews, like any page."""

import json
import logging
from collections import defaultdict

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.segments import StringSegmentValue

from ..views_translation import submit_translation_for_review
from .opencc_translator import SOURCE, TARGET, OpenCCTranslator

logger = logging.getLogger(__name__)


def machine_translate(translation, translator=None, user=None):
    """Translate with ``translator`` (OpenCC by default) every string of the
    translation's source that has no translation yet; returns how many."""
    translator = translator or OpenCCTranslator({})
    if not translator.can_translate(
        translation.source.locale, translation.target_locale
    ):
        return 0
    done = set(
        StringTranslation.objects.filter(
            locale=translation.target_locale,
            context__object_id=translation.source.object_id,
        ).values_list("translation_of_id", "context_id")
    )
    missing = defaultdict(list)
    for segment in translation.source.stringsegment_set.select_related(
        "context", "string"
    ):
        if (segment.string_id, segment.context_id) in done:
            continue
        value = StringSegmentValue(segment.context.path, segment.string.as_value())
        if segment.attrs:
            value.attrs = json.loads(segment.attrs)
        missing[value.string].append((segment.string_id, segment.context_id))
    if not missing:
        return 0
    translated = translator.translate(
        translation.source.locale, translation.target_locale, missing.keys()
    )
    count = 0
    with transaction.atomic():
        for string, places in missing.items():
            for string_id, context_id in places:
                StringTranslation.objects.update_or_create(
                    translation_of_id=string_id,
                    locale=translation.target_locale,
                    context_id=context_id,
                    defaults={
                        "data": translated[string].data,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                        "tool_name": str(translator.display_name),
                        "last_translated_by": user,
                        "has_error": False,
                        "field_error": "",
                    },
                )
                count += 1
    return count


def traditional_translation_of(page):
    """The enabled wagtail-localize translation of ``page`` into zh-hant."""
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return None
    return source.translations.filter(
        target_locale__language_code=TARGET, enabled=True
    ).first()


def update_traditional(page_id):
    """Bring the zh-hant translation of a zh-hans page up to date and submit
    it to the review. Returns the translated page, or None when the page has
    no zh-hant translation (editors ask for one with 翻译 → 繁體中文)."""
    page = Page.objects.filter(pk=page_id, locale__language_code=SOURCE).first()
    if page is None or not Locale.objects.filter(language_code=TARGET).exists():
        return None
    page = page.specific
    translation = traditional_translation_of(page)
    if translation is None:
        return None
    translation.source.update_from_db()
    revision = page.live_revision or page.latest_revision
    submitter = revision.user if revision is not None else None
    machine_translate(translation, user=submitter)
    target = submit_translation_for_review(translation, submitter)
    if target is None:
        logger.warning("zh-hant translation of page %s does not validate", page_id)
    return target
