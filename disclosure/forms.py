from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.coreutils import find_available_slug


class DisclosureItemForm(WagtailAdminPageForm):
    """Offers only the categories that apply to the column's unit, and makes
    the URL slug from the title when the browser sent none."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # The admin's script fills the slug in as the title is typed; a
            # form sent before the script ran (a slow phone, a busy machine)
            # had none, and the error sat out of sight on the 推广 tab.
            self.fields["slug"].required = False
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

    def clean(self):
        if "slug" in self.fields and not self.cleaned_data.get("slug"):
            if self.instance.pk and self.instance.slug:
                self.cleaned_data["slug"] = self.instance.slug
            elif self.cleaned_data.get("title") and self.parent_page is not None:
                self.cleaned_data["slug"] = find_available_slug(
                    self.parent_page,
                    slugify(self.cleaned_data["title"], allow_unicode=True)[:200]
                    or "item",
                    ignore_page_id=self.instance.pk,
                )
        return super().clean()
