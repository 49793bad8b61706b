"""A published letter never shows, nor is found by, the personal data of
issue 8: a mistyped ID number, a street address and phone numbers written
every way people write them."""

import importlib

import pytest
from django.apps import apps

from interaction.models import Letter
from tests.factories import answered_letter

pytestmark = pytest.mark.usefixtures("demo_db")

LEAKS = [
    "420321198001011234",
    "神农大道88号",
    "4203 2119 8001 0112 34",
    "139.1234.5678",
    "１３９１２３４５６７８",
    "+86 139 1234 5678",
    "139-1234-5678",
]
CONTENT = (
    "反映路灯不亮的问题。我的身份证号420321198001011234，家住神农大道88号，"
    "也可能写成4203 2119 8001 0112 34；电话139.1234.5678、１３９１２３４５６７８、"
    "+86 139 1234 5678或139-1234-5678。"
)


def _search(client, q):
    response = client.get("/hudong/letters/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_letter_masks_every_variant_and_search_finds_none(client):
    letter, _code = answered_letter(content=CONTENT, subject="神农大道路灯不亮")
    letter.refresh_from_db()
    assert letter.published
    detail = client.get(f"/hudong/letters/{letter.number}/").content.decode()
    assert "反映路灯不亮的问题" in detail
    for leak in LEAKS:
        assert leak not in detail, leak
        assert letter.number not in _search(client, leak), leak
    # The digits are gone too, however the searcher writes them.
    for digits in ("13912345678", "420321198001011234", "12345678"):
        assert digits not in letter.public_content.replace(" ", "")
        assert letter.number not in _search(client, digits)
    assert "139****5678" in detail or "139.****.5678" in detail
    assert letter.number in _search(client, "路灯不亮")


def test_letters_published_before_are_masked_again_by_the_migration():
    letter, _code = answered_letter(content="路灯不亮。")
    # As an older detector left it online.
    Letter.objects.filter(pk=letter.pk).update(public_content=CONTENT)
    migration = importlib.import_module(
        "interaction.migrations.0003_remask_published_letters"
    )
    migration.remask(apps, None)
    letter.refresh_from_db()
    assert "反映路灯不亮的问题" in letter.public_content
    for leak in LEAKS:
        assert leak not in letter.public_content
    assert letter.content == "路灯不亮。"  # the letter as written is untouched
