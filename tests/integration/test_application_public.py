"""What an applicant does on the public site: apply to a unit (captcha, rate
limits), get a number and a query code, follow the application, correct it,
read the notices online and as PDF; hostile input; what never shows up on a
public page, in the API or in the search index; bounded queries."""

import io
import random

import pytest
from django.test import Client, override_settings
from pypdf import PdfReader
from wagtail.search import index
from wagtail.search.models import IndexEntry

from interaction.applications import workflow
from interaction.models import Application, ApplicationIndexPage, Notification
from tests.factories import (
    APPLICANT_ID,
    application,
    count_queries,
    desk_member,
    random_ip,
    receipt,
)

pytestmark = pytest.mark.usefixtures("demo_db")

INDEX = "/hudong/yisqgk/"
FORM = INDEX + "apply/lishan/"
CREDIT_CODE = "91421321MA40000022"


def form_data(client, **overrides):
    client.get(FORM)
    data = {
        "applicant_kind": "person",
        "organisation_kind": "",
        "name": "钱多多",
        "legal_representative": "",
        "contact_name": "",
        "id_type": "resident_id",
        "id_number": APPLICANT_ID,
        "phone": f"139{random.randint(10_000_000, 99_999_999)}",
        "address": "湖北省随州市随县厉山镇炎帝大道66号3栋",
        "postcode": "441300",
        "email": "",
        "description": "申请公开厉山镇2026年农村危房改造补助对象的评定标准和程序。",
        "document_number": "",
        "index_number": "",
        "purpose": "",
        "delivery_form": "online",
        "fee_waiver_reason": "",
        "captcha": client.session["mailbox_captcha"]["answer"],
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_citizen_applies_and_follows_the_application_online(citizen):
    page = citizen.get(FORM).content.decode()
    assert "向厉山镇人民政府申请政府信息公开" in page
    assert 'src="data:image/png;base64,' in page
    for label in ("自然人", "法人或其他组织", "商业企业", "法律服务机构", "网上查看"):
        assert label in page
    data = form_data(citizen, fee_waiver_requested="on", fee_waiver_reason="低保户")
    number, code = receipt(citizen.post(FORM, data), citizen, of="application")
    item = Application.objects.get(number=number)
    assert (item.unit.slug, item.status, item.phone, item.id_number) == (
        "lishan",
        "submitted",
        data["phone"],
        APPLICANT_ID,
    )
    assert item.fee_waiver_requested and item.fee_waiver_reason == "低保户"
    assert code not in item.query_code_hash
    assert workflow.find_by_code(number.lower(), code.lower()) == item
    assert Notification.objects.filter(
        topic="application-submitted", recipient=data["phone"]
    ).exists()
    # The code is shown once.
    assert citizen.get(FORM + "submitted/")["Location"] == FORM

    status = citizen.get(INDEX + f"query/{number}/")
    html = status.content.decode()
    assert status.status_code == 200 and "待受理机关确认收到" in html
    for secret in (data["phone"], APPLICANT_ID, "炎帝大道66号"):
        assert secret not in html
    assert "4203**********1231" in html and data["phone"][-4:] in html

    # Another browser needs the number and the query code.
    stranger = Client(REMOTE_ADDR=random_ip())
    assert stranger.get(INDEX + f"query/{number}/")["Location"] == INDEX + "query/"
    wrong = stranger.post(INDEX + "query/", {"number": number, "code": "WRONG123"})
    assert wrong.status_code == 400 and "不正确" in wrong.content.decode()
    right = stranger.post(INDEX + "query/", {"number": number, "code": code})
    assert right["Location"] == INDEX + f"query/{number}/"


def test_an_organisation_applies_with_its_credit_code(citizen):
    data = form_data(
        citizen,
        applicant_kind="organisation",
        organisation_kind="legal",
        name="湖北随州正义律师事务所",
        legal_representative="周国平",
        contact_name="李娜",
        id_type="credit_code",
        id_number=CREDIT_CODE.lower(),
        delivery_form="email",
        email="lina@example.com",
    )
    number, _code = receipt(citizen.post(FORM, data), citizen, of="application")
    item = Application.objects.get(number=number)
    assert (item.organisation_kind, item.id_number, item.contact_name) == (
        "legal",
        CREDIT_CODE,
        "李娜",
    )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": ""}, "请填写姓名或名称。"),
        ({"phone": "12345"}, "请填写11位手机号码。"),
        ({"id_number": "420321198001011232"}, "请填写正确的18位居民身份证号码。"),
        (
            {"id_type": "credit_code", "id_number": CREDIT_CODE},
            "自然人请选择身份证件类型",
        ),
        (
            {
                "applicant_kind": "organisation",
                "id_type": "credit_code",
                "id_number": CREDIT_CODE,
            },
            "请选择法人或其他组织类型",
        ),
        ({"applicant_kind": "robot"}, "请选择有效的申请人类型"),
        ({"delivery_form": "email"}, "请填写电子邮箱"),
        ({"delivery_form": "pigeon"}, "请选择有效的获取信息的方式"),
        ({"fee_waiver_requested": "on"}, "申请减免时请填写减免理由"),
        ({"description": "太短"}, "所需信息的内容描述至少10个字。"),
        ({"description": "长" * 3001}, "不能超过3000个字"),
        ({"description": "申请公开\x00某某文件的全部内容"}, "Null"),
        ({"postcode": "44130"}, "邮政编码应为6位数字"),
        ({"captcha": "99999"}, "验证码不正确或已过期"),
        ({"captcha": None}, "请填写验证码"),
        ({"id_type": "passport", "id_number": "<script>"}, "证件号码应为5至30位"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(
    citizen, overrides, message
):
    before = Application.objects.count()
    response = citizen.post(FORM, form_data(citizen, **overrides))
    html = response.content.decode()
    assert response.status_code == 400
    if message != "Null":
        assert message in html
    assert "error-summary" in html
    assert Application.objects.count() == before


def test_hostile_requests_never_give_a_server_error(citizen):
    before = Application.objects.count()
    for response in (
        citizen.post(FORM, data=b"\xff\xfe{", content_type="application/json"),
        citizen.post(FORM, {"applicant_kind": ["person", "organisation"]}),
        citizen.post(INDEX + "query/", {"number": "x" * 500, "code": "' OR 1=1"}),
        citizen.post(INDEX + "query/SQ2026-00001/", {"text": "补正"}),
        citizen.get(INDEX + "apply/%00/"),
        citizen.get(INDEX + "query/SQ2026-00001/notices/999999/"),
        citizen.get(INDEX + "query/../../etc/passwd/"),
    ):
        assert response.status_code < 500
    assert Application.objects.count() == before


def test_script_in_a_description_is_shown_as_text(citizen):
    data = form_data(citizen, description="<script>alert(1)</script>申请公开预算文件")
    number, _code = receipt(citizen.post(FORM, data), citizen, of="application")
    item = Application.objects.get(number=number)
    handler = desk_member("lishan")
    workflow.transition(item, "confirm_receipt", by=handler)
    workflow.transition(
        item, "request_correction", by=handler, items="<b>请写明</b>文件名称"
    )
    html = citizen.get(INDEX + f"query/{number}/").content.decode()
    assert "<b>请写明</b>" not in html and "&lt;b&gt;请写明&lt;/b&gt;" in html


@override_settings(APPLICATION_RATE_IP=(2, 3600))
def test_submissions_per_address_are_limited(citizen):
    before = Application.objects.count()
    assert citizen.post(FORM, form_data(citizen, captcha="0")).status_code == 400
    assert citizen.post(FORM, form_data(citizen)).status_code == 302
    limited = citizen.post(FORM, form_data(citizen))
    assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()
    assert Application.objects.count() == before + 1


@override_settings(APPLICATION_RATE_PHONE=(1, 86400))
def test_applications_per_phone_are_limited(citizen):
    phone = f"137{random.randint(10_000_000, 99_999_999)}"
    assert citizen.post(FORM, form_data(citizen, phone=phone)).status_code == 302
    second = citizen.post(FORM, form_data(citizen, phone=phone))
    assert second.status_code == 429 and "已达上限" in second.content.decode()


def authorized_client(item):
    client = Client(REMOTE_ADDR=random_ip())
    session = client.session
    session["application_numbers"] = [item.number]
    session.save()
    return client


def test_the_applicant_corrects_online_and_reads_the_answer(tmp_path):
    handler = desk_member("lishan")
    item = application()
    workflow.transition(item, "confirm_receipt", by=handler)
    workflow.transition(
        item, "request_correction", by=handler, items="请写明项目所在村\n请写明年度"
    )
    client = authorized_client(item)
    url = INDEX + f"query/{item.number}/"
    page = client.get(url).content.decode()
    assert "请写明项目所在村" in page and "提交补正" in page
    short = client.post(url, {"text": "村"})
    assert short.status_code == 400 and "补正内容至少5个字" in short.content.decode()
    done = client.post(url, {"text": "双河村，2026年度的养护项目。"})
    assert done["Location"] == url + "?corrected=1"
    item.refresh_from_db()
    assert item.status == "received" and item.correction_text.startswith("双河村")

    workflow.transition(
        item,
        "answer",
        by=handler,
        outcome="partial",
        decision="招标文件予以公开；报价明细涉及商业秘密，不予公开。",
        links="/zfxxgk/lishan/",
    )
    page = client.get(url).content.decode()
    decision = item.notices.get(kind="decision")
    notice_url = url + f"notices/{decision.pk}/"
    assert notice_url in page and 'href="/zfxxgk/lishan/"' in page
    notice = client.get(notice_url).content.decode()
    for text in (
        "政府信息公开申请答复告知书",
        decision.reference,
        "赵四海：",
        "办理结果：部分公开",
        "第三十七条",
        "60日内向随县人民政府申请行政复议",
        "6个月内依法向人民法院提起行政诉讼",
        "厉山镇人民政府（印章）",
    ):
        assert text in notice, text
    for secret in (item.phone, item.id_number, item.address):
        assert secret not in notice
    item.refresh_from_db()
    assert item.status == "delivered" and item.delivery_method == "online"

    pdf = client.get(notice_url + "pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for snippet in ("部分公开", "行政复议", "厉山镇人民政府（印章）"):
        assert snippet in text.replace("\n", "")
    # Someone else's session reads nothing.
    stranger = Client()
    assert stranger.get(notice_url)["Location"] == INDEX + "query/"
    assert stranger.get(notice_url + "pdf/")["Location"] == INDEX + "query/"


def test_each_units_guide_and_column_link_to_its_form():
    client = Client()
    for slug in ("lishan", "czj"):
        for url in (f"/zfxxgk/{slug}/", f"/zfxxgk/{slug}/guide/"):
            html = client.get(url).content.decode()
            assert f'href="{INDEX}apply/{slug}/"' in html, url
            assert f'href="{INDEX}query/"' in html
    index = client.get(INDEX).content.decode()
    assert f'href="{INDEX}apply/county/"' in index
    assert client.get(INDEX + "apply/nosuchunit/").status_code == 404


def test_personal_data_never_reaches_the_api_or_the_search_index(citizen):
    phone = "13655501234"
    data = form_data(citizen, phone=phone, address="湖北省随县厉山镇秘密小区9栋901室")
    receipt(citizen.post(FORM, data), citizen, of="application")
    # Applications are not indexed at all; the page that serves them is, with
    # its own fields only.
    assert Application not in index.get_indexed_models()
    for page in ApplicationIndexPage.objects.all():
        index.insert_or_update_object(page)
    for url in (
        f"/api/v2/pages/?search={phone}",
        "/api/v2/pages/?type=interaction.ApplicationIndexPage&fields=*",
        f"/search/?q={phone}",
        "/search/?q=秘密小区",
    ):
        body = Client().get(url).content.decode()
        for secret in (phone, APPLICANT_ID, "秘密小区"):
            assert secret not in body or url.endswith(secret), url
    for secret in (phone, APPLICANT_ID, "秘密小区"):
        assert not IndexEntry.objects.filter(body__contains=secret).exists()
        assert not IndexEntry.objects.filter(title__contains=secret).exists()


def test_public_pages_run_the_same_queries_with_more_data():
    handler = desk_member("lishan")
    item = application()
    workflow.transition(item, "confirm_receipt", by=handler)
    client = authorized_client(item)
    pages = [INDEX, FORM, INDEX + "query/", INDEX + f"query/{item.number}/"]
    small = [count_queries(client, url) for url in pages]
    for _ in range(15):
        other = application(phone=f"1397221{random.randint(1000, 9999)}")
        workflow.transition(other, "confirm_receipt", by=handler)
    workflow.transition(item, "request_extension", by=handler, days=5, note="调档")
    workflow.transition(
        item, "start_consultation", by=handler, party="随县建工集团有限公司"
    )
    workflow.transition(item, "end_consultation", by=handler)
    large = [count_queries(client, url) for url in pages]
    assert large == small
    assert max(small) <= 25, small
