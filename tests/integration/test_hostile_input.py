"""Hostile input gets a 4xx with a Chinese message, never a 500: NUL bytes,
numbers past PostgreSQL's range, unknown values, decompression bombs."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.images.models import Image

from interaction.models import Letter
from tests.factories import decompression_bomb_png
from tests.integration.test_mailbox_public import MAILBOX, letter_data

pytestmark = pytest.mark.usefixtures("demo_db")

CJK = re.compile(r"[\u4e00-\u9fff]")

API_CASES = [
    ("/api/v2/pages/?offset=9223372036854775808", "offset"),
    ("/api/v2/pages/?offset=-1", "offset"),
    ("/api/v2/items/?offset=99999999999", "offset"),
    ("/api/v2/pages/?limit=-5", "limit"),
    ("/api/v2/pages/?limit=100000000000000000000", "limit"),
    ("/api/v2/pages/?locale=%00", "无效字符"),
    ("/api/v2/pages/?locale=xx", "语言"),
    ("/api/v2/items/?unit=%00", "无效字符"),
    ("/api/v2/items/?category=%00", "无效字符"),
    ("/api/v2/items/?unit=nosuch", "机构"),
    ("/api/v2/items/?category=nosuch", "信息类别"),
    ("/api/v2/pages/?title=%00", "无效字符"),
    ("/api/v2/pages/?fields=title%00", "无效字符"),
    ("/api/v2/pages/?child_of=99999999999999999999", "child_of"),
    ("/api/v2/pages/?descendant_of=abc", "descendant_of"),
    ("/api/v2/pages/?type=nosuch.Page", "页面类型"),
    ("/api/v2/pages/?nosuch=1", "不支持的查询参数"),
    ("/api/v2/pages/?order=random&offset=1", "随机排序"),
    ("/api/v2/pages/?unit=" + "x" * 600, "过长"),
]


@pytest.mark.parametrize(("url", "expected"), API_CASES)
def test_bad_api_parameters_are_a_400_in_chinese(client, url, expected):
    response = client.get(url)
    assert response.status_code == 400, (url, response.content[:200])
    message = json.loads(response.content)["message"]
    assert expected in message and CJK.search(message), message


def test_good_api_parameters_still_work(client):
    response = client.get("/api/v2/items/?unit=lishan&offset=0&limit=20&locale=zh-hans")
    assert response.status_code == 200
    assert json.loads(response.content)["meta"]["total_count"] > 0
    assert client.get("/api/v2/pages/99999999999999999999/").status_code == 404


PUBLIC_PAGES = {
    "/": ["page"],
    "/zfxxgk/catalogue/": [
        "page",
        "unit",
        "category",
        "topic",
        "year",
        "validity",
        "q",
    ],
    "/zfxxgk/lishan/": ["page", "category", "year", "q"],
    "/news/": ["page"],
    "/hudong/letters/": ["page", "q", "mailbox", "category"],
    "/hudong/figures/": ["year"],
    "/search/": ["q", "page"],
}
HOSTILE_VALUES = ["%00", "9" * 30, "-1", "x" * 3000, "%ff%fe", "2026-13-45", "０１"]


def test_public_pages_answer_hostile_parameters_without_a_500(client):
    for path, names in PUBLIC_PAGES.items():
        for name in names:
            for value in HOSTILE_VALUES:
                response = client.get(f"{path}?{name}={value}")
                assert response.status_code < 500, (path, name, value[:20])
                if value == "%00":
                    assert response.status_code == 400
                    assert "无效字符" in response.content.decode()
    for path in ("/zfxxgk/%00/", "/hudong/letters/2026-00001%00/"):
        assert client.get(path).status_code == 400
    for path in ("/hudong/letters/" + "9" * 500 + "/", "/zfxxgk/" + "x" * 2000 + "/"):
        assert client.get(path).status_code == 404


def test_forms_refuse_nul_bytes_with_a_400(client):
    response = client.post(
        "/hudong/query/", {"number": "2026-0\x0001", "code": "A\x00"}
    )
    assert response.status_code == 400


def test_a_decompression_bomb_on_the_letter_form_is_a_form_error():
    citizen = Client(REMOTE_ADDR="203.0.113.200")
    bomb = SimpleUploadedFile("照片.png", decompression_bomb_png(), "image/png")
    before = Letter.objects.count()
    response = citizen.post(MAILBOX, {**letter_data(citizen), "attachments": [bomb]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "图片尺寸过大" in html and "照片.png" in html
    assert Letter.objects.count() == before


def test_a_decompression_bomb_in_the_image_library_is_refused():
    client = Client()
    client.force_login(get_user_model().objects.get(username="webmaster"))
    bomb = io.BytesIO(decompression_bomb_png())
    bomb.name = "bomb.png"
    response = client.post(
        "/admin/images/multiple/add/",
        {"files[]": bomb},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code < 500
    body = json.loads(response.content)
    assert body["success"] is False
    assert CJK.search(body["error_message"]), body
    assert not Image.objects.filter(title__startswith="bomb").exists()
