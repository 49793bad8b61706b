"""WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail imports it while its own models are
loading, so this module imports nothing from Django models at import time."""


def publish_approved(workflow_state, user=None):
    """The approved revision goes online: the one both reviews passed, even if
    someone saved a newer draft meanwhile (that draft waits for its own
    review). The reviews are the authority, so the last reviewer needs no
    publish permission of their own; the publishing gate checks the approvals."""
    revision = workflow_state.current_task_state.revision
    revision.publish(user=user, skip_permission_checks=True)
