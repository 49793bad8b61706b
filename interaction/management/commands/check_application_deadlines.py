"""Run the daily checks of application deadlines now (what Celery beat runs
as ``interaction.check_application_deadlines``)."""

from django.core.management.base import BaseCommand

from interaction.applications import deadlines


class Command(BaseCommand):
    help = "依申请公开：到期提醒、逾期提醒、逾期未补正处理、自动办结。"

    def handle(self, *args, **options):
        result = deadlines.run()
        self.stdout.write(
            "逾期未补正 {lapsed} 件，第三方意见征求结束 {consultations_ended} 件，"
            "到期提醒 {reminders} 件，逾期提醒 {overdue} 件，自动办结 {closed} 件。".format(
                **result
            )
        )
