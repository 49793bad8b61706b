"""Editors publishing during the mixed benchmark (run by tests/bench/run.py).

    python -m tests.bench.publisher BASE_URL URLS_FILE --every 2

Every ``--every`` seconds it publishes a new revision of a random item among
the benchmark's URLs (a changed title, through the publishing gate as the
system, like an import) and reads the item back through the server at once:
a page still showing the old title counts as stale. On SIGINT/SIGTERM it
prints one JSON object: publications, stale reads, mean publish time.
"""

import argparse
import json
import os
import random
import signal
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings.production")


STOP = []


def _stop(*_args):
    # A flag, not an exception: an exception raised inside a publication
    # would break its transaction and lose the figures.
    STOP.append(True)


def _sleep(seconds):
    until = time.monotonic() + seconds
    while not STOP and time.monotonic() < until:
        time.sleep(0.05)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("urls")
    parser.add_argument("--every", type=float, default=2.0)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from disclosure.models import DisclosureItemPage
    from disclosure.review.gate import publishing_as_system

    items = [
        line.strip()
        for line in open(args.urls, encoding="utf-8")
        if line.strip().count("/") == 4  # /zfxxgk/<unit>/<slug>/
    ]
    rng = random.Random(1)
    published = stale = 0
    seconds = []
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    errors = 0
    while not STOP:
        _sleep(args.every)
        if STOP:
            break
        path = rng.choice(items)
        try:
            page = DisclosureItemPage.objects.get(url_path="/home" + path)
            title = page.title.split("（更新")[0] + f"（更新{published + 1}）"
            page.title = title
            began = time.perf_counter()
            with publishing_as_system("bench"):
                page.save_revision().publish()
            seconds.append(time.perf_counter() - began)
            published += 1
            with urllib.request.urlopen(args.base + path, timeout=60) as response:
                if title not in response.read().decode():
                    stale += 1
        except Exception as exc:  # noqa: BLE001 - counted and reported
            errors += 1
            print(f"publisher: {type(exc).__name__}: {exc}", file=sys.stderr)
    print(
        json.dumps(
            {
                "published": published,
                "stale": stale,
                "publish_ms": 1000 * sum(seconds) / len(seconds) if seconds else 0,
                "errors": errors,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
