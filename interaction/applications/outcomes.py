"""The answers an application may get: the rows of Table 3 of the annual
report (国办公开办函〔2021〕30号), each with the provisions of the 条例
(国务院令第711号) it rests on, and the applicant columns of the same table.

The labels are the exact labels of the table as DOMAIN.md writes them: the
annual report reads its figures by these labels (see ``figures.table3``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


class Outcome(models.TextChoices):
    DISCLOSED = "disclosed", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    # (三) 不予公开
    STATE_SECRET = "state_secret", _("国家秘密")
    LAW_PROHIBITED = "law_prohibited", _("其他法律行政法规禁止公开")
    SAFETY = "safety", _('危及"三安全一稳定"')
    THIRD_PARTY = "third_party", _("保护第三方合法权益")
    INTERNAL = "internal", _("三类内部事务信息")
    PROCESS = "process", _("四类过程性信息")
    ENFORCEMENT = "enforcement", _("行政执法案卷")
    INQUIRY = "inquiry", _("行政查询事项")
    # (四) 无法提供
    NOT_HELD = "not_held", _("本机关不掌握")
    NEEDS_MAKING = "needs_making", _("没有现成信息需要另行制作")
    UNCLEAR = "unclear", _("补正后申请内容仍不明确")
    # (五) 不予处理
    PETITION = "petition", _("信访举报投诉类申请")
    REPEATED = "repeated", _("重复申请")
    PUBLICATION = "publication", _("要求提供公开出版物")
    EXCESSIVE = "excessive", _("无正当理由大量反复申请")
    CONFIRMATION = "confirmation", _("要求行政机关确认或重新出具已获取信息")
    # (六) 其他处理
    NO_CORRECTION = "no_correction", _("逾期不补正")
    UNPAID = "unpaid", _("逾期未缴费")
    OTHER = "other", _("其他")


Oc = Outcome

#: Table 3's result rows: (group label, outcomes). A group of one outcome
#: whose label is the group's is a row of its own ((一), (二)).
GROUPS = [
    ("予以公开", [Oc.DISCLOSED]),
    ("部分公开", [Oc.PARTIAL]),
    (
        "不予公开",
        [
            Oc.STATE_SECRET,
            Oc.LAW_PROHIBITED,
            Oc.SAFETY,
            Oc.THIRD_PARTY,
            Oc.INTERNAL,
            Oc.PROCESS,
            Oc.ENFORCEMENT,
            Oc.INQUIRY,
        ],
    ),
    ("无法提供", [Oc.NOT_HELD, Oc.NEEDS_MAKING, Oc.UNCLEAR]),
    (
        "不予处理",
        [Oc.PETITION, Oc.REPEATED, Oc.PUBLICATION, Oc.EXCESSIVE, Oc.CONFIRMATION],
    ),
    ("其他处理", [Oc.NO_CORRECTION, Oc.UNPAID, Oc.OTHER]),
]
GROUP_OF = {outcome: group for group, outcomes in GROUPS for outcome in outcomes}
SINGLE_ROW_GROUPS = {"予以公开", "部分公开"}

#: The provisions each outcome rests on, printed in its notice. A handler may
#: add to them (a special law, say) but not leave them out.
LEGAL_BASIS = {
    Oc.DISCLOSED: REGULATION + "第三十六条第（一）项、第（二）项",
    Oc.PARTIAL: REGULATION + "第三十七条、第三十六条第（二）项、第（三）项",
    Oc.STATE_SECRET: REGULATION + "第十四条、第三十六条第（三）项",
    Oc.LAW_PROHIBITED: REGULATION + "第十四条、第三十六条第（三）项",
    Oc.SAFETY: REGULATION + "第十四条、第三十六条第（三）项",
    Oc.THIRD_PARTY: REGULATION + "第十五条、第三十二条、第三十六条第（三）项",
    Oc.INTERNAL: REGULATION + "第十六条第一款、第三十六条第（三）项",
    Oc.PROCESS: REGULATION + "第十六条第二款、第三十六条第（三）项",
    Oc.ENFORCEMENT: REGULATION + "第十六条第二款、第三十六条第（三）项",
    Oc.INQUIRY: REGULATION + "第三十六条第（七）项",
    Oc.NOT_HELD: REGULATION + "第三十六条第（四）项、第（五）项",
    Oc.NEEDS_MAKING: REGULATION + "第三十八条",
    Oc.UNCLEAR: REGULATION + "第二十九条、第三十条",
    Oc.PETITION: REGULATION + "第三十九条第一款",
    Oc.REPEATED: REGULATION + "第三十六条第（六）项",
    Oc.PUBLICATION: REGULATION + "第三十九条第二款",
    Oc.EXCESSIVE: REGULATION + "第三十五条",
    Oc.CONFIRMATION: REGULATION + "第三十九条第二款",
    Oc.NO_CORRECTION: REGULATION + "第三十条",
    Oc.UNPAID: REGULATION + "第四十二条、" + FEE_RULES,
    Oc.OTHER: REGULATION,
}

#: What the notice says the decision is, before the handler's own text.
DECISION_LEAD = {
    Oc.DISCLOSED: _("经审查，您申请获取的政府信息属于公开范围，本机关决定予以公开。"),
    Oc.PARTIAL: _(
        "经审查，您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，"
        "本机关对可以公开的部分予以公开。"
    ),
    Oc.STATE_SECRET: _("经审查，您申请获取的政府信息属于国家秘密，依法不予公开。"),
    Oc.LAW_PROHIBITED: _(
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的信息，依法不予公开。"
    ),
    Oc.SAFETY: _(
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、"
        "经济安全和社会稳定，依法不予公开。"
    ),
    Oc.THIRD_PARTY: _(
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益"
        "造成损害，依法不予公开。"
    ),
    Oc.INTERNAL: _(
        "经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，"
        "依法可以不予公开。"
    ),
    Oc.PROCESS: _(
        "经审查，您申请获取的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，"
        "依法可以不予公开。"
    ),
    Oc.ENFORCEMENT: _(
        "经审查，您申请获取的政府信息属于行政执法案卷信息，依法可以不予公开。"
    ),
    Oc.INQUIRY: _(
        "经审查，您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规"
        "对信息的获取有特别规定，请依照有关规定办理。"
    ),
    Oc.NOT_HELD: _(
        "经检索，本机关未制作、获取您申请公开的政府信息，该政府信息不存在或不属于本机关"
        "负责公开。"
    ),
    Oc.NEEDS_MAKING: _(
        "经审查，本机关没有您申请的现成信息，需要对现有政府信息进行加工、分析，"
        "本机关可以不予提供。"
    ),
    Oc.UNCLEAR: _(
        "您补正后的申请内容仍不明确，本机关无法确定您申请获取的政府信息，无法提供。"
    ),
    Oc.PETITION: _(
        "您以政府信息公开申请的形式提出的信访、投诉、举报等诉求，不属于政府信息公开申请，"
        "本机关已告知您通过相应渠道提出。"
    ),
    Oc.REPEATED: _(
        "本机关已就您此前的申请作出答复，您重复申请公开相同的政府信息，本机关不予重复处理。"
    ),
    Oc.PUBLICATION: _(
        "您申请获取的是公开出版物，请通过公开渠道获取，本机关可以不予提供。"
    ),
    Oc.EXCESSIVE: _(
        "您无正当理由大量、反复申请公开政府信息，明显超过合理范围，本机关不予处理。"
    ),
    Oc.CONFIRMATION: _(
        "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请，本机关不予处理。"
    ),
    Oc.NO_CORRECTION: _(
        "您未在补正期限内补正申请，视为放弃申请，本机关不再处理该政府信息公开申请。"
    ),
    Oc.UNPAID: _(
        "您未在收费通知规定的期限内缴纳信息处理费，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。"
    ),
    Oc.OTHER: "",
}

#: Outcomes that provide information (attached or linked).
PROVIDING = {Oc.DISCLOSED, Oc.PARTIAL}
#: Outcomes the system or the course of events decides, not the answer form.
PROCEDURAL = {Oc.NO_CORRECTION, Oc.UNPAID, Oc.PETITION}


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ORGANISATION = "organisation", _("法人或其他组织")


class OrganisationKind(models.TextChoices):
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    WELFARE = "welfare", _("社会公益组织")
    LEGAL = "legal", _("法律服务机构")
    OTHER = "other", _("其他")


#: Table 3's columns, in order; "法人或其他组织" spans the five kinds.
PERSON_COLUMN = "自然人"
ORGANISATION_HEADER = "法人或其他组织"
TOTAL_COLUMN = "总计"
COLUMNS = [PERSON_COLUMN] + [str(label) for label in OrganisationKind.labels]
ALL_COLUMNS = COLUMNS + [TOTAL_COLUMN]


def column_of(applicant_kind, organisation_kind):
    if applicant_kind == ApplicantKind.PERSON:
        return PERSON_COLUMN
    return str(OrganisationKind(organisation_kind or OrganisationKind.OTHER).label)
