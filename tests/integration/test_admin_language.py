"""The admin speaks Chinese on its main screens, to the webmaster and to a
unit's editor, and loads nothing from other hosts (no Gravatar).

``english_on_admin_screens`` is also how the missing strings are found: it
lists every run of English words left in the visible text; each one gets a
Chinese entry in govsite/locale/zh_Hans/LC_MESSAGES/django.po."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from disclosure.models import DisclosureItemPage, UnitColumnPage
from tests.factories import draft_item

# English text: two or more Latin words in a row, or one capitalised word
# ("Actions", "True"); lower-case single words are slugs and usernames,
# capitals only (XLSX, API) are abbreviations.
WORD = r"[A-Za-z][a-z]+(?:-[a-z]+)*"
ENGLISH = re.compile(rf"{WORD}(?:[ '’,]+{WORD})+|\b[A-Z][a-z]{{2,}}\b")
# Names, not English text: the product, the language named in its own
# language, the tree's root page.
ALLOWED = re.compile(r"^(?:Wagtail|OpenCC|English|Root)$")
HIDDEN = ("script", "style", "template", "noscript")
OUTSIDE = re.compile(r"""(?:src|srcset|href)=["'](?:https?:)?//(?!testserver)""")


def screens(user):
    column = UnitColumnPage.objects.get(unit__slug="lishan")
    item = (
        DisclosureItemPage.objects.filter(
            unit__slug="lishan", locale__language_code="zh-hans"
        )
        .order_by("-pk")
        .first()
    )
    urls = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{column.pk}/",
        f"/admin/pages/{item.pk}/edit/",
        f"/admin/pages/{item.pk}/history/",
        f"/admin/pages/add/disclosure/disclosureitempage/{column.pk}/",
        "/admin/workflows/tasks/index/",
        "/admin/account/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        f"/admin/localize/submit/page/{item.pk}/",
    ]
    if user.is_superuser:
        urls += [
            "/admin/workflows/list/",
            "/admin/users/",
            "/admin/groups/",
            "/admin/snippets/disclosure/unit/",
            "/admin/snippets/disclosure/category/",
            "/admin/settings/home/siteidentity/",
            "/admin/locales/",
            "/admin/sites/",
            "/admin/reports/aging-pages/",
            "/admin/reports/workflow/",
            "/admin/reports/workflow_tasks/",
        ]
    return urls


def visible_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(HIDDEN) + soup.find_all(attrs={"hidden": True}):
        tag.decompose()
    texts = [soup.get_text(" ")]
    for tag in soup.find_all(attrs={"aria-label": True}):
        texts.append(tag["aria-label"])
    for tag in soup.find_all(attrs={"placeholder": True}):
        texts.append(tag["placeholder"])
    return "\n".join(texts)


def english_on_admin_screens(client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    found = {}
    for url in screens(user):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "gravatar" not in html.lower(), url
        assert not OUTSIDE.search(
            " ".join(re.findall(r"<(?:img|script|link|source)[^>]*>", html))
        ), url
        for run in ENGLISH.findall(visible_text(html)):
            if not ALLOWED.match(run):
                found.setdefault(run, url)
    return found


@pytest.mark.parametrize("username", ["webmaster", "editor_lishan", "reviewer_lishan"])
def test_admin_screens_speak_chinese(demo_db, client, username):
    # Something in review, so the dashboards show what awaits whom.
    item = draft_item("lishan", title="厉山镇待审信息")
    submitter = get_user_model().objects.get(username="editor_lishan")
    item.save_revision(user=submitter)
    item.get_workflow().start(item, submitter)
    assert english_on_admin_screens(client, username) == {}


def test_no_avatars_from_other_hosts():
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


def test_compiled_catalogues_match_their_sources(tmp_path):
    """The .mo files are committed; each must be what its .po compiles to."""
    catalogues = [
        path
        for locale_dir in settings.LOCALE_PATHS
        for path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po"))
    ]
    assert catalogues
    import polib

    for po_path in catalogues:
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.exists(), f"{mo_path} missing: run make messages"
        compiled = {
            (e.msgctxt, e.msgid): e.msgstr
            for e in polib.mofile(str(mo_path))
            if e.msgid
        }
        expected = {
            (e.msgctxt, e.msgid): e.msgstr
            for e in polib.pofile(str(po_path)).translated_entries()
            if not e.obsolete
        }
        assert compiled == expected, f"{mo_path} is stale: run make messages"
    call_command("check")


def test_admin_javascript_speaks_chinese(demo_db, client):
    client.force_login(get_user_model().objects.get(username="editor_lishan"))
    catalogue = client.get("/admin/jsi18n/").content.decode()
    for text in ("正在自动保存…", "输入内容，或输入“/”插入块", "正在停止同步翻译"):
        # The catalogue is JSON: non-ASCII characters escaped.
        assert json.dumps(text)[1:-1] in catalogue


def test_translation_screens_speak_chinese(
    demo_db, client, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    from tests.factories import pass_review

    item = pass_review(
        draft_item("lishan", title="厉山镇译文界面", body="<p>厉山镇</p>")
    )
    client.force_login(get_user_model().objects.get(username="editor_lishan"))
    hant = Locale.objects.get(language_code="zh-hant")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/localize/submit/page/{item.pk}/", {"locales": [hant.pk]})
    translation = DisclosureItemPage.objects.get(
        translation_key=item.translation_key, locale=hant
    )
    source = TranslationSource.objects.get_for_instance(item)
    for url in (
        f"/admin/pages/{translation.pk}/edit/",
        f"/admin/localize/update/{source.pk}/",
    ):
        html = client.get(url).content.decode()
        english = [
            r for r in ENGLISH.findall(visible_text(html)) if not ALLOWED.match(r)
        ]
        assert english == [], url
