"""Import 政府信息公开 items from an old CMS: ``manage.py import_items FILE``.

FILE is JSON Lines, one item per line (see disclosure/importer/__init__.py for the
fields). Every row runs the automated review checks; a row with a blocking
finding is refused like any invalid row. ``--reviewed-by USERNAME`` names the
staff member who reviewed the migrated data and answers for it (required
unless ``--dry-run``); the 政务公开基础台帐 shows it for every imported item.
Errors are printed as ``第 N 行：…`` on standard output, progress on standard
error. Exit status: 0 when every row was imported or already there, 1 when
some rows were rejected, 2 when the file cannot be read or the reviewer is
missing or unknown.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from disclosure.importer import BATCH_SIZE, count_lines, import_file, make_progress
from disclosure.importer.review import ReviewerInvalid, responsible_user


class Command(BaseCommand):
    help = (
        "从旧网站导入政府信息公开目录（JSON Lines，每行一条）：逐行校验并自动审查，"
        "按行号报告错误（含阻断性审查问题），导入有效行，按索引号去重，可重复运行。"
        "须用 --reviewed-by 指定对迁移数据负责的审查人员。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="JSON Lines 文件")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="不更新搜索索引（之后可运行 update_index）",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"每批写入的条数（默认 {BATCH_SIZE}）",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只校验，不写入数据库"
        )
        parser.add_argument(
            "--reviewed-by",
            metavar="USERNAME",
            help="审核迁移数据并对其负责的后台用户（写入时必填），记入政务公开基础台帐",
        )

    def handle(
        self, *args, file, no_index, batch_size, dry_run, reviewed_by, **options
    ):
        if not os.path.isfile(file):
            raise CommandError(f"文件不存在或无法读取：{file}", returncode=2)
        if reviewed_by is None and not dry_run:
            raise CommandError(
                "请用 --reviewed-by 用户名 指定审核迁移数据并对其负责的人员"
                "（只校验时可用 --dry-run）。",
                returncode=2,
            )
        user = None
        if reviewed_by is not None:
            try:
                user = responsible_user(reviewed_by)
            except ReviewerInvalid as exc:
                raise CommandError(str(exc), returncode=2) from exc
        try:
            total = count_lines(file)
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}", returncode=2) from exc
        stdout = self.stdout
        progress = (
            make_progress(self.stderr._out, total)
            if options.get("verbosity", 1) > 0
            else None
        )

        def report(message):
            if progress is not None:
                progress.write(message, file=stdout._out)
            else:
                stdout.write(message)

        result = import_file(
            file,
            index=not no_index,
            batch_size=batch_size,
            progress=progress,
            report=report,
            dry_run=dry_run,
            reviewed_by=user,
        )
        if not dry_run:
            self.stdout.write(result.timing())
        self.stdout.write(result.summary())
        if result.exit_code:
            raise CommandError(
                f"有 {result.rejected} 行未通过校验，未导入。",
                returncode=result.exit_code,
            )
