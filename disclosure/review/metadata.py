"""The catalogue metadata check: the required fields of an item (名称, 发布机构,
成文日期 …), its 文号 in GB/T 9704 form, and the replacing item of one that is
已废止 or 已失效."""

import datetime

from django.utils.translation import gettext_noop

from .. import docnumber
from .findings import BLOCK, WARN, Finding

METADATA = gettext_noop("目录信息")  # the findings' source

# The required fields and the keys their value may come under (the field
# name, or its label as a spreadsheet heading: these stay data).
_REQUIRED = {
    "title": ("title", "名称"),
    "unit": ("unit", "unit_id", "发布机构"),
    "formed_on": ("formed_on", "成文日期"),
    "category": ("category", "category_id", "信息类别"),
}
_DOC_NUMBER_KEYS = ("document_number", "doc_number", "文号")
_VALIDITY_KEYS = ("validity", "有效性")
_REPLACED_KEYS = (
    "replaced_by",
    "replaced_by_id",
    "替代文件",
    "validity_note",
    "有效性说明",
)
_VALIDITY = {
    "valid": "有效",
    "amended": "已修改",
    "repealed": "已废止",
    "expired": "已失效",
}


def _get(metadata, keys):
    """The first non-blank value under one of ``keys``."""
    for key in keys:
        if not _blank(metadata.get(key)):
            return metadata[key]
    return None


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _label(name):
    # Findings are stored: the labels in zh-hans (see findings.py).
    from ..models import stored_field_label

    return stored_field_label(name)


def check_metadata(metadata, *, source=METADATA):
    """Findings for the catalogue fields of one item.

    ``metadata`` uses the DisclosureItemPage field names (title, unit,
    formed_on, category, document_number, validity, replaced_by) or the
    Chinese labels (名称, 发布机构, …). Missing required fields block as
    ``metadata-missing``; a malformed 文号 blocks as ``doc-number-format``
    with the GB/T 9704 form as suggestion; 已废止/已失效 without a replacing
    item (or a ``validity_note``) warns as ``metadata-missing``. Spans are
    within the field's value.
    """
    findings = []
    for name, keys in _REQUIRED.items():
        label = _label(name)
        value = _get(metadata, keys)
        if _blank(value):
            findings.append(
                Finding(
                    "metadata-missing",
                    BLOCK,
                    0,
                    0,
                    "",
                    gettext_noop("缺少必填的目录信息“%(field)s”。") % {"field": label},
                    "",
                    f"{source}·{label}",
                )
            )
        elif name == "formed_on":
            formed = _as_date(value)
            if formed is None:
                findings.append(
                    Finding(
                        "metadata-missing",
                        BLOCK,
                        0,
                        len(str(value)),
                        str(value),
                        gettext_noop(
                            "成文日期“%(value)s”无法识别，应为“2014-11-20”格式的日期。"
                        )
                        % {"value": value},
                        "",
                        f"{source}·{label}",
                    )
                )
            elif formed > datetime.date.today():
                findings.append(
                    Finding(
                        "metadata-missing",
                        BLOCK,
                        0,
                        len(str(value)),
                        str(value),
                        gettext_noop("成文日期“%(date)s”晚于今天。")
                        % {"date": formed.isoformat()},
                        "",
                        f"{source}·{label}",
                    )
                )
    number = _get(metadata, _DOC_NUMBER_KEYS)
    if not _blank(number):
        number = str(number)
        problem = docnumber.check(number)
        if problem:
            findings.append(
                Finding(
                    "doc-number-format",
                    BLOCK,
                    0,
                    len(number),
                    number,
                    problem.message,
                    problem.suggestion,
                    f"{source}·{_label('document_number')}",
                )
            )
    validity = _get(metadata, _VALIDITY_KEYS)
    if not _blank(validity):
        label = _VALIDITY.get(str(validity), str(validity))
        if label in ("已废止", "已失效") and _blank(_get(metadata, _REPLACED_KEYS)):
            findings.append(
                Finding(
                    "metadata-missing",
                    WARN,
                    0,
                    len(label),
                    label,
                    gettext_noop("有效性为“%(validity)s”，应注明替代文件或失效说明。")
                    % {"validity": label},
                    "",
                    f"{source}·{_label('validity')}",
                )
            )
    return findings


# --------------------------------------------------------------------------
# Putting it together.
