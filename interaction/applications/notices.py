"""告知书: what each notice says, the review checks it must pass, and the
frozen copy that is issued.

A notice's content is a dict of plain strings built once, checked by the
review checks (:func:`disclosure.review.run_checks`; attachments by
:func:`disclosure.review.scan_file`) and stored on the
:class:`~interaction.models.ApplicationNotice`. The printable page and the
PDF both render that dict, so they say the same and never change.

Privacy: the notice names the applicant but shows the ID number masked, and
quotes the request with the applicant's own phone, ID and address masked;
it never carries the phone or the address."""

from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _

from disclosure.models import Unit
from disclosure.review import ExtractError, run_checks, scan_file

from .. import conf
from ..mailbox import privacy
from ..models import ApplicationNotice, ApplicationSequence
from . import fees
from .outcomes import DECISION_LEAD, Outcome

Kind = ApplicationNotice.Kind

#: The order of the text fields a notice shows (and the checks read).
TEXT_FIELDS = ["request", "paragraphs", "legal_basis", "information", "remedies"]


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def review_body(unit):
    if unit.kind == Unit.Kind.COUNTY:
        return conf.get("APPLICATION_COUNTY_REVIEW_BODY")
    return conf.get("APPLICATION_REVIEW_BODY")


def remedies(unit):
    return _(
        "如对本告知不服，可以自收到本告知书之日起60日内向%(body)s申请行政复议，"
        "或者自收到本告知书之日起6个月内依法向人民法院提起行政诉讼。"
    ) % {"body": review_body(unit)}


def request_text(application):
    """The request as the notice quotes it: the applicant's own data masked."""
    personal = {
        "phone": application.phone,
        "email": application.email,
    }
    text = privacy.redact(application.description, **personal)
    for value, masked in (
        (application.id_number, privacy.mask_id_number(application.id_number)),
        (application.address, privacy.mask_address(application.address)),
    ):
        if value:
            text = text.replace(value, masked)
    extra = []
    if application.document_number:
        extra.append(_("文号：%(v)s") % {"v": application.document_number})
    if application.index_number:
        extra.append(_("索引号：%(v)s") % {"v": application.index_number})
    return text + ("（" + "；".join(extra) + "）" if extra else "")


def _paragraphs(application, kind, data):
    unit = application.unit
    if kind == Kind.CORRECTION:
        return [
            _(
                "经审查，您的申请内容不够明确，本机关无法确定您申请获取的政府信息。"
                "请一并补正以下事项："
            ),
            *[line for line in data["items"].splitlines() if line.strip()],
            _(
                "请于%(due)s前通过网站“申请查询”提交补正，或送交%(office)s。"
                "补正期间不计入答复期限；逾期未补正的，视为放弃申请。"
            )
            % {
                "due": chinese_date(data["due_on"]),
                "office": unit.office_name or unit.name,
            },
        ]
    if kind == Kind.EXTENSION:
        return [
            _(
                "因%(reason)s，本机关不能在法定期限内作出答复。经本机关政府信息公开"
                "工作机构负责人同意，答复期限延长%(days)s个工作日，至%(due)s。"
            )
            % {
                "reason": data["reason"],
                "days": data["days"],
                "due": chinese_date(data["due_on"]),
            }
        ]
    if kind == Kind.FEE:
        method = dict(fees.METHODS)[data["method"]]
        counted = _("件") if data["method"] == fees.ITEM else _("页")
        return [
            _(
                "根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），"
                "本机关对您的申请%(method)s信息处理费：计费%(count)s%(unit)s，"
                "应缴金额%(amount)s元。"
            )
            % {
                "method": method,
                "count": data["count"],
                "unit": counted,
                "amount": data["amount"],
            },
            _(
                "请自收到本通知之日起%(days)s个工作日内缴纳。逾期未缴纳的，"
                "视为放弃申请，本机关不再处理该申请。"
            )
            % {"days": fees.PAYMENT_WORKDAYS},
        ]
    outcome = Outcome(data["outcome"])
    lead = str(DECISION_LEAD.get(outcome, ""))
    body = [line for line in data["decision"].splitlines() if line.strip()]
    return ([lead] if lead else []) + body


def build(application, kind, data, issued_on):
    """The content of a notice of ``kind`` (a dict of strings and lists).
    ``data`` carries what the step decided (outcome, decision text, …)."""
    unit = application.unit
    content = {
        "title": str(Kind(kind).label),
        "unit": unit.name,
        "applicant": application.name,
        "applicant_id": privacy.mask_id_number(application.id_number),
        "application_number": application.number,
        "submitted_on": chinese_date(application.submitted_at.date()),
        "received_on": chinese_date(application.received_on)
        if application.received_on
        else "",
        "request": request_text(application),
        "paragraphs": _paragraphs(application, kind, data),
        "outcome": "",
        "legal_basis": "",
        "information": [],
        "attachments": [],
        "remedies": "",
        "seal": _("%(unit)s（印章）") % {"unit": unit.name},
        "date": chinese_date(issued_on),
    }
    if kind == Kind.DECISION:
        content["outcome"] = str(Outcome(data["outcome"]).label)
        content["legal_basis"] = data["legal_basis"]
        content["information"] = list(data.get("links") or [])
        content["attachments"] = [u.name for u in data.get("uploads") or ()]
    if kind in (Kind.DECISION, Kind.FEE):
        content["remedies"] = remedies(unit)
    return content


def lines(content):
    """(style, text) pairs: the notice as the printable page shows it."""
    out = [
        ("title", content["title"]),
        ("reference", content.get("reference", "")),
        ("plain", _("%(name)s：") % {"name": content["applicant"]}),
    ]
    out.append(
        (
            "body",
            _(
                "您（证件号码%(id)s）于%(submitted)s提交的政府信息公开申请"
                "（申请编号%(number)s）%(received)s，申请获取：%(request)s"
            )
            % {
                "id": content["applicant_id"],
                "submitted": content["submitted_on"],
                "number": content["application_number"],
                "received": _("，本机关于%(day)s收到") % {"day": content["received_on"]}
                if content.get("received_on")
                else "",
                "request": content["request"],
            },
        )
    )
    out.extend(("body", text) for text in content["paragraphs"])
    if content.get("outcome"):
        out.append(("body", _("办理结果：%(v)s") % {"v": content["outcome"]}))
    if content.get("legal_basis"):
        out.append(("body", _("法律依据：%(v)s") % {"v": content["legal_basis"]}))
    for name in content.get("attachments") or []:
        out.append(("body", _("附：%(v)s") % {"v": name}))
    for link in content.get("information") or []:
        out.append(("body", _("信息获取地址：%(v)s") % {"v": link}))
    if content.get("remedies"):
        out.append(("body", content["remedies"]))
    out.append(("right", content["seal"]))
    out.append(("right", content["date"]))
    return out


def text_of(content):
    parts = []
    for name in TEXT_FIELDS:
        value = content.get(name)
        parts.extend(value if isinstance(value, list) else [value or ""])
    return "\n".join(part for part in parts if part)


@dataclass
class Review:
    findings: list

    @property
    def blocking(self):
        return [f for f in self.findings if f.blocks]

    def as_data(self):
        return [
            {
                "rule": f.rule,
                "severity": f.severity,
                "excerpt": f.excerpt,
                "message": f.message,
                "source": f.source,
            }
            for f in self.findings
        ]

    def message(self):
        return "；".join(
            f"{f.source}：{f.excerpt}（{f.message}）" for f in self.blocking
        )


def review(content, uploads=()):
    """The review checks over the notice text and the attached information."""
    findings = run_checks(text_of(content), source=_("告知书"))
    for upload in uploads:
        upload.file.seek(0)
        try:
            findings.extend(scan_file(upload.file, upload.name))
        except ExtractError:
            pass  # a scan or image: nothing to read, the handler vouches
        finally:
            upload.file.seek(0)
    return Review(findings)


def next_reference(application, year):
    ApplicationSequence.objects.bulk_create(
        [ApplicationSequence(year=year)], ignore_conflicts=True
    )
    ApplicationSequence.objects.filter(year=year).update(
        last_notice=F("last_notice") + 1
    )
    serial = (
        ApplicationSequence.objects.filter(year=year)
        .values_list("last_notice", flat=True)
        .get()
    )
    return _("%(unit)s依申公开〔%(year)s〕%(serial)s号") % {
        "unit": application.unit.display_name,
        "year": year,
        "serial": serial,
    }


def issue(application, kind, content, issued_on, *, findings=(), override=""):
    """Store the notice (inside the step's transaction)."""
    return ApplicationNotice.objects.create(
        application=application,
        kind=kind,
        reference=next_reference(application, issued_on.year),
        content=content,
        findings=list(findings),
        override_reason=override,
        issued_on=issued_on,
    )
