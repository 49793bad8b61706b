"""信息处理费 in yuan (国办函〔2020〕109号), the marginal-band scales of
:mod:`interaction.applications.fees`.

    manage.py application_fee --method item --count 31   # 2200
    manage.py application_fee --method page --count 101  # 720

``--count`` is the applicant's items in the natural month (by item) or the
pages provided (by page)."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from interaction.applications import fees


class Command(BaseCommand):
    help = "依申请公开信息处理费（元）：--method item|page --count N"

    def add_arguments(self, parser):
        parser.add_argument(
            "--method", required=True, help="item（按件）或 page（按量）"
        )
        parser.add_argument("--count", required=True, help="件数或页数（非负整数）")

    def handle(self, *args, method, count, **options):
        if method not in (fees.ITEM, fees.PAGE):
            self.stderr.write(
                _("计收方式“%(method)s”无效，应为 item（按件）或 page（按量）。")
                % {"method": method}
            )
            sys.exit(2)
        if not count.isdigit():
            self.stderr.write(
                _("数量“%(count)s”无效，应为非负整数。") % {"count": count}
            )
            sys.exit(2)
        self.stdout.write(str(fees.amount(method, int(count))))
