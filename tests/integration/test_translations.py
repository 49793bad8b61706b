"""Other languages through wagtail-localize: a translated item shares its
original's 索引号 and catalogue metadata, goes online only through the
review, and unit editors translate their own unit's pages only."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

from disclosure.models import DisclosureItemPage, IndexNumber
from tests.factories import draft_item, logged_in, pass_review, publish_unreviewed


def translate_tree_to(locale, page):
    """Create the translated ancestors, then the page, as wagtail-localize's
    "translate" action does for a page with its parents."""
    for ancestor in page.get_ancestors().filter(depth__gte=2).specific():
        if not ancestor.has_translation(locale):
            publish_unreviewed(ancestor.copy_for_translation(locale))
    return page.copy_for_translation(locale)


def test_translated_item_keeps_the_index_number(demo_db, client):
    english = Locale.objects.get(language_code="en")
    item = draft_item("lishan", title="厉山镇测试翻译信息", publish=True)
    translation = translate_tree_to(english, item)
    translation.title = "Lishan test item"
    publish_unreviewed(translation)
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


# Translations go through the review like any page ---------------------------
CLEAN_BODY = "<p>厉山镇2026年冬春农田水利建设方案已经镇政府常务会议研究通过。</p>"


def submit_translation(client, page, language_code="en"):
    return client.post(
        f"/admin/localize/submit/page/{page.pk}/",
        {"locales": [Locale.objects.get(language_code=language_code).pk]},
    )


def translation_of(page, language_code="en"):
    return DisclosureItemPage.objects.get(
        translation_key=page.translation_key, locale__language_code=language_code
    )


def test_a_submitted_translation_is_a_draft_until_reviewed(
    demo_db, client, django_capture_on_commit_callbacks
):
    item = pass_review(draft_item("lishan", title="厉山镇待译信息", body=CLEAN_BODY))
    logged_in("webmaster", client)
    # wagtail-localize publishes after the commit: run those callbacks too.
    with django_capture_on_commit_callbacks(execute=True):
        assert submit_translation(client, item).status_code == 302
    translation = translation_of(item)
    assert not translation.live
    # The translated parents mirror the reviewed originals; nothing new is live.
    parent = translation.get_parent().specific
    assert parent.alias_of_id == item.get_parent().pk

    # The translation editor's publish submits the translation to the review.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/pages/{translation.pk}/edit/", {"action": "publish"}, follow=True
        )
    assert "译文已保存并提交政务公开审查" in response.content.decode()
    translation.refresh_from_db()
    assert not translation.live and translation.workflow_in_progress
    for name in ("reviewer_lishan", "secrecy"):
        state = translation.current_workflow_task_state
        data = {"confirmed": True} if name == "secrecy" else {}
        state.task.specific.on_action(
            state, get_user_model().objects.get(username=name), "approve", **data
        )
    translation.refresh_from_db()
    assert translation.live and translation.index_number == item.index_number


def test_syncing_translations_never_publishes_unreviewed_text(
    demo_db, client, django_capture_on_commit_callbacks
):
    item = pass_review(draft_item("lishan", title="厉山镇同步前标题", body=CLEAN_BODY))
    logged_in("webmaster", client)
    submit_translation(client, item)
    translation = pass_review(translation_of(item))
    assert translation.live and translation.title == "厉山镇同步前标题"
    item.title = "厉山镇同步后标题"
    pass_review(item)
    source = TranslationSource.objects.get_for_instance(item)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/localize/update/{source.pk}/",
            {"publish_translations": "on"},
            follow=True,
        )
    assert "提交政务公开审查" in response.content.decode()
    translation.refresh_from_db()
    assert translation.live and translation.title == "厉山镇同步前标题"
    # The update waits as a draft in review.
    assert translation.get_latest_revision_as_object().title == "厉山镇同步后标题"
    assert translation.workflow_in_progress
    # The live translation's row keeps the reviewed text even when
    # wagtail-localize writes the update into it directly.
    translations = source.translations.filter(enabled=True)
    translations.get().save_target(publish=False)
    translation.refresh_from_db()
    assert translation.title == "厉山镇同步前标题"


def test_unit_editors_translate_their_own_units_pages_only(demo_db, client):
    own = pass_review(draft_item("lishan", title="厉山镇自有信息", body=CLEAN_BODY))
    other = draft_item("czj", title="财政局信息", publish=True)
    logged_in("editor_lishan", client)
    assert client.get(f"/admin/localize/submit/page/{own.pk}/").status_code == 200
    assert submit_translation(client, own).status_code == 302
    translation = translation_of(own)
    assert client.get(f"/admin/pages/{translation.pk}/edit/").status_code == 200
    response = client.post(
        f"/admin/pages/{translation.pk}/edit/", {"action": "submit-review"}
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.workflow_in_progress and not translation.live

    assert client.get(f"/admin/localize/submit/page/{other.pk}/").status_code == 404
    assert submit_translation(client, other).status_code == 404
    assert not DisclosureItemPage.objects.filter(
        translation_key=other.translation_key, locale__language_code="en"
    ).exists()
