import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from disclosure.models import Unit
from disclosure.reports import annual


class Command(BaseCommand):
    help = "打印某机构某年度政府信息公开年度报告的表二、表三、表四和勾稽校验结果。"

    def add_arguments(self, parser):
        parser.add_argument("unit", help="机构代码、名称、简称或栏目地址")
        parser.add_argument("year", type=int)
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, unit, year, **options):
        found = Unit.objects.filter(
            Q(code=unit) | Q(name=unit) | Q(short_name=unit) | Q(slug=unit)
        ).first()
        if found is None:
            raise CommandError(_("找不到机构“%(unit)s”。") % {"unit": unit})
        data = annual.as_json(found, year)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{data['unit']} {year}年度")
        for name in ("table2", "table3", "table4"):
            self.stdout.write(name)
            for row, cells in data[name].items():
                values = " ".join(f"{col}={value}" for col, value in cells.items())
                self.stdout.write(f"  {row}: {values}")
        if data["checks"]:
            self.stdout.write(self.style.ERROR("勾稽校验未通过："))
            for message in data["checks"]:
                self.stdout.write(f"  {message}")
        else:
            self.stdout.write(self.style.SUCCESS("勾稽校验全部通过。"))
