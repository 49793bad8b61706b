"""The reviewer's dashboard panel "awaiting your review" in a constant number
of queries and a bounded time: Wagtail's own panel asks twice more for every
page in review (the task progress of each workflow) and lists every one of
them, which with a thousand pages waiting takes seconds. This one asks for
every workflow at once and lists the newest MAX_ROWS, with the count of the
others and a link to the paginated task list."""

import copy
from collections import defaultdict

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, TaskState, WorkflowTask


def tasks_with_status(workflow_states):
    """{workflow state id: its tasks with ``status`` and ``status_display``},
    as WorkflowState.all_tasks_with_status() gives them one by one."""
    states = {state.pk: state for state in workflow_states}
    if not states:
        return {}
    rows = list(
        TaskState.objects.filter(workflow_state_id__in=states).values_list(
            "workflow_state_id",
            "task_id",
            "status",
            "started_at",
            "id",
            "revision_id",
            "revision__created_at",
        )
    )
    latest_revision = {}
    if getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        for state_id, _t, _s, _at, _id, revision_id, created_at in rows:
            key = (created_at, revision_id)
            if state_id not in latest_revision or key > latest_revision[state_id]:
                latest_revision[state_id] = key
    newest = {}
    for state_id, task_id, status, started_at, pk, revision_id, _c in rows:
        if state_id in latest_revision and latest_revision[state_id][1] != revision_id:
            continue
        key = (state_id, task_id)
        if key not in newest or (started_at, pk) > newest[key][0]:
            newest[key] = ((started_at, pk), status)
    workflow_tasks = defaultdict(list)
    for link in (
        WorkflowTask.objects.filter(
            workflow_id__in={state.workflow_id for state in states.values()}
        )
        .select_related("task")
        .order_by("sort_order")
    ):
        workflow_tasks[link.workflow_id].append(link.task)
    choices = dict(TaskState.STATUS_CHOICES)
    result = {}
    for state_id, state in states.items():
        tasks = []
        for task in workflow_tasks[state.workflow_id]:
            task = copy.copy(task)
            found = newest.get((state_id, task.pk))
            task.status = found[1] if found else None
            task.status_display = choices.get(task.status, _("Not started"))
            tasks.append(task)
        result[state_id] = tasks
    return result


MAX_ROWS = 50


class BoundedWorkflowObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    """Wagtail's panel (wagtail/admin/views/home.py), the task progress of
    the pages shown fetched together, at most MAX_ROWS of them."""

    template_name = "wagtailadmin/home/workflow_objects_to_moderate_bounded.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        context = super(WorkflowObjectsToModeratePanel, self).get_context_data(
            parent_context
        )
        context["states"] = []
        context["request"] = request
        context["csrf_token"] = parent_context["csrf_token"]
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return context

        reviewable = TaskState.objects.reviewable_by(request.user)
        states = list(
            reviewable.select_related(
                "revision",
                "revision__user",
                "workflow_state",
                "workflow_state__workflow",
            )
            .prefetch_related(
                "revision__content_object",
                "revision__content_object__latest_revision",
            )
            .order_by("-started_at")
            .annotate(
                previous_revision_id=Revision.objects.previous_revision_id_subquery(),
            )[:MAX_ROWS]
        )
        context["more_count"] = max(0, reviewable.count() - len(states))
        progress = tasks_with_status([state.workflow_state for state in states])
        for state in states:
            obj = state.revision.content_object
            if not obj:
                continue
            actions = state.task.specific.get_actions(obj, request.user)
            action_url = "wagtailadmin_pages:workflow_action"
            preview_url = "wagtailadmin_pages:workflow_preview"
            compare_url = "wagtailadmin_pages:revisions_compare"
            if not isinstance(obj, Page):
                viewset = obj.snippet_viewset
                action_url = viewset.get_url_name("workflow_action")
                preview_url = viewset.get_url_name("workflow_preview")
                compare_url = viewset.get_url_name("revisions_compare")
            if not getattr(obj, "is_previewable", False):
                preview_url = None
            context["states"].append(
                {
                    "obj": obj,
                    "revision": state.revision,
                    "previous_revision_id": state.previous_revision_id,
                    "live_revision_id": obj.live_revision_id,
                    "task_state": state,
                    "actions": actions,
                    "workflow_tasks": progress[state.workflow_state_id],
                    "workflow_action_url_name": action_url,
                    "workflow_preview_url_name": preview_url,
                    "revisions_compare_url_name": compare_url,
                }
            )
        return context


def bounded_panels(request, panels):
    """construct_homepage_panels: Wagtail's panel replaced by the one above."""
    for index, panel in enumerate(panels):
        if type(panel) is WorkflowObjectsToModeratePanel:
            panels[index] = BoundedWorkflowObjectsToModeratePanel()
