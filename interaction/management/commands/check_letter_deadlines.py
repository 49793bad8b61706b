from django.core.management.base import BaseCommand

from interaction.mailbox import deadlines


class Command(BaseCommand):
    help = "Send deadline reminders, flag overdue letters (督办), close unrated ones."

    def handle(self, *args, **options):
        self.stdout.write(str(deadlines.run()))
