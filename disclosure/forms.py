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
        if "slug" in self.fields:
            self.cleaned_data["slug"] = self.slug_to_use()
        return super().clean()

    def slug_to_use(self):
        """The slug sent, or one made from the title: when none was sent, or
        when a new page's slug is the one the script made from the title and
        another page already has it (the editor never chose it, so it must
        not stop the save)."""
        slug = self.cleaned_data.get("slug")
        title = self.cleaned_data.get("title")
        if self.instance.pk:
            return slug or self.instance.slug
        if not title or self.parent_page is None:
            return slug
        from_title = slugify(title, allow_unicode=True)[:200] or "item"
        if slug and slug != from_title:
            return slug
        return find_available_slug(self.parent_page, from_title)
