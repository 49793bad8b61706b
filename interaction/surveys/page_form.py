"""The admin form of a survey page: the organising unit comes from the column
the page is in, or is one of the editor's own units; once answers exist, the
questions keep their ids and kinds (wording may still be corrected)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from . import questions as survey_questions


class SurveyPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from disclosure.models import Unit, UnitColumnPage

        field = self.fields.get("unit")
        if field is None:
            return
        parent = self.parent_page.specific if self.parent_page else None
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent().specific
        if isinstance(parent, UnitColumnPage):
            field.queryset = Unit.objects.filter(pk=parent.unit_id)
            field.initial = parent.unit_id
            field.disabled = True
            self.instance.unit_id = parent.unit_id
        elif self.for_user is not None and not self.for_user.is_superuser:
            field.queryset = Unit.for_user(self.for_user).filter(
                editors_group__in=self.for_user.groups.all()
            )
        field.required = True
        field.error_messages["invalid_choice"] = _("只能以本单位名义发起调查。")

    def clean(self):
        cleaned = super().clean()
        stream = cleaned.get("questions")
        if self.instance.pk and stream is not None and self._has_answers():
            stored = type(self.instance).objects.get(pk=self.instance.pk)
            before = [q.structure() for q in stored.question_list]
            after = [q.structure() for q in survey_questions.from_stream(stream)]
            if before != after:
                self.add_error(
                    "questions",
                    _("调查已有答卷，不能增删问题或选项、改变题型，只能修改文字。"),
                )
        return cleaned

    def _has_answers(self):
        from ..models import SurveyResponse

        return SurveyResponse.objects.filter(survey_id=self.instance.pk).exists()
