"""The question kinds of a survey, as StreamField blocks.

Every question, option, matrix row and scale point keeps the id Wagtail gives
its block (a UUID stored with the page), so answers refer to ids, not labels
or positions: fixing a typo in a label keeps the answers that chose it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

SINGLE = "single"
MULTIPLE = "multiple"
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"
RATING = "rating"
MATRIX = "matrix"
TEXT_KINDS = {SHORT_TEXT, LONG_TEXT}


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("问题"), max_length=200)
    help_text = blocks.CharBlock(label=_("说明"), required=False, max_length=200)
    required = blocks.BooleanBlock(label=_("必答"), required=False, default=True)


def _options(label, min_num=2):
    return blocks.ListBlock(
        blocks.CharBlock(label=_("选项"), max_length=100),
        label=label,
        min_num=min_num,
        max_num=30,
    )


class SingleChoiceBlock(QuestionBlock):
    options = _options(_("选项"))

    class Meta:
        label = _("单选题")
        icon = "radio-full"


class MultipleChoiceBlock(QuestionBlock):
    options = _options(_("选项"))
    min_picks = blocks.IntegerBlock(
        label=_("至少选几项"), required=False, min_value=0, max_value=30
    )
    max_picks = blocks.IntegerBlock(
        label=_("至多选几项"),
        required=False,
        min_value=1,
        max_value=30,
        help_text=_("留空为不限。"),
    )

    class Meta:
        label = _("多选题")
        icon = "tick-inverse"

    def clean(self, value):
        value = super().clean(value)
        options = len(value["options"])
        low, high = value.get("min_picks") or 0, value.get("max_picks")
        errors = {}
        if low > options:
            errors["min_picks"] = ValidationError(_("不能超过选项个数。"))
        if high is not None and high > options:
            errors["max_picks"] = ValidationError(_("不能超过选项个数。"))
        elif high is not None and high < low:
            errors["max_picks"] = ValidationError(_("不能少于“至少选几项”。"))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ShortTextBlock(QuestionBlock):
    class Meta:
        label = _("填空题（单行）")
        icon = "pilcrow"


class LongTextBlock(QuestionBlock):
    class Meta:
        label = _("问答题（多行）")
        icon = "doc-full"


class RatingBlock(QuestionBlock):
    low_label = blocks.CharBlock(
        label=_("1分含义"), required=False, max_length=20, default="很不满意"
    )
    high_label = blocks.CharBlock(
        label=_("5分含义"), required=False, max_length=20, default="非常满意"
    )

    class Meta:
        label = _("评分题（1–5分）")
        icon = "pick"


class MatrixBlock(QuestionBlock):
    rows = _options(_("行（评价对象）"), min_num=1)
    scale = _options(_("列（评价等级）"))

    class Meta:
        label = _("矩阵题")
        icon = "table"


class QuestionsBlock(blocks.StreamBlock):
    single = SingleChoiceBlock()
    multiple = MultipleChoiceBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    rating = RatingBlock()
    matrix = MatrixBlock()

    class Meta:
        min_num = 1
        max_num = 50
