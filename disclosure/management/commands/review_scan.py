"""Run the pre-publication review checks over a file or standard input.

Prints one JSON object per finding per line; exits 1 when a finding blocks
publication, 0 otherwise, 2 when the file cannot be read.
"""

import json
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from disclosure.review import ExtractError, Reviewer, scan_file
from disclosure.review.extract import FORMATS, LEGACY, file_format, read_text


class Command(BaseCommand):
    help = (
        "审查文本或附件（PDF、DOCX、XLSX、CSV、TXT）中的密级标志、个人信息、"
        "文号格式、错别字等问题；PATH 为 - 时从标准输入读取 UTF-8 文本。"
    )
    # Plain text processing: no database, so no need to wait for system checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="文件路径，或 - 表示标准输入")
        parser.add_argument(
            "--internal-host",
            action="append",
            default=None,
            dest="internal_hosts",
            help="本站域名（可重复），用于区分站内链接",
        )

    def handle(self, *args, path, internal_hosts, **options):
        reviewer = Reviewer(internal_hosts=internal_hosts)
        if path == "-":
            stdin = getattr(sys.stdin, "buffer", None)
            if stdin is not None:
                text = stdin.read().decode("utf-8", errors="replace")
            else:
                text = sys.stdin.read()
            findings = reviewer.check(text)
        else:
            if not os.path.isfile(path):
                raise CommandError(f"文件不存在或无法读取：{path}", returncode=2)
            ext = os.path.splitext(path)[1].lower()
            kind = "text" if ext not in FORMATS and ext not in LEGACY else None
            try:
                kind = kind or file_format(path)
                if kind == "text":
                    # Whole-file offsets are more useful than per-line ones.
                    findings = reviewer.check(
                        read_text(path), source=os.path.basename(path)
                    )
                else:
                    findings = scan_file(path, reviewer=reviewer)
            except ExtractError as exc:
                raise CommandError(str(exc), returncode=2) from exc
            except OSError as exc:
                raise CommandError(
                    f"无法读取文件“{path}”：{exc.strerror or exc}", returncode=2
                ) from exc
        for finding in findings:
            self.stdout.write(json.dumps(finding.as_dict(), ensure_ascii=False))
        self.stdout.flush()
        if any(finding.blocks for finding in findings):
            raise SystemExit(1)
