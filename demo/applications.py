"""The demo's 依申请公开: the page, every unit's desk (its groups, which the
demo accounts of ``data.ACCOUNTS`` join), and a dozen applications of 2025 and 2026 taken through the real life cycle
(:func:`interaction.applications.workflow.transition`) with backdated steps
and no notifications: every outcome family of Table 3, a 补正 answered and
one left to lapse, a third-party consultation across 国庆, an approved
extension, a fee paid, an Art. 39 redirect into a letter, one carried over
from 2025 into 2026, one overdue and a few waiting for their unit."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import uscc
from stdnum.iso7064 import mod_11_2

from disclosure.models import Unit
from interaction.applications import desks, fees, workflow
from interaction.applications.roles import APPLICANT, SYSTEM
from interaction.models import (
    Application,
    ApplicationDesk,
    ApplicationIndexPage,
    InteractionIndexPage,
)

NOTICE = (
    "<ul><li>请选择掌握所需信息的行政机关提交申请，一份申请只申请一项信息。</li>"
    "<li>请如实填写身份证件和联系方式，以便送达告知书。</li>"
    "<li>咨询、投诉、举报请通过书记县长信箱提出。</li></ul>"
)


def ensure_page():
    index = InteractionIndexPage.objects.first()
    if index is None or ApplicationIndexPage.objects.exists():
        return 0
    index.add_child(
        instance=ApplicationIndexPage(
            title="依申请公开",
            slug="yisqgk",
            live=True,
            intro="<p>公民、法人或者其他组织可以向县政府及其部门、各镇（场）申请获取政府信息。</p>",
            notice=NOTICE,
        )
    )
    return 1


def ensure_desks():
    desks.ensure_office_group()
    existing = set(ApplicationDesk.objects.values_list("unit_id", flat=True))
    for unit in Unit.objects.exclude(pk__in=existing):
        desks.ensure_desk(unit)
    ApplicationDesk.objects.filter(unit__slug="czj").update(fee_method=fees.PAGE)


def id_number(serial, birth="19800101", area="421321"):
    """A well-formed (check digit) but invented 居民身份证号."""
    body = f"{area}{birth}{serial:03d}"
    return body + mod_11_2.calc_check_digit(body)


def credit_code(serial):
    """A well-formed (check character) but invented 统一社会信用代码."""
    body = f"91421321MA4{serial:06d}"
    return body + uscc.calc_check_digit(body)


def at(day, hour=10):
    naive = datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour)
    )
    return timezone.make_aware(naive)


class Story:
    """One application: submit, then steps ``(action, by, day, data)``."""

    def __init__(self, loader, unit_slug, serial, applicant, description, **fields):
        self.loader = loader
        self.unit = Unit.objects.get(slug=unit_slug)
        self.serial = serial
        self.applicant = applicant
        self.description = description
        self.fields = fields

    def submit(self, day):
        name, kind, org_kind = self.applicant
        org = kind == "organisation"
        self.application, _code = workflow.submit(
            self.unit,
            at=at(day, 9),
            notify_applicant=False,
            applicant_kind=kind,
            organisation_kind=org_kind,
            name=name,
            legal_representative="周国平" if org else "",
            contact_name="李娜" if org else "",
            id_type="credit_code" if org else "resident_id",
            id_number=credit_code(self.serial) if org else id_number(self.serial),
            phone=f"1390722{self.serial:04d}",
            address=f"湖北省随州市随县厉山镇神农大道{self.serial}号",
            description=self.description,
            delivery_form=self.fields.get("delivery_form", "online"),
            document_number=self.fields.get("document_number", ""),
        )
        return self

    def step(self, action, day, by="handler", hour=10, **data):
        actor = {
            "handler": lambda: self.loader.member(self.unit, "handlers"),
            "head": lambda: self.loader.member(self.unit, "heads"),
            "applicant": lambda: APPLICANT,
            "system": lambda: SYSTEM,
        }[by]()
        workflow.transition(
            self.application, action, by=actor, at=at(day, hour), notify=False, **data
        )
        return self


class ApplicationHistory:
    def __init__(self):
        self.members = {}

    def member(self, unit, role):
        """A member of the unit's handlers or heads: the demo account when
        there is one, else a history-only user who cannot log in."""
        key = (unit.pk, role)
        if key not in self.members:
            desk = desks.ensure_desk(unit)
            group = getattr(desk, f"{role}_group")
            User = get_user_model()
            user = User.objects.filter(groups=group).order_by("pk").first()
            if user is None:
                user, made = User.objects.get_or_create(
                    username=f"demo_{role}_{unit.slug}",
                    defaults={"first_name": f"{unit.display_name}{group.name}"},
                )
                if made:
                    user.set_unusable_password()
                    user.save()
                user.groups.add(group)
            self.members[key] = user
        return self.members[key]

    def story(self, unit, serial, applicant, description, **fields):
        return Story(self, unit, serial, applicant, description, **fields)

    def run(self):
        person = ("张建国", "person", "")
        s = self.story
        lishan_site = "/zfxxgk/lishan/"
        # 2025 ------------------------------------------------------------
        s(
            "lishan",
            1,
            person,
            "申请公开厉山镇2024年度高标准农田建设项目的实施方案和验收结果。",
        ).submit("2025-03-10").step("confirm_receipt", "2025-03-10").step(
            "answer",
            "2025-03-24",
            outcome="disclosed",
            decision="所申请的高标准农田建设项目实施方案和验收结果已在本镇政府信息公开栏目主动公开，请按链接查阅。",
            links=lishan_site,
        ).step("deliver", "2025-03-24", by="applicant").step(
            "close", "2025-04-08", by="system"
        )
        s(
            "czj",
            2,
            ("随县神农农业科技有限公司", "organisation", "commercial"),
            "申请获取2024年度县级农业产业化专项资金的分配结果及拨付明细。",
            delivery_form="email",
        ).submit("2025-05-12").step("confirm_receipt", "2025-05-12").step(
            "notify_fee", "2025-05-14", count=120
        ).step("record_payment", "2025-05-20").step(
            "answer",
            "2025-06-05",
            outcome="partial",
            decision="专项资金分配结果予以公开；拨付明细中涉及企业银行账户的内容不予公开，已作区分处理。",
            links="/zfxxgk/czj/",
        ).step("deliver", "2025-06-05", method="email")
        s(
            "county",
            3,
            person,
            "申请公开县政府常务会议研究城区停车场收费调整的讨论记录。",
        ).submit("2025-08-04").step("confirm_receipt", "2025-08-05", by="handler").step(
            "answer",
            "2025-08-26",
            outcome="process",
            decision="所申请的会议讨论记录属于行政机关在履行行政管理职能过程中形成的讨论记录，不予公开。",
        ).step("deliver", "2025-08-27", method="paper")
        s(
            "zjj", 4, person, "申请获取城南棚户区改造项目的征收补偿方案及评估报告。"
        ).submit("2025-12-22").step("confirm_receipt", "2025-12-22").step(
            "answer",
            "2026-01-14",
            outcome="disclosed",
            decision="征收补偿方案和评估报告已予公开，请按链接查阅。",
            links="/zfxxgk/zjj/",
        ).step("deliver", "2026-01-14", by="applicant")
        # 2026 ------------------------------------------------------------
        s("lishan", 5, ("王秀英", "person", ""), "申请公开村里的补贴资料。").submit(
            "2026-03-02"
        ).step("confirm_receipt", "2026-03-02").step(
            "request_correction",
            "2026-03-04",
            items="请写明所需补贴的名称（如耕地地力保护补贴）\n请写明村名和年度",
            days=10,
        ).step(
            "correct",
            "2026-03-09",
            by="applicant",
            text="申请公开双河村2025年耕地地力保护补贴发放名册（姓名和金额）。",
        ).step(
            "answer",
            "2026-03-30",
            outcome="partial",
            decision="双河村2025年耕地地力保护补贴发放名册予以公开，其中个人身份证号码和银行账号属于个人隐私，已作去标识化处理。",
            links=lishan_site,
        ).step("deliver", "2026-03-30", by="applicant")
        s("lishan", 6, person, "申请公开一些文件。").submit("2026-04-13").step(
            "confirm_receipt", "2026-04-13"
        ).step(
            "request_correction",
            "2026-04-15",
            items="请写明所需文件的名称、文号或者其他特征性描述",
            days=10,
        ).step("correction_lapsed", "2026-04-30", by="system")
        s(
            "czj",
            7,
            ("湖北随州正义律师事务所", "organisation", "legal"),
            "申请获取2026年县级政府采购项目中标企业的投标报价明细。",
        ).submit("2026-09-21").step("confirm_receipt", "2026-09-21").step(
            "start_consultation", "2026-09-28", party="中标企业：随县建工集团有限公司"
        ).step("end_consultation", "2026-10-12").step(
            "answer",
            "2026-10-26",
            outcome="disclosed",
            decision="经征求第三方意见，第三方同意公开，投标报价明细予以公开。",
            links="/zfxxgk/czj/",
        )
        s(
            "gtj",
            8,
            ("华中农业大学土地研究所", "organisation", "research"),
            "申请获取1995年全县土地利用现状调查的原始图件。",
            delivery_form="paper",
        ).submit("2026-06-01").step("confirm_receipt", "2026-06-01").step(
            "request_extension",
            "2026-06-22",
            days=15,
            note="所需图件年代久远，需到档案馆调阅核对",
        ).step("approve_extension", "2026-06-23", by="head").step(
            "answer",
            "2026-07-10",
            outcome="not_held",
            decision="经检索档案，本机关未保存1995年土地利用现状调查的原始图件，该信息不存在。",
        ).step("deliver", "2026-07-13", method="paper")
        s(
            "xzfb",
            9,
            person,
            "投诉小区物业乱收费，要求县政府责令物业公司退还多收的费用。",
        ).submit("2026-07-06").step("redirect", "2026-07-07")
        s("gaj", 10, person, "再次申请公开2025年城区交通违法处罚统计数据。").submit(
            "2026-08-03"
        ).step("confirm_receipt", "2026-08-03").step(
            "answer",
            "2026-08-10",
            outcome="repeated",
            decision="本机关已于2026年7月就您相同内容的申请作出答复，不再重复处理。",
        ).step("deliver", "2026-08-10", by="applicant")
        s("mzj", 11, person, "申请公开2026年城乡低保对象的审批流程和标准。").submit(
            "2026-10-20"
        ).step("confirm_receipt", "2026-10-20")
        s(
            "lishan", 12, person, "申请公开厉山镇2026年集镇环境综合整治项目的预算。"
        ).submit("2026-11-16").step("confirm_receipt", "2026-11-16")
        s(
            "czj", 13, person, "申请公开2026年县级一般公共预算“三公”经费的执行情况。"
        ).submit("2026-11-25")


def load(log):
    """The applications, once (the page and the desks come first, from the
    loader, so that the demo accounts can join the desks' groups)."""
    if Application.objects.exists():
        log("依申请公开：申请已存在")
        return 0
    ApplicationHistory().run()
    log(f"依申请公开：申请 {Application.objects.count()} 件")
    return Application.objects.count()
