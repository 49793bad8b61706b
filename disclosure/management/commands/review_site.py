import json

from django.core.management.base import BaseCommand
from tqdm import tqdm
from wagtail.models import Page

from disclosure.review.page_checks import make_reviewer, review_page


class Command(BaseCommand):
    help = (
        "Run the review checks over every live page of the site (text, links, "
        "metadata and attachments); print one JSON finding per line and a summary."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--blocking-only", action="store_true", help="only blocking findings"
        )

    def handle(self, *args, blocking_only=False, **options):
        reviewer = make_reviewer()
        pages = Page.objects.live().filter(depth__gte=2).specific().order_by("path")
        counts = {}
        total = 0
        for page in tqdm(
            pages,
            total=pages.count(),
            desc="审查",
            unit="页",
            disable=options["verbosity"] < 1,
        ):
            findings, _external = review_page(page, reviewer)
            for finding in findings:
                if blocking_only and not finding.blocks:
                    continue
                row = {"page": page.url, "title": page.title, **finding.as_dict()}
                self.stdout.write(json.dumps(row, ensure_ascii=False))
                counts[finding.rule] = counts.get(finding.rule, 0) + 1
                total += 1
        summary = "，".join(f"{rule} {n}" for rule, n in sorted(counts.items()))
        self.stderr.write(f"共 {pages.count()} 页，发现 {total} 项：{summary or '无'}")
