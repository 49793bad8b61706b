"""The answer due date of an application from its events.

    echo '[{"kind": "received", "date": "2026-09-18"}]' | manage.py application_deadline
    2026-10-19

Reads a JSON list of events (``kind``: received, correction_requested,
corrected, third_party_started, third_party_ended, extended; ``date``:
YYYY-MM-DD; ``extended`` may carry ``days``, default 20) on standard input,
prints the due date, or a Chinese error on standard error with exit status 2
when the input or the sequence is impossible. The rules are in
:mod:`interaction.applications.clock`."""

import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from interaction.applications import clock


class Command(BaseCommand):
    help = "依申请公开答复期限：从标准输入读取事件列表（JSON），输出答复期限。"

    def handle(self, *args, **options):
        raw = sys.stdin.read()
        try:
            events = clock.parse(json.loads(raw))
            due = clock.due_date(events)
            if due is None:
                raise clock.ClockError(_("没有“收到申请”事件，无法计算答复期限。"))
        except (ValueError, clock.ClockError) as error:
            message = (
                str(error)
                if isinstance(error, clock.ClockError)
                else _("输入不是有效的 JSON。")
            )
            self.stderr.write(message)
            sys.exit(2)
        self.stdout.write(due.isoformat())
