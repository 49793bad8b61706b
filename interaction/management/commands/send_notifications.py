from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from interaction import outbox


class Command(BaseCommand):
    help = "Send every due notification of the outbox now (what the beat sweep does)."

    def handle(self, *args, **options):
        results = outbox.sweep()
        self.stdout.write(
            "，".join(f"{k}: {v}" for k, v in sorted(results.items()))
            or _("无待发送通知")
        )
