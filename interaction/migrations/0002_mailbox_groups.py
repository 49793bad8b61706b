from django.db import migrations

# The mailbox office, the supervision group (督办) and the leadership, each
# with access to the admin. Renaming them later is done in the admin; the
# names used by the code are the MAILBOX_*_GROUP settings.
GROUPS = ["信箱管理（县政府办）", "督办组", "县领导"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        if access:
            group.permissions.add(access)


class Migration(migrations.Migration):
    dependencies = [
        ("interaction", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
