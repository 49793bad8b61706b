"""One review workflow on the whole site: 规范性审查 then 保密审查, with the
shipped starting word lists for the checks."""

from django.db import migrations

CONFIDENTIALITY_GROUP = "保密审查员"
WORKFLOW_NAME = "政务公开审查"


def create_workflow(apps, schema_editor):
    from disclosure.review.data import DEFAULT_FIXED_NAMES, DEFAULT_TYPOS

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Normativity = apps.get_model("disclosure", "NormativityReviewTask")
    Confidentiality = apps.get_model("disclosure", "ConfidentialityReviewTask")
    FixedName = apps.get_model("disclosure", "FixedName")
    TypoEntry = apps.get_model("disclosure", "TypoEntry")

    for correct, variants in DEFAULT_FIXED_NAMES:
        FixedName.objects.get_or_create(
            correct=correct, defaults={"variants": "\n".join(variants)}
        )
    for wrong, right in DEFAULT_TYPOS.items():
        TypoEntry.objects.get_or_create(
            wrong=wrong, defaults={"right": "" if right in (None, wrong) else right}
        )

    group, _ = Group.objects.get_or_create(name=CONFIDENTIALITY_GROUP)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access:
        group.permissions.add(access)

    if Workflow.objects.filter(name=WORKFLOW_NAME).exists():
        return
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)

    def content_type(model):
        return ContentType.objects.get_or_create(app_label="disclosure", model=model)[0]

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
    WorkflowTask.objects.create(workflow=workflow, task=confidentiality, sort_order=1)
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        WorkflowPage.objects.update_or_create(
            page=root, defaults={"workflow": workflow}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_review_workflow"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
