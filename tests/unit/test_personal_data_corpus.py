"""A planted-PII corpus: one detector for blocking and for masking.

Each case is a text and the spans that must be found in it, as
``(rule, exact text)``; clean cases list none. For every case the review
checks block on exactly those spans, and the mailbox's masking hides exactly
those spans (the rest of the text is left as written), after which nothing is
found any more."""

import re

import pytest

from disclosure.review import personal, run_checks
from interaction.mailbox.privacy import PERSONAL_RULES, redact

ID = "id-number"
MOBILE = "mobile-number"
CARD = "bank-card"
ADDRESS = "home-address"

VALID_ID = "420321198001011231"
MISTYPED_ID = "420321198001011234"  # wrong check digit
VALID_CARD = "6222021234567890128"

CORPUS = [
    # -- the letter of issue 8 -------------------------------------------
    (
        "本人身份证号420321198001011234，家住神农大道88号，"
        "电话4203 2119 8001 0112 34写错了，请打139.1234.5678、"
        "１３９１２３４５６７８或+86 139 1234 5678。",
        [
            (ID, "420321198001011234"),
            (ADDRESS, "神农大道88号"),
            (ID, "4203 2119 8001 0112 34"),
            (MOBILE, "139.1234.5678"),
            (MOBILE, "１３９１２３４５６７８"),
            (MOBILE, "+86 139 1234 5678"),
        ],
    ),
    # -- ID numbers ------------------------------------------------------
    (f"申请人身份证号：{VALID_ID}。", [(ID, VALID_ID)]),
    (f"身份证{MISTYPED_ID}（校验位写错）", [(ID, MISTYPED_ID)]),
    ("身份证号码：11010519491231002X", [(ID, "11010519491231002X")]),
    ("身份证号码：11010519491231002x。", [(ID, "11010519491231002x")]),
    ("证件号 420321 19800101 1231", [(ID, "420321 19800101 1231")]),
    ("证件号 420321-19800101-1234", [(ID, "420321-19800101-1234")]),
    (
        "身份证：４２０３２１１９８００１０１１２３４",
        [(ID, "４２０３２１１９８００１０１１２３４")],
    ),
    ("老身份证420321800101123。", [(ID, "420321800101123")]),
    ("纳税人识别号：420321198001011231", [(ID, "420321198001011231")]),
    (
        f"1 张三 {VALID_ID} 13812345678 1200.00 2014-11-20",
        [(ID, VALID_ID), (MOBILE, "13812345678")],
    ),
    ("身份证号：420321********1234", []),
    ("身份证号：35*************123", []),
    ("出生日期不存在：420321198002301235", []),
    ("地区码不存在：000321198001011231", []),
    ("出生在未来：420321209901011231", []),
    ("更长的数字串：94203211980010112310", []),
    ("编号A420321198001011231", []),
    # -- mobile numbers --------------------------------------------------
    ("联系电话13812345678。", [(MOBILE, "13812345678")]),
    ("手机：139-1234-5678", [(MOBILE, "139-1234-5678")]),
    ("手机 139 1234 5678 张三", [(MOBILE, "139 1234 5678")]),
    ("手机：+8613812345678", [(MOBILE, "+8613812345678")]),
    ("手机：8613812345678", [(MOBILE, "8613812345678")]),
    ("手机：86-139-1234-5678", [(MOBILE, "86-139-1234-5678")]),
    ("手机：（+86）139 1234 5678", [(MOBILE, "（+86）139 1234 5678")]),
    ("手机：0086 139 1234 5678", [(MOBILE, "0086 139 1234 5678")]),
    (
        "手机：＋８６　１３９　１２３４　５６７８",
        [(MOBILE, "＋８６　１３９　１２３４　５６７８")],
    ),
    ("手机：１３９－１２３４－５６７８", [(MOBILE, "１３９－１２３４－５６７８")]),
    ("手机：139．1234．5678", [(MOBILE, "139．1234．5678")]),
    ("电话1391234 5678", [(MOBILE, "1391234 5678")]),
    (
        "两个号码：13812345678、15912345678",
        [(MOBILE, "13812345678"), (MOBILE, "15912345678")],
    ),
    ("张三 13812345678 户主", [(MOBILE, "13812345678")]),
    ("联系电话：138****1234", []),
    ("联系电话：139.****.5678", []),
    ("办公电话：0722-4321234", []),
    ("办公电话：（0722）4321234转801", []),
    ("服务热线：400-123-4567", []),
    ("流水号213812345678和12138123456789", []),
    ("金额13812345678.50元", []),
    ("比例0.13812345678", []),
    ("统计表：合计 12 138 1234 5678 9", []),
    ("统计表：130 2014 1120 45", []),
    ("版本号v2.13812345678", []),
    # -- bank cards ------------------------------------------------------
    (f"补贴发放至银行卡{VALID_CARD}。", [(CARD, VALID_CARD)]),
    ("银行卡6222 0212 3456 7890 128", [(CARD, "6222 0212 3456 7890 128")]),
    ("银行卡6228-4800-1234-5671", [(CARD, "6228-4800-1234-5671")]),
    (
        "银行卡６２２８４８００１２３４５６７１",
        [(CARD, "６２２８４８００１２３４５６７１")],
    ),
    ("银行卡6222021234567890129", []),  # fails Luhn
    ("银行卡6222********0128", []),
    ("统计表：8 6228 4800 1234 5671", []),
    # -- addresses -------------------------------------------------------
    ("户主住址：厉山镇双寺村3组12号。", [(ADDRESS, "双寺村3组12号")]),
    ("家住城南小区5栋2单元301室", [(ADDRESS, "5栋2单元301室")]),
    ("来信人家住随县厉山镇神农大道88号。", [(ADDRESS, "神农大道88号")]),
    ("我住在解放路12-3号2单元402室，", [(ADDRESS, "解放路12-3号2单元402室")]),
    ("住址：随州市曾都区舜井大道１２８号", [(ADDRESS, "舜井大道１２８号")]),
    ("家在烈山大道八十八号附近", [(ADDRESS, "烈山大道八十八号")]),
    ("我的地址是炎帝巷7号，门口路灯坏了。", [(ADDRESS, "炎帝巷7号")]),
    ("住址：厉山镇新街15号", [(ADDRESS, "新街15号")]),
    ("补贴对象：厉山镇双寺村3组", []),
    ("办公地址：随县厉山镇神农大道99号", []),
    ("办公地址：随县厉山镇神农大道88号政务服务中心3楼", []),
    ("受理地点：神农大道99号县政务服务中心一楼", []),
    ("随县人民政府（神农大道99号）", []),
    ("县政务服务中心位于神农大道99号。", []),
    ("10千伏线路3号杆塔检修", []),
    ("本路段3号至5号停电", []),
    ("对神农大道88号至99号路段进行改造", []),
    # -- numbers that are not personal data -------------------------------
    ("《关于做好政府信息公开工作的通知》（随政办发〔2014〕34号）", []),
    ("鄂政发〔2014〕1381号，随政发[2014]第0034号", []),
    ("索引号：011035847/2014-00034", []),
    ("统一社会信用代码：420321198001011231", []),
    ("成文日期：2014年11月20日，发布日期：2014-11-20，20141120", []),
    ("成文日期：２０１４年１１月２０日", []),
    ("预算金额1234567.89元，合同金额12,345,678元", []),
    ("奖励资金￥6,222,021,234,567,890,128", []),
    ("详见http://www.suixian.gov.cn/art/2014/11/20/art_13812345678.html", []),
    ("邮编441300，传真0722-4325678", []),
    ("按照国务院令第711号执行，全县共受理申请13件。", []),
    ("随县人民政府关于做好2014年度政府信息公开工作的通知。", []),
    ("", []),
]


def _found(text):
    return [(span.rule, text[span.start : span.end]) for span in personal.find(text)]


def test_the_corpus_is_large_and_has_clean_texts():
    assert len(CORPUS) >= 60
    assert sum(1 for _text, spans in CORPUS if not spans) >= 25
    assert {rule for _text, spans in CORPUS for rule, _ in spans} == PERSONAL_RULES


@pytest.mark.parametrize(("text", "spans"), CORPUS)
def test_the_detector_finds_exactly_the_planted_spans(text, spans):
    assert _found(text) == spans


@pytest.mark.parametrize(("text", "spans"), CORPUS)
def test_review_checks_block_on_the_same_spans(text, spans):
    findings = [
        (f.rule, text[f.start : f.end])
        for f in run_checks(text, typos=(), fixed_names=())
        if f.rule in PERSONAL_RULES
    ]
    assert findings == spans
    assert all(
        f.blocks
        for f in run_checks(text, typos=(), fixed_names=())
        if f.rule in PERSONAL_RULES
    )


def _digits(value):
    return re.sub(r"\D", "", personal.fold(value))


@pytest.mark.parametrize(("text", "spans"), CORPUS)
def test_masking_hides_exactly_the_planted_spans(text, spans):
    masked = redact(text)
    if not spans:
        assert masked == text
        return
    # Outside the spans the text is as written.
    pieces = re.split("|".join(re.escape(value) for _rule, value in spans), text)
    position = 0
    for piece in pieces:
        found = masked.find(piece, position)
        assert found >= 0, (piece, masked)
        position = found + len(piece)
    for rule, value in spans:
        assert value not in masked
        if rule != ADDRESS:
            # Not even the digits survive with other separators.
            assert _digits(value) not in _digits(masked)
    assert _found(masked) == []
