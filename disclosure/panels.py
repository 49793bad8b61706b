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


class ReviewFindingsPanel(Panel):
    """The automated findings and the decisions of the page's current review,
    shown to editors and reviewers in the editor."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "disclosure/admin/review_findings_panel.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            from .models import ConfidentialityReviewTask
            from .review.confidentiality import annotated
            from .review.workflow import current_review

            context = super().get_context_data(parent_context)
            run, decisions = current_review(self.instance)
            findings = annotated(run.task_state, run.findings) if run else []
            blocking = [f for f in findings if f["severity"] == "block"]
            standing = [
                f for f in blocking if f["confidential"] and "false_positive" not in f
            ]
            context.update(
                run=run,
                decisions=decisions,
                blocking=blocking,
                warnings=[f for f in findings if f["severity"] != "block"],
                standing=standing,
                at_confidentiality=run is not None
                and isinstance(run.task_state.task.specific, ConfidentialityReviewTask),
            )
            return context
