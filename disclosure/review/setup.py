"""The review workflow every site has: 规范性审查 then 保密审查 on the whole
tree, with the shipped starting word lists. Used by the data migration (with
historical models) and by load_demo (which can rebuild an emptied database)."""

CONFIDENTIALITY_GROUP = "保密审查员"
WORKFLOW_NAME = "政务公开审查"


def ensure_review_workflow(get_model):
    """Idempotently create the word lists, the confidentiality group and the
    workflow; ``get_model(app_label, model_name)`` is apps.get_model."""
    from .data import DEFAULT_FIXED_NAMES, DEFAULT_TYPOS

    ContentType = get_model("contenttypes", "ContentType")
    Group = get_model("auth", "Group")
    Permission = get_model("auth", "Permission")
    Page = get_model("wagtailcore", "Page")
    Workflow = get_model("wagtailcore", "Workflow")
    WorkflowTask = get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = get_model("wagtailcore", "WorkflowPage")
    Normativity = get_model("disclosure", "NormativityReviewTask")
    Confidentiality = get_model("disclosure", "ConfidentialityReviewTask")
    FixedName = get_model("disclosure", "FixedName")
    TypoEntry = get_model("disclosure", "TypoEntry")

    if not FixedName.objects.exists():
        FixedName.objects.bulk_create(
            FixedName(correct=correct, variants="\n".join(variants))
            for correct, variants in DEFAULT_FIXED_NAMES
        )
    if not TypoEntry.objects.exists():
        TypoEntry.objects.bulk_create(
            TypoEntry(wrong=wrong, right="" if right in (None, wrong) else right)
            for wrong, right in DEFAULT_TYPOS.items()
        )

    group, _created = Group.objects.get_or_create(name=CONFIDENTIALITY_GROUP)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access:
        group.permissions.add(access)

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)

        def content_type(model):
            return ContentType.objects.get_or_create(
                app_label="disclosure", model=model
            )[0]

        normativity = Normativity.objects.create(
            name="规范性审查",
            active=True,
            content_type=content_type("normativityreviewtask"),
        )
        confidentiality = Confidentiality.objects.create(
            name="保密审查",
            active=True,
            group=group,
            content_type=content_type("confidentialityreviewtask"),
        )
        WorkflowTask.objects.create(workflow=workflow, task=normativity, sort_order=0)
        WorkflowTask.objects.create(
            workflow=workflow, task=confidentiality, sort_order=1
        )
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        # Replaces Wagtail's default "Moderators approval" on the whole tree.
        WorkflowPage.objects.update_or_create(
            page=root, defaults={"workflow": workflow}
        )
    Workflow.objects.exclude(pk=workflow.pk).filter(workflow_pages=None).update(
        active=False
    )
    name_wagtail_defaults(get_model)
    return workflow


# Wagtail's own workflow and task, unused here but listed in the admin.
WAGTAIL_DEFAULT_NAMES = {"Moderators approval": "版主审核（Wagtail 默认，未使用）"}
# Wagtail's default groups (its migrations create them; the units' groups
# are what this site uses).
WAGTAIL_DEFAULT_GROUPS = {
    "Editors": "编辑（Wagtail 默认组）",
    "Moderators": "审核员（Wagtail 默认组）",
}


def name_wagtail_defaults(get_model):
    """The admin lists Wagtail's default workflow and task by name: in
    Chinese, like everything else there."""
    for model in ("Workflow", "Task"):
        for english, chinese in WAGTAIL_DEFAULT_NAMES.items():
            get_model("wagtailcore", model).objects.filter(name=english).update(
                name=chinese
            )
    groups = get_model("auth", "Group").objects
    for english, chinese in WAGTAIL_DEFAULT_GROUPS.items():
        if not groups.filter(name=chinese).exists():
            groups.filter(name=english).update(name=chinese)
