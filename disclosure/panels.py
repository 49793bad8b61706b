from wagtail.admin.panels import Panel


class CatalogueStatusPanel(Panel):
    """Shows the system-set catalogue fields (索引号, 发布日期, 公开期限), which no
    form can edit."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "disclosure/admin/catalogue_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["item"] = self.instance
            return context
