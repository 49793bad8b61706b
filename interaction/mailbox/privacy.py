"""What of a letter may be shown in public, and how it is masked.

Published text goes through :func:`redact` (phone, ID, bank card and
house-level address spans found by the review checks, e-mail addresses and
the writer's own name, phone and e-mail), and then through the review checks
again (:func:`blocking_findings`) before it is accepted."""

import re

from disclosure.review import run_checks

PERSONAL_RULES = {"id-number", "mobile-number", "bank-card", "home-address"}
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
ADDRESS_MASK = "＊＊＊"


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
    digits = [i for i, ch in enumerate(value) if ch.isalnum()]
    keep = set(digits[:keep_start]) | set(digits[len(digits) - keep_end :])
    return "".join(
        ch if i in keep or not ch.isalnum() else "*" for i, ch in enumerate(value)
    )


def _mask_finding(rule, value):
    if rule == "mobile-number":
        return _mask_digits(value, len(value) - 8 if value.startswith("+") else 3, 4)
    if rule == "id-number":
        return _mask_digits(value, 3, 3)
    if rule == "bank-card":
        return _mask_digits(value, 4, 4)
    return ADDRESS_MASK


def personal_findings(text):
    return [
        f
        for f in run_checks(text, typos=(), fixed_names=())
        if f.rule in PERSONAL_RULES
    ]


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
    findings = sorted(personal_findings(text), key=lambda f: f.start, reverse=True)
    for finding in findings:
        value = text[finding.start : finding.end]
        text = (
            text[: finding.start]
            + _mask_finding(finding.rule, value)
            + text[finding.end :]
        )
    return text


def blocking_findings(text):
    """The review checks' blocking findings on ``text`` (secret marks,
    personal data, wrong fixed names …)."""
    return [f for f in run_checks(text) if f.blocks]


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
