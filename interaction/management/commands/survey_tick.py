from django.core.management.base import BaseCommand

from interaction.surveys import lifecycle


class Command(BaseCommand):
    help = "Open and close the surveys that are due and count the results of those under way (what Celery beat does every minute)."

    def handle(self, *args, **options):
        done = lifecycle.tick()
        refreshed = lifecycle.refresh_results()
        self.stdout.write(
            f"opened {done['opened']}, closed {done['closed']}, counted {refreshed}"
        )
