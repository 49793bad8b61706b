from django.core.management.base import BaseCommand

from home.demo import data
from home.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Build the 随县 demo site (idempotent: a second run adds nothing)."

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0
        loader = DemoLoader(out=self.stdout.write if verbose else None)
        created = loader.run()
        if verbose:
            self.stdout.write(
                self.style.SUCCESS(f"演示数据已就绪（本次新建 {created} 项）")
            )
            self.stdout.write(f"演示账号（密码均为 {data.PASSWORD}）：")
            for username, _display, _groups, _superuser, role in data.ACCOUNTS:
                self.stdout.write(f"  {role:<12} {username}")
