"""Site searches on the benchmark database that no cache has seen.

Run by tests/bench/run.py with the benchmark database's environment: every
query of the relevance set (tests/relevance/suixian.json) and a few broad
ones, each first with the cache emptied (the candidates are read from the
index), then again (cached, as most repeated searches are). Prints the
latency percentiles of the whole request through Django's test client.
The full-page cache is bypassed (a cookie it does not key on) and "emptied"
means the search's candidates only: the navigation and the search scope
are warm, as on a site that is up."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings.production")

BROAD = ["通知", "政务公开", "随县", "2014年工作要点", "政府信息公开", "低保", "土地"]


def main():
    import django

    from tests.bench.load import percentile

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from search import relevance

    queries = [q["query"] for q in relevance.read()["queries"] if "{" not in q["query"]]
    queries += BROAD
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["bench_uncached"] = "1"

    def forget_searches():
        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("*search:candidates:*")
        else:
            cache.clear()

    client.get("/search/", {"q": "预热"})  # jieba, OpenCC, pinyin: once per process
    cold, warm = [], []
    for query in queries:
        forget_searches()
        for timings in (cold, warm):
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 302), (query, response.status_code)
    for label, timings in (("首次（无缓存）", cold), ("再次（有缓存）", warm)):
        print(
            f"{label}：{len(timings)} 个查询，p50 {statistics.median(timings):.0f} ms，"
            f"p95 {percentile(timings, 0.95):.0f} ms，最长 {max(timings):.0f} ms"
        )


if __name__ == "__main__":
    main()
