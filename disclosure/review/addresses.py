"""House-level addresses in text, for :mod:`.personal`: ``…村3组12号``,
``5栋2单元301室`` and streets with a number (``神农大道88号``,
``解放路12-3号``), except an organisation's (``办公地址：…``,
``…88号政务服务中心``) or a stretch of road (``88号至99号``)."""

import re

_CJK = r"\u4e00-\u9fff"
_NUMERAL = r"(?:\d{1,4}|[一二三四五六七八九十]{1,3})"
_HOUSE_NUMBER = r"(?:\d{1,5}(?:-\d{1,4})?|[一二三四五六七八九十百零〇]{1,6})"
_STREET = r"(?:大道|大街|路|街|巷|胡同|弄)"
# Matched from the village or street keyword on (cheap); the name before it
# is added afterwards, see _address_start.
_ADDRESS_RE = re.compile(
    r"(?P<village>村|社区)[" + _CJK + r"]{0,4}?" + _NUMERAL + r"组" + _NUMERAL + r"号"
    r"|(?P<street>" + _STREET + r")" + _HOUSE_NUMBER + r"号"
    r"(?:院?\d{1,3}(?:栋|幢|号楼))?(?:\d{1,2}单元)?(?:\d{1,4}室)?"
    r"|(?<!\d)\d{1,3}(?:栋|幢|号楼)\d{1,2}单元\d{1,4}(?:室|号)?"
    r"|(?<!\d)\d{1,3}(?:栋|幢|号楼)\d{3,4}室"
    r"|(?<!\d)\d{1,2}单元\d{3,4}室"
)
# The name starts after the township or a word like 住址.
_LEAD_IN_RE = re.compile(r".*(?:镇|乡|街道|区|县|市|场|址|住|在|于|是|为|的|到)(?=.)")
# Words ending in 路 or 街 that are no street.
_NOT_STREETS = ("线路", "电路", "道路", "思路", "出路", "网路", "进路", "门路")
# An organisation's address, not a person's: by its label before it, or the
# organisation named right after it.
_CLAUSE_START_RE = re.compile(r"[，。；;,!！?？\n\x00]")
_OFFICE_LABEL_RE = re.compile(
    r"(?:办公|单位|机构|服务|受理|办理|办事|咨询|报名|会议|活动)(?:地址|地点)"
    r"|地点[:：]|会址|坐落于|设在"
)
_HOME_LABEL_RE = re.compile(r"住|家庭|户籍|居住|身份证|我家|家在|我的|本人")
_ORGANISATION_AFTER_RE = re.compile(
    r"[" + _CJK + r"\d]{0,12}?(?:人民政府|政府|服务中心|中心|大楼|大厦|局|委员会|"
    r"办公室|医院|卫生院|学校|小学|中学|幼儿园|银行|支行|公司|酒店|宾馆|会议室|"
    r"礼堂|广场|市场|党校|法院|检察院|派出所|图书馆|博物馆|体育馆)"
)
# A stretch of a road ("88号至99号"), not a house.
_RANGE_AFTER_RE = re.compile(r"[ \t]*(?:至|到|－|-|—|~|～)[ \t]*\d")
_ORGANISATION_BEFORE_RE = re.compile(
    r"(?:人民政府|政府|服务中心|中心|局|委员会|办公室|医院|卫生院|学校|银行|支行|"
    r"公司)(?:位于|地处|坐落于|设在|在|地址[为是]?)?[(（:：]?$"
)


def _address_start(text, match):
    """Start of the address: up to 6 characters of name before the keyword."""
    start = match.start()
    if match["village"] is None and match["street"] is None:
        return start
    floor = max(0, start - 6)
    while start > floor and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1
    lead_in = _LEAD_IN_RE.match(text, start, match.start())
    return lead_in.end() if lead_in else start


def _public_place(text, start, end):
    """An organisation's address or a stretch of road, not a person's home."""
    clause_start = max(0, start - 40)
    for m in _CLAUSE_START_RE.finditer(text, max(0, start - 40), start):
        clause_start = m.end()
    before = text[clause_start:start]
    if _HOME_LABEL_RE.search(before):
        return False
    if _OFFICE_LABEL_RE.search(before) or _ORGANISATION_BEFORE_RE.search(before):
        return True
    return bool(
        _ORGANISATION_AFTER_RE.match(text, end, end + 24)
        or _RANGE_AFTER_RE.match(text, end)
    )


def find_addresses(masked):
    """``(start, end)`` of each house-level address in ``masked`` (the text
    with its protected spans blanked out)."""
    for m in _ADDRESS_RE.finditer(masked):
        start = _address_start(masked, m)
        if m["street"] is not None:
            name = masked[start : m.end("street")]
            if start == m.start() or name.endswith(_NOT_STREETS):
                continue
            if _public_place(masked, start, m.end()):
                continue
        yield start, m.end()
