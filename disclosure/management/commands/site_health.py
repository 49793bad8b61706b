import datetime

from django.core.management.base import BaseCommand

from disclosure.reports import health


class Command(BaseCommand):
    help = "按政府网站检查指标检查全站，每行输出一个问题（JSON）。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="每行一个 JSON 对象")
        parser.add_argument("--today", type=datetime.date.fromisoformat)
        parser.add_argument("--store", action="store_true", help="保存本次检查结果")

    def handle(self, **options):
        found = health.findings(options["today"])
        if options["store"]:
            health.HealthRun.objects.create(
                findings=[f.as_dict() for f in found], vetoes=health.vetoes(found)
            )
        if options["json"]:
            if found:
                self.stdout.write(health.json_lines(found))
            return
        for finding in found:
            self.stdout.write(
                f"[{finding.severity}] {finding.rule} {finding.where}：{finding.message}"
            )
        self.stdout.write(f"共 {len(found)} 个问题。")
