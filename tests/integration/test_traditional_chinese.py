"""繁體中文 pages: made by OpenCC through wagtail-localize, reviewed like
any page, published by the workflow, and brought up to date (into the
review again) when the 简体 original is published anew."""

from django.contrib.auth import get_user_model
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, TranslationSource

from disclosure.models import DisclosureItemPage
from disclosure.translation.opencc_translator import OpenCCTranslator, to_traditional
from tests.factories import approve_review, draft_item, pass_review

BODY = "<p>厉山镇2026年冬春农田水利建设方案已经镇政府常务会议研究通过，现予公开。</p>"


def traditional_of(page):
    return DisclosureItemPage.objects.get(
        translation_key=page.translation_key, locale__language_code="zh-hant"
    )


def test_opencc_converts_only_from_simplified_to_traditional():
    translator = OpenCCTranslator({})
    hans, hant, en = (Locale(language_code=c) for c in ("zh-hans", "zh-hant", "en"))
    assert translator.can_translate(hans, hant)
    assert not translator.can_translate(hans, en)
    assert not translator.can_translate(hant, hans)
    # Markup from wagtail-localize's rich-text segments is left alone.
    assert (
        to_traditional('<a id="a1">厉山镇政务公开</a>')
        == '<a id="a1">厲山鎮政務公開</a>'
    )


def test_a_lishan_item_in_traditional_is_reviewed_published_and_kept_in_step(
    demo_db, client, django_capture_on_commit_callbacks
):
    item = pass_review(draft_item("lishan", title="厉山镇农田水利建设方案", body=BODY))
    client.force_login(get_user_model().objects.get(username="editor_lishan"))
    hant = Locale.objects.get(language_code="zh-hant")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/localize/submit/page/{item.pk}/", {"locales": [hant.pk]}
        )
    assert response.status_code == 302

    # OpenCC filled every string; the translation waits in the review.
    translation = traditional_of(item)
    assert not translation.live and translation.workflow_in_progress
    draft = translation.get_latest_revision_as_object()
    assert draft.title == "厲山鎮農田水利建設方案"
    assert "鎮政府常務會議研究通過" in str(draft.body)
    source = TranslationSource.objects.get_for_instance(item)
    assert StringTranslation.objects.filter(
        locale=hant,
        context__object_id=source.object_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    ).exists()

    # Two different reviewers pass it; the workflow publishes it.
    translation = approve_review(translation, ("reviewer_lishan", "secrecy"))
    assert translation.live and translation.title == "厲山鎮農田水利建設方案"
    assert translation.index_number == item.index_number
    client.logout()
    html = client.get(translation.url).content.decode()
    assert translation.url.startswith("/zh-hant/")
    assert '<html lang="zh-hant"' in html
    assert "厲山鎮農田水利建設方案" in html and "鎮政府常務會議" in html

    # The original changes and is published again: the Celery task brings
    # the translation up to date, into the review, not online.
    item.title = "厉山镇农田水利建设实施方案"
    with django_capture_on_commit_callbacks(execute=True):
        pass_review(item)
    translation.refresh_from_db()
    assert translation.title == "厲山鎮農田水利建設方案"
    assert translation.workflow_in_progress
    assert (
        translation.get_latest_revision_as_object().title
        == "厲山鎮農田水利建設實施方案"
    )
    assert "厲山鎮農田水利建設方案" in client.get(translation.url).content.decode()

    translation = approve_review(translation, ("reviewer_lishan", "secrecy"))
    assert translation.title == "厲山鎮農田水利建設實施方案"
    assert "建設實施方案" in client.get(translation.url).content.decode()


def test_publishing_an_original_without_traditional_translation_makes_none(
    demo_db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = pass_review(draft_item("lishan", title="厉山镇未译信息", body=BODY))
    assert not DisclosureItemPage.objects.filter(
        translation_key=item.translation_key, locale__language_code="zh-hant"
    ).exists()


def test_unit_editors_sync_their_own_units_translations_only(demo_db, client):
    own = pass_review(draft_item("lishan", title="厉山镇同步权限信息", body=BODY))
    other = draft_item("czj", title="财政局同步权限信息", body=BODY, publish=True)
    sources = {
        page.pk: TranslationSource.update_or_create_from_instance(page)[0]
        for page in (own, other)
    }
    client.force_login(get_user_model().objects.get(username="editor_lishan"))
    assert (
        client.get(f"/admin/localize/update/{sources[own.pk].pk}/").status_code == 200
    )
    assert (
        client.get(f"/admin/localize/update/{sources[other.pk].pk}/").status_code == 404
    )
    response = client.post(
        f"/admin/localize/update/{sources[other.pk].pk}/",
        {"publish_translations": "on"},
    )
    assert response.status_code == 404
