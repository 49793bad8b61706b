"""The admin's side of the review workflow: the editor's publish button
refused, reviewers' approvals and rejections decided on the revision under
review (never saving the editor form), an edit in review restarting it, and
the "awaiting your review" dashboard panel."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .models.review import ReviewTask
from .review import gate
from .review.workflow import refusal, restart_review_if_stale


@hooks.register("insert_global_admin_css")
def review_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("disclosure/review.css")
    )


REVIEW_FIRST = _("页面须经规范性审查和保密审查后由系统发布，请点击“提交审核”。")


@hooks.register("before_publish_page")
def publish_only_through_review(request, page):
    """The editor's publish button, refused before anything else happens (the
    draft just saved stays, and an edit in review restarts it). Every other
    door is refused by the publishing gate (review/gate.py) and explained by
    disclosure.middleware.RefusalMiddleware."""
    messages.error(request, gate.NOT_REVIEWED)
    return redirect("wagtailadmin_pages:edit", page.pk)


REVIEW_ACTION_DATA = (
    "comment",
    "override_reason",
    "false_positive_reason",
    "confirmed",
)
NO_AUTOSAVE_IN_REVIEW = _(
    "审查期间不自动保存。如需修改内容，请点击“保存草稿”，审查将从规范性审查重新开始。"
)


@hooks.register("before_edit_page")
def review_actions_decide_on_the_reviewed_revision(request, page):
    """A reviewer's approval or rejection acts on the revision under review and
    never saves the editor form: Wagtail would otherwise save whatever the
    reviewer's browser holds as a new revision first (a widget that
    re-serialises its value is enough), making the reviewer its author. The
    refusal reasons are shown before anything happens; the task's on_action
    refuses again for any other way in."""
    if request.method != "POST":
        return None
    task_state = page.current_workflow_task_state
    task = task_state.task.specific if task_state else None
    if not isinstance(task, ReviewTask):
        return None
    if not request.POST.get("action-workflow-action"):
        if not request.accepts("text/html"):
            # Autosave: a revision saved in review restarts it and notifies
            # every reviewer, so only a deliberate save may do that.
            return JsonResponse(
                {
                    "success": False,
                    "error_code": "in_review",
                    "error_message": str(NO_AUTOSAVE_IN_REVIEW),
                },
                status=400,
            )
        return None
    try:
        data = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    data = {key: data[key] for key in REVIEW_ACTION_DATA if key in data}
    action_name = request.POST.get("workflow-action-name")
    edit = redirect("wagtailadmin_pages:edit", page.pk)
    actions = [name for name, _label, _modal in task.get_actions(page, request.user)]
    if action_name not in actions:
        messages.error(request, _("该审查操作无效或已由他人完成，请刷新后重试。"))
        return edit
    problem = refusal(task, task_state, request.user, action_name, data)
    if problem:
        messages.error(request, problem)
        return edit
    try:
        task.on_action(task_state, request.user, action_name, **data)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("您无权执行该审查操作。"))
        return edit
    workflow_state = task_state.workflow_state
    workflow_state.refresh_from_db()
    if action_name == "approve":
        if workflow_state.status == workflow_state.STATUS_APPROVED:
            message = _("已审核通过“%(title)s”，审查全部完成，页面已发布。")
        else:
            message = _("已审核通过“%(title)s”，已转入下一审查环节。")
    else:
        message = _("已退回修改“%(title)s”，编辑将收到退回意见。")
    messages.success(request, message % {"title": page.get_admin_display_title()})
    # Back to the reviewer's dashboard, where the remaining tasks wait.
    return redirect("wagtailadmin_home")


@hooks.register("after_edit_page")
def restart_review_after_edit(request, page):
    if request.POST.get("action-workflow-action"):
        return None  # the reviewer's own action; on_action judges it
    if restart_review_if_stale(page, request.user):
        messages.warning(request, _("内容已修改，审查将从规范性审查重新开始。"))
    return None


@hooks.register("construct_page_action_menu")
def hide_direct_publishing(menu_items, request, context):
    menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("construct_homepage_panels")
def review_dashboard_panel(request, panels):
    """The "awaiting your review" panel in a constant number of queries."""
    from .review.dashboard import bounded_panels

    bounded_panels(request, panels)
