"""Published letters were masked when they were published, by the detector of
that day. The detector now also finds grouped, full-width and +86 phone
numbers, mistyped ID numbers and street addresses: mask the published text
again (the text as published, so that nothing unpublished, such as a reply
being redrafted after a reopening, goes online), so nothing the detector now
finds stays online or in the public letter search."""

from django.db import migrations

FIELDS = ["public_subject", "public_content", "public_reply"]


def remask(apps, schema_editor):
    from interaction.mailbox.privacy import redact

    Letter = apps.get_model("interaction", "Letter")
    changed = []
    letters = Letter.objects.filter(published=True).only(
        "name", "phone", "email", *FIELDS
    )
    for letter in letters.iterator(chunk_size=500):
        personal = {"name": letter.name, "phone": letter.phone, "email": letter.email}
        dirty = False
        for field in FIELDS:
            value = redact(getattr(letter, field), **personal)
            if value != getattr(letter, field):
                setattr(letter, field, value)
                dirty = True
        if dirty:
            changed.append(letter)
        if len(changed) >= 500:
            Letter.objects.bulk_update(changed, FIELDS)
            changed = []
    if changed:
        Letter.objects.bulk_update(changed, FIELDS)


class Migration(migrations.Migration):
    dependencies = [("interaction", "0002_mailbox_groups")]

    operations = [migrations.RunPython(remask, migrations.RunPython.noop)]
