from django.apps import AppConfig


class GovsiteConfig(AppConfig):
    """Project-level wiring; listed last so that it runs after Wagtail's apps."""

    name = "govsite"
    verbose_name = "govsite"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from wagtail.models import TaskState, WorkflowState

        from .admin_language import label_site_columns
        from .security.middleware import mark_active

        label_site_columns()
        user_logged_in.connect(mark_active, dispatch_uid="govsite-idle-timeout")
        from wagtail.signals import (
            task_submitted,
            workflow_approved,
            workflow_rejected,
            workflow_submitted,
        )

        # Review notifications go through the outbox and Celery (interaction
        # listens to disclosure.review.signals), not through Wagtail's
        # synchronous moderation e-mails.
        for signal, sender, uid in (
            (
                task_submitted,
                TaskState,
                "group_approval_task_submitted_email_notification",
            ),
            (
                workflow_submitted,
                WorkflowState,
                "workflow_state_submitted_email_notification",
            ),
            (
                workflow_rejected,
                WorkflowState,
                "workflow_state_rejected_email_notification",
            ),
            (
                workflow_approved,
                WorkflowState,
                "workflow_state_approved_email_notification",
            ),
        ):
            signal.disconnect(sender=sender, dispatch_uid=uid)
