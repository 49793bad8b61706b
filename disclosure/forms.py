from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class DisclosureItemForm(WagtailAdminPageForm):
    """Offers only the categories that apply to the column's unit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.column_unit()
        field = self.fields.get("category")
        if unit is not None and field is not None:
            from .models import Category

            field.queryset = Category.for_unit(unit)
            field.error_messages["invalid_choice"] = _(
                "该信息类别不适用于本机构（仅适用于镇、场）。"
            )

    def column_unit(self):
        from .models import Unit, UnitColumnPage

        if self.instance.unit_id:
            return Unit.objects.get(pk=self.instance.unit_id)
        parent = self.parent_page.specific if self.parent_page else None
        return parent.unit if isinstance(parent, UnitColumnPage) else None
