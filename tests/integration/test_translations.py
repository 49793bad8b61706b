"""Other languages through wagtail-localize: a translated item shares its
original's 索引号 and catalogue metadata."""

from django.core.management import call_command
from wagtail.models import Locale, Page

from disclosure.models import DisclosureItemPage, IndexNumber
from tests.factories import draft_item


def translate_tree_to(locale, page):
    """Create the translated ancestors, then the page, as wagtail-localize's
    "translate" action does for a page with its parents."""
    for ancestor in page.get_ancestors().filter(depth__gte=2).specific():
        if not ancestor.has_translation(locale):
            ancestor.copy_for_translation(locale).save_revision().publish()
    return page.copy_for_translation(locale)


def test_translated_item_keeps_the_index_number(demo_db, client):
    english = Locale.objects.get(language_code="en")
    item = draft_item("lishan", title="厉山镇测试翻译信息", publish=True)
    translation = translate_tree_to(english, item)
    translation.title = "Lishan test item"
    translation.save_revision().publish()
    translation.refresh_from_db()
    assert translation.index_number == item.index_number
    assert translation.unit_id == item.unit_id
    assert translation.document_number == item.document_number
    assert IndexNumber.objects.filter(value=item.index_number).count() == 1
    assert (
        DisclosureItemPage.objects.filter(index_number=item.index_number).count() == 2
    )

    html = client.get(translation.url).content.decode()
    assert translation.url.startswith("/en/")
    assert "Lishan test item" in html and item.index_number in html
    # Each version links to the other language.
    original = client.get(item.url).content.decode()
    assert f'href="{translation.url}"' in original and 'hreflang="en"' in original


def test_wagtail_localize_is_set_up_with_the_three_locales(demo_db):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {
        "zh-hans",
        "zh-hant",
        "en",
    }
    assert Locale.get_default().language_code == "zh-hans"
    call_command("check")
    assert Page.objects.filter(locale__language_code="zh-hans", depth=2).count() == 1
