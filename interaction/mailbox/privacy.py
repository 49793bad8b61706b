"""What of a letter may be shown in public, and how it is masked.

Published text goes through :func:`redact`: the spans the review checks'
personal-data detector finds (:func:`disclosure.review.personal.find`: ID,
mobile and bank card numbers in any spacing, full-width or with +86, and
house-level addresses) are masked, exactly those, so what blocks a page is what
is hidden in a letter; e-mail addresses and the writer's own name, phone and
e-mail go too. The result is checked again (:func:`blocking_findings`) before
it is accepted."""

import re

from django.core.exceptions import ValidationError

from disclosure.review import personal, run_checks

PERSONAL_RULES = set(personal.RULES)
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
ADDRESS_MASK = "＊＊＊"
# Digits (any width) and an ID number's closing X.
_DIGIT_RE = re.compile(r"[0-9０-９XxＸｘ]")


def mask_name(name):
    """张三丰 → 张**: the first character and two stars, whatever the length."""
    name = (name or "").strip()
    return f"{name[0]}**" if name else "**"


def mask_phone(phone):
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 7:
        return "****"
    return f"{digits[:3]}****{digits[-4:]}"


def _mask_digits(value, keep_start, keep_end):
    """``value`` with its digits starred except the first ``keep_start`` and
    the last ``keep_end``; separators and prefixes stay as written."""
    positions = [m.start() for m in _DIGIT_RE.finditer(value)]
    hidden = set(positions[keep_start : len(positions) - keep_end])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


def _mask_span(rule, value):
    if rule == personal.MOBILE_NUMBER:
        # A +86 prefix is kept with the first three digits of the number.
        digits = len(_DIGIT_RE.findall(value))
        return _mask_digits(value, digits - 8, 4)
    if rule == personal.ID_NUMBER:
        return _mask_digits(value, 3, 3)
    if rule == personal.BANK_CARD:
        return _mask_digits(value, 4, 4)
    return ADDRESS_MASK


def personal_findings(text):
    """The review checks' personal-data findings on ``text``."""
    return [
        f
        for f in run_checks(text, typos=(), fixed_names=())
        if f.rule in PERSONAL_RULES
    ]


def mask_personal_data(text):
    """``text`` with every span the personal-data detector finds masked."""
    pieces, last = [], 0
    for span in personal.find(text):
        pieces.append(text[last : span.start])
        pieces.append(_mask_span(span.rule, text[span.start : span.end]))
        last = span.end
    pieces.append(text[last:])
    return "".join(pieces)


def redact(text, *, name="", phone="", email=""):
    """``text`` with personal data masked."""
    if not text:
        return ""
    if email:
        text = text.replace(email, "****")
    text = EMAIL_RE.sub(lambda m: m.group()[0] + "***@" + m.group().split("@")[1], text)
    if phone:
        text = text.replace(phone, mask_phone(phone))
    if name and len(name.strip()) >= 2:
        text = text.replace(name.strip(), mask_name(name))
    return mask_personal_data(text)


def blocking_findings(text):
    """The review checks' blocking findings on ``text`` (secret marks,
    personal data, wrong fixed names …)."""
    return [f for f in run_checks(text) if f.blocks]


def problems_text(findings):
    """The findings as one line for an error message: excerpt (message); …"""
    return "；".join(f"{f.excerpt}（{f.message}）" for f in findings)


def refuse_blocking(text, message, *, allow_with_reason=""):
    """Raise ValidationError(``message`` % {"problems": …}) while ``text``
    has blocking findings, unless a release reason is given."""
    findings = blocking_findings(text)
    if findings and not (allow_with_reason or "").strip():
        raise ValidationError(message % {"problems": problems_text(findings)})
    return findings


def set_public_wording(record, step, *, empty_message, blocked_message):
    """Publish a citizen's question or comment: the wording the staff chose
    (``public_content`` in the step's data, else the original), with the
    sender's name and phone and any personal data masked, refused while a
    blocking finding remains. Sets ``public_content``/``public_name``."""
    personal = {"name": record.name, "phone": record.phone}
    wording = (step.data.get("public_content") or "").strip() or record.content
    public = redact(wording, **personal).strip()
    if len(public) < 2:
        raise ValidationError(empty_message)
    refuse_blocking(public, blocked_message)
    step.set(record, public_content=public, public_name=mask_name(record.name))
    if public != record.content:
        step.event_data["public_content"] = public
    return public


def mask_id_number(value):
    """4203**********1231: the first four and the last four characters."""
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value) if value else ""
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


ABOVE_HOUSE_RE = re.compile(r"^.*?(?:镇|乡|街道|农场|场)")


def mask_address(value):
    """湖北省随县厉山镇＊＊＊: kept down to the township, the rest masked."""
    value = (value or "").strip()
    if not value:
        return ""
    match = ABOVE_HOUSE_RE.match(value)
    return (match.group() if match else "") + ADDRESS_MASK
