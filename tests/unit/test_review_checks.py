"""The automated pre-publication review rules (disclosure.review.checks)."""

import datetime
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from disclosure import docnumber
from disclosure.review import (
    Finding,
    Reviewer,
    check_external_link,
    check_metadata,
    external_links,
    find_links,
    mask_protected,
    run_checks,
)
from disclosure.review.data import DEFAULT_TYPOS

# The county's 2014 report as published, shipped with the demo data.
SEED = Path(__file__).resolve().parents[2] / "demo/report_2014.txt"

VALID_ID = "420321198001011231"  # check digit computed with ISO 7064 MOD 11-2
VALID_ID_X = "11010519491231002X"
VALID_CARD = "6222021234567890128"  # passes Luhn
VALID_CARD_16 = "6228480012345671"


def rules(text, **kwargs):
    return [f.rule for f in run_checks(text, **kwargs)]


def blocking(text, **kwargs):
    return [f for f in run_checks(text, **kwargs) if f.severity == "block"]


# -- Finding and run_checks ------------------------------------------------


def test_finding_fields_and_order():
    text = f"机密★长期。联系人手机13812345678，身份证{VALID_ID}。"
    findings = run_checks(text)
    assert [f.rule for f in findings] == ["secret-mark", "mobile-number", "id-number"]
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    mobile = findings[1]
    assert isinstance(mobile, Finding)
    assert mobile.severity == "block"
    assert text[mobile.start : mobile.end] == "13812345678"
    assert "13812345678" in mobile.excerpt and len(mobile.excerpt) < 40
    assert mobile.source == "正文"
    assert "手机号码" in mobile.message
    assert mobile.as_dict()["rule"] == "mobile-number"


def test_source_is_passed_through():
    (finding,) = run_checks("秘密★1年", source="名单.xlsx 第1页")
    assert finding.source == "名单.xlsx 第1页"


def test_clean_text_has_no_findings():
    assert run_checks("随县人民政府关于做好2014年度政府信息公开工作的通知。") == []
    assert run_checks("") == []


# -- secret-mark -------------------------------------------------------------


@pytest.mark.parametrize(
    "mark", ["秘密★1年", "机密★长期", "绝密★启用前", "秘密☆6个月", "机密 ★ 10年"]
)
def test_secret_mark(mark):
    (finding,) = run_checks(f"文件首页左上角标注{mark}，请勿外传。")
    assert finding.rule == "secret-mark"
    assert finding.severity == "block"
    assert mark in finding.excerpt


def test_secret_level_label():
    assert rules("密级：机密") == ["secret-mark"]


@pytest.mark.parametrize(
    "text",
    [
        "公开的信息中未涉及国家秘密、商业秘密和个人隐私。",
        "严格保守工作秘密，机密文件按规定管理。",
        "★★★ 重点工作 ★",
    ],
)
def test_secret_words_without_star_pass(text):
    assert rules(text) == []


# -- id-number ---------------------------------------------------------------


@pytest.mark.parametrize(
    "number", [VALID_ID, VALID_ID_X, VALID_ID_X.lower(), "420321 19800101 1231"]
)
def test_id_number_18(number):
    (finding,) = run_checks(f"申请人身份证号：{number}，住厉山镇。")
    assert finding.rule == "id-number"
    assert finding.excerpt.count(number) == 1


def test_id_number_15_digit_old_form():
    assert rules("老身份证420321800101123。") == ["id-number"]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号：420321********1234",
        "身份证号：35*************123",
        "身份证号：4203211980****1231",
        "出生日期不存在：420321198002301235",
        "地区码不存在：000321198001011231",
        "更长的数字串：94203211980010112310",
        f"编号A{VALID_ID}",
    ],
)
def test_id_number_near_misses(text):
    assert "id-number" not in rules(text)


@pytest.mark.parametrize("label", ["身份证编号", "纳税人识别号", "证件号码"])
def test_id_number_after_labels(label):
    assert rules(f"{label}：{VALID_ID}") == ["id-number"]


def test_table_row_from_a_pdf():
    text = f"1 张三 {VALID_ID} 13812345678 1200.00 2014-11-20"
    assert rules(text) == ["id-number", "mobile-number"]


def test_phone_next_to_a_column_value():
    assert rules("张三 13812345678 户主") == ["mobile-number"]


def test_allowed_numbers():
    text = "咨询电话：138-1234-5678，张三手机13912345678"
    findings = run_checks(text, allowed_numbers=["13812345678"])
    assert [text[f.start : f.end] for f in findings] == ["13912345678"]


def test_a_mistyped_id_number_is_still_an_id_number():
    # Wrong check digit, as people mistype them: region and birth date decide.
    assert rules("身份证号：420321198001011234") == ["id-number"]


# -- mobile-number -----------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["13812345678", "199 1234 5678", "138-1234-5678", "+8613812345678"]
)
def test_mobile_number(number):
    assert rules(f"联系电话{number}。") == ["mobile-number"]


@pytest.mark.parametrize(
    "text",
    [
        "联系电话：138****1234",
        "办公电话：0722-4321234",
        "办公电话：(0722)4321234",
        "办公电话：（0722）4321234",
        "办公电话：0722 4321234转801",
        "办公电话：4321234",
        "服务热线：400-123-4567",
        "流水号213812345678和12138123456789",
        "金额13812345678.50元",
        "比例0.13812345678",
        "邮编441300，传真0722-4325678",
        "统计表：合计 12 138 1234 5678 9",
        "统计表：130 2014 1120 45",
    ],
)
def test_mobile_number_near_misses(text):
    assert rules(text) == []


# -- bank-card ---------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [VALID_CARD, VALID_CARD_16, "6222 0212 3456 7890 128", "6228-4800-1234-5671"],
)
def test_bank_card(number):
    (finding,) = run_checks(f"补贴发放至银行卡{number}。")
    assert finding.rule == "bank-card"
    assert finding.excerpt.count(number) == 1


@pytest.mark.parametrize(
    "text",
    [
        "银行卡6222021234567890129",  # fails Luhn
        "银行卡6222 **** **** 0128",
        "银行卡6222********0128",
        "统计表：8 6228 4800 1234 5671",
        f"身份证{VALID_ID}",  # a valid ID is id-number's, not a card
    ],
)
def test_bank_card_near_misses(text):
    assert "bank-card" not in rules(text)


# -- masking of numbers that are not personal data ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "《关于做好政府信息公开工作的通知》（随政办发〔2014〕34号）",
        "鄂政发〔2014〕1381号，随政发[2014]第0034号",
        "索引号：011035847/2014-00034",
        f"索引号：{VALID_ID}/2014-00034",
        f"统一社会信用代码：{VALID_ID}",
        "成文日期：2014年11月20日",
        "发布日期：2014-11-20，20141120，2014/11/20",
        "预算金额1234567.89元，合同金额12,345,678元，共13812345678元",
        "奖励资金￥6,222,021,234,567,890,128",
        "详见http://www.suixian.gov.cn/art/2014/11/20/art_13812345678.html",
    ],
)
def test_numbers_that_are_not_personal_data(text):
    assert blocking(text) == []


def test_mask_protected_keeps_length_and_personal_data():
    text = f"2014年11月20日，0722-4321234，手机13812345678，{VALID_ID}"
    masked = mask_protected(text)
    assert len(masked) == len(text)
    assert "2014" not in masked and "4321234" not in masked
    assert "13812345678" in masked and VALID_ID in masked


# -- home-address ------------------------------------------------------------


def test_home_address():
    (finding,) = run_checks("户主住址：厉山镇双寺村3组12号。")
    assert finding.rule == "home-address"
    assert finding.excerpt.count("双寺村3组12号") == 1
    assert rules("家住城南小区5栋2单元301室") == ["home-address"]


def test_village_level_address_and_office_address_pass():
    assert rules("补贴对象：厉山镇双寺村3组") == []
    assert rules("办公地址：随县厉山镇神农大道88号政务服务中心3楼") == []
    assert rules("来信人住随县厉山镇神农大道88号") == ["home-address"]


# -- doc-number-format -------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "fixed"),
    [
        ("随政办发[2014]34号", "随政办发〔2014〕34号"),
        ("随政办发【2014】34号", "随政办发〔2014〕34号"),
        ("随政发〔2014〕第3号", "随政发〔2014〕3号"),
        ("随政发〔2014〕03号", "随政发〔2014〕3号"),
        ("鄂政办函(2014)12号", "鄂政办函〔2014〕12号"),
    ],
)
def test_doc_number_format(written, fixed):
    text = f"根据{written}文件精神"
    (finding,) = run_checks(text)
    assert finding.rule == "doc-number-format"
    assert finding.severity == "warn"
    assert text[finding.start : finding.end] == written
    assert finding.suggestion == fixed
    assert fixed == docnumber.normalise(written)


def test_doc_number_well_formed_passes():
    assert rules("按照随政办发〔2014〕34号和国务院令第711号执行。") == []


def test_doc_number_in_seed_sentence():
    text = (
        "按照《市人民政府办公室关于做好全市政府信息公开工作的通知》(随政办发[2014]34号)"
    )
    (finding,) = run_checks(text)
    assert text[finding.start : finding.end] == "随政办发[2014]34号"


def test_docnumber_accepts_orders():
    assert docnumber.check("国务院令第711号") is None
    assert docnumber.check("随政办发[2014]34号").suggestion == "随政办发〔2014〕34号"


# -- fixed-name --------------------------------------------------------------


def test_fixed_name_default_list():
    text = "依据《中华人民共和国政府信息公开条列》"
    (finding,) = run_checks(text)
    assert finding.rule == "fixed-name"
    assert finding.severity == "block"
    assert finding.suggestion == "中华人民共和国政府信息公开条例"
    assert text[finding.start : finding.end] == "中华人民共和国政府信息公开条列"


def test_fixed_name_custom_list():
    names = [("随县人民政府办公室", ["随县政府办公厅", "随县人民政府办公厅"])]
    findings = run_checks("随县人民政府办公厅印发", fixed_names=names)
    assert [(f.rule, f.suggestion) for f in findings] == [
        ("fixed-name", "随县人民政府办公室")
    ]
    assert run_checks("随县人民政府办公室印发", fixed_names=names) == []


def test_fixed_names_can_be_turned_off():
    assert rules("中华人民共和国政府信息公开条列", fixed_names=()) == []


# -- typo --------------------------------------------------------------------


def test_default_typo_list_is_large_enough():
    assert sum(1 for right in DEFAULT_TYPOS.values() if right) >= 40


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("按装", "安装"),
        ("即然", "既然"),
        ("布署", "部署"),
        ("再接再励", "再接再厉"),
        ("迫不急待", "迫不及待"),
        ("一愁莫展", "一筹莫展"),
    ],
)
def test_typo(wrong, right):
    (finding,) = run_checks(f"我们要{wrong}好。")
    assert (finding.rule, finding.severity, finding.suggestion) == (
        "typo",
        "warn",
        right,
    )


def test_typo_in_seed_report_sentence():
    text = (
        "如《关于印发随县重大食品安全事故应急预案的通知》和"
        "《关于印了随县2014年度地质灾害防治方案的通知》等。"
    )
    (finding,) = run_checks(text)
    assert finding.rule == "typo"
    assert text[finding.start : finding.end] == "关于印了"
    assert finding.suggestion == "关于印发"


def test_seed_report():
    findings = run_checks(SEED.read_text(encoding="utf-8"))
    typos = {f.suggestion for f in findings if f.rule == "typo"}
    assert {"关于印发", "截至目前", "台账"} <= typos
    numbers = [f for f in findings if f.rule == "doc-number-format"]
    assert [f.suggestion for f in numbers] == ["随政办发〔2014〕34号"]
    assert not [f for f in findings if f.severity == "block"]


def test_known_good_phrases_shield_shorter_typos():
    assert rules("按装机容量分配，全部份额") == []
    assert rules("按装空调") == ["typo"]


def test_custom_typo_list_with_thousands_of_entries():
    typos = {f"错词{i:05d}": f"正词{i:05d}" for i in range(5000)}
    typos["印了"] = "印发"
    findings = run_checks("关于印了通知；错词04999；错词1", typos=typos)
    assert [f.suggestion for f in findings] == ["印发", "正词04999"]


def test_reviewer_reuses_word_lists():
    reviewer = Reviewer()
    assert reviewer.check("即然如此")[0].suggestion == "既然"
    assert Reviewer().words is reviewer.words


# -- dead-link ---------------------------------------------------------------


def test_find_links_in_html_and_text():
    text = (
        "<a href=\"/xxgk/123/\">目录</a><img src='/media/a.png'>"
        '<a href="https://www.suixian.gov.cn/a?x=1&amp;y=2">站内</a>'
        "外链：http://example.com/path（见附件）。另见 https://example.org/x.html."
        '<a href="mailto:a@b.cn">信</a><a href="#top">顶部</a>'
    )
    links = find_links(text)
    urls = [url for _s, _e, url in links]
    assert urls == [
        "/xxgk/123/",
        "/media/a.png",
        "https://www.suixian.gov.cn/a?x=1&y=2",
        "http://example.com/path",
        "https://example.org/x.html",
    ]
    start, end, _url = links[3]
    assert text[start:end] == "http://example.com/path"
    assert [u for _s, _e, u in external_links(text, ["www.suixian.gov.cn"])] == [
        "http://example.com/path",
        "https://example.org/x.html",
    ]


def test_dead_internal_link():
    seen = []

    def link_checker(url):
        seen.append(url)
        return url != "/gone/"

    text = '<a href="/gone/">旧栏目</a><a href="/xxgk/">目录</a> http://example.com/x'
    findings = run_checks(
        text, link_checker=link_checker, internal_hosts=["www.suixian.gov.cn"]
    )
    assert [(f.rule, f.severity) for f in findings] == [("dead-link", "warn")]
    assert text[findings[0].start : findings[0].end] == "/gone/"
    assert seen == ["/gone/", "/xxgk/"]  # the external link is left for later


def test_links_not_checked_without_checker():
    assert run_checks('<a href="/gone/">旧栏目</a>') == []


class _Handler(BaseHTTPRequestHandler):
    def _answer(self, with_body):
        if self.path == "/ok":
            status = 200
        elif self.path == "/nohead":
            status = 405 if self.command == "HEAD" else 200
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            status = 404
        body = b"hello"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self):  # noqa: N802
        self._answer(False)

    def do_GET(self):  # noqa: N802
        self._answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_check_external_link(local_server):
    assert check_external_link(f"{local_server}/ok", timeout=2)
    assert check_external_link(f"{local_server}/nohead", timeout=2)
    assert check_external_link(f"{local_server}/moved", timeout=2)
    assert not check_external_link(f"{local_server}/missing", timeout=2)


def test_check_external_link_unreachable(local_server):
    port = int(local_server.rsplit(":", 1)[1])
    with ThreadingHTTPServer(("127.0.0.1", 0), _Handler) as spare:
        closed_port = spare.server_address[1]
    assert closed_port != port
    assert not check_external_link(f"http://127.0.0.1:{closed_port}/ok", timeout=2)
    assert not check_external_link("ftp://127.0.0.1/file")


# -- metadata ----------------------------------------------------------------

GOOD_METADATA = {
    "title": "随县人民政府关于印发某方案的通知",
    "unit": "随县人民政府办公室",
    "formed_on": "2014-11-20",
    "category": "政府文件",
    "document_number": "随政办发〔2014〕34号",
    "validity": "valid",
}


def test_good_metadata():
    assert check_metadata(GOOD_METADATA) == []
    assert (
        check_metadata({**GOOD_METADATA, "formed_on": datetime.date(2014, 11, 20)})
        == []
    )


def test_missing_required_metadata():
    findings = check_metadata({"title": " ", "document_number": ""})
    assert {(f.rule, f.severity) for f in findings} == {("metadata-missing", "block")}
    assert {f.source for f in findings} == {
        "目录信息·名称",
        "目录信息·发布机构",
        "目录信息·成文日期",
        "目录信息·信息类别",
    }
    assert all("缺少" in f.message for f in findings)


def test_metadata_chinese_keys():
    metadata = {"名称": "通知", "发布机构": "县政府办", "成文日期": "2014-11-20"}
    (finding,) = check_metadata({**metadata, "信息类别": "", "文号": ""})
    assert finding.source == "目录信息·信息类别"


def test_bad_doc_number_in_metadata_blocks_with_suggestion():
    (finding,) = check_metadata(
        {**GOOD_METADATA, "document_number": "随政发〔2014〕第3号"}
    )
    assert finding.rule == "doc-number-format"
    assert finding.severity == "block"
    assert finding.suggestion == "随政发〔2014〕3号"
    assert finding.source == "目录信息·文号"


def test_bad_formed_on():
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    for value in ("2014年11月", future):
        (finding,) = check_metadata({**GOOD_METADATA, "formed_on": value})
        assert (finding.rule, finding.severity) == ("metadata-missing", "block")


def test_repealed_without_replacement_warns():
    (finding,) = check_metadata({**GOOD_METADATA, "validity": "repealed"})
    assert (finding.rule, finding.severity) == ("metadata-missing", "warn")
    assert "已废止" in finding.message
    assert (
        check_metadata({**GOOD_METADATA, "validity": "已失效", "replaced_by": 7}) == []
    )


def test_run_checks_includes_metadata():
    findings = run_checks(
        "秘密★1年", metadata={**GOOD_METADATA, "document_number": "随政办发[2014]34号"}
    )
    assert sorted(f.rule for f in findings) == ["doc-number-format", "secret-mark"]
