from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import data
from demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Build the 随县 demo site (idempotent: a second run adds nothing). "
        "Creates accounts with a published password: refused when DEBUG is "
        "off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="也在DEBUG关闭（生产环境）时加载演示数据和演示账号。",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG 已关闭，这可能是生产环境：演示数据会创建密码公开的"
                "管理员账号，已拒绝运行。确需加载时请加 --force，"
                "并在加载后立即修改所有演示账号的密码。"
            )
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
            self.stdout.write(
                self.style.WARNING(
                    "注意：演示账号的密码是公开的，对外提供服务前必须修改所有"
                    "演示账号的密码（管理后台“用户”，或 manage.py changepassword"
                    " 用户名）。"
                )
            )
