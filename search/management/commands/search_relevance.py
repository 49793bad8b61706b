"""``manage.py search_relevance``: recall@10 and nDCG@10 of the site search
on the labelled set in tests/relevance/ (see search/relevance.py).

The set's documents are added to the database (which must hold the demo:
``manage.py load_demo``) inside a transaction that is rolled back at the
end, so the site is left as it was."""

from django.core.management.base import BaseCommand
from django.db import transaction

from search import relevance


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "站内搜索相关性评测：打印各类查询的 recall@10 与 nDCG@10"

    def add_arguments(self, parser):
        parser.add_argument("--set", dest="path", help="评测集 JSON 文件")
        parser.add_argument("--details", action="store_true", help="列出未达满分的查询")

    def handle(self, *args, path=None, details=False, **options):
        data = relevance.read(path)
        try:
            with transaction.atomic():
                ids = relevance.load(data)
                scores = relevance.evaluate(data, ids)
                raise Rollback
        except Rollback:
            pass
        out = self.stdout
        out.write(
            f"评测集：{len(data['documents']) + len(data['news']) + len(data['seed'])} "
            f"篇文档，{len(data['queries'])} 个查询"
        )
        out.write(f"{'查询类型':<12}{'数量':>6}{'recall@10':>12}{'nDCG@10':>10}")
        for kind, (count, recall, ndcg) in relevance.summary(scores).items():
            out.write(f"{kind:<14}{count:>6}{recall:>12.3f}{ndcg:>10.3f}")
        if details:
            for s in scores:
                if s.recall < 1 or s.ndcg < 0.999:
                    out.write(
                        f"  [{s.kind}] {s.query}: recall {s.recall:.2f}, "
                        f"nDCG {s.ndcg:.2f}, 命中名次 {s.found}"
                        + (f"（按“{s.shown}”）" if s.shown else "")
                    )
                    for number, title in enumerate(s.top, 1):
                        out.write(f"      {number}. {title}")
