"""Build or inspect the benchmark database (run by tests/bench/run.py).

    python -m tests.bench.build --rows 100000   # migrate, load_demo, import
    python -m tests.bench.build --info          # JSON facts about the database

The database is the one DATABASE_URL names; run.py points it at a database of
its own. Rows come from tests.bench.rows.synthetic_rows, are written to a
JSON Lines file under var/bench/ and imported with ``manage.py import_items``,
so the figure printed is the real command's.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings.production")


def setup():
    import django

    django.setup()


def info():
    from django.db import connection
    from django.db.utils import DatabaseError

    try:
        from disclosure.models import DisclosureItemPage

        items = DisclosureItemPage.objects.count()
    except DatabaseError:
        print(json.dumps({"items": 0}))
        return
    sample = (
        DisclosureItemPage.objects.live()
        .filter(is_migrated=True, unit__slug="lishan")
        .exclude(body="")
        .order_by("pk")
    )
    item = sample[sample.count() // 2] if sample.exists() else None
    print(
        json.dumps(
            {
                "items": items,
                "vendor": connection.vendor,
                "item_url": item.url if item else None,
                "item_title": item.title if item else None,
            },
            ensure_ascii=False,
        )
    )


def urls(count, path):
    """The mixed scenario's URLs: the list pages, then live items (random,
    fixed seed) up to ``count``, one path a line."""
    import random

    from disclosure.models import DisclosureItemPage, Unit

    pages = ["/", "/zfxxgk/", "/zfxxgk/catalogue/", "/news/", "/hudong/"]
    for unit in Unit.objects.order_by("pk").values_list("slug", flat=True):
        pages += [f"/zfxxgk/{unit}/", f"/zfxxgk/{unit}/?category=wenjian"]
    pages += [f"/zfxxgk/catalogue/?page={n}" for n in range(2, 40)]
    item_paths = list(
        DisclosureItemPage.objects.live()
        .order_by("pk")
        .values_list("url_path", flat=True)
    )
    random.Random(0).shuffle(item_paths)
    wanted = max(0, count - len(pages))
    pages += ["/" + p.split("/", 2)[2] for p in item_paths[:wanted]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(pages) + "\n", encoding="utf-8")
    print(json.dumps({"urls": len(pages), "file": str(path)}))


def build(rows, path):
    from django.core.management import call_command

    from disclosure.models import Category, Topic, Unit
    from tests.bench.rows import synthetic_rows

    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    print(f"migrate：{time.monotonic() - started:.1f} 秒", flush=True)
    started = time.monotonic()
    call_command("load_demo", verbosity=0, force=True)
    print(f"load_demo：{time.monotonic() - started:.1f} 秒", flush=True)

    started = time.monotonic()
    path.parent.mkdir(parents=True, exist_ok=True)
    units = Unit.objects.all()
    categories = Category.objects.all()
    topics = Topic.objects.all()
    with open(path, "w", encoding="utf-8") as handle:
        for row in synthetic_rows(rows, units, categories, topics, seed=0):
            handle.write(json.dumps(row, ensure_ascii=False))
            handle.write("\n")
    size = path.stat().st_size / 1e6
    print(
        f"生成 {rows} 行（{size:.0f} MB）：{time.monotonic() - started:.1f} 秒",
        flush=True,
    )

    started = time.monotonic()
    call_command("import_items", str(path), "--reviewed-by", "webmaster")
    elapsed = time.monotonic() - started
    print(f"IMPORT_SECONDS={elapsed:.1f}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--info", action="store_true")
    parser.add_argument("--urls", type=int, help="混合场景的 URL 列表（条数）")
    parser.add_argument(
        "--file", type=Path, default=ROOT / "var" / "bench" / "items.jsonl"
    )
    args = parser.parse_args(argv)
    setup()
    if args.info:
        info()
    elif args.urls:
        urls(args.urls, ROOT / "var" / "bench" / "urls.txt")
    else:
        build(args.rows, args.file)


if __name__ == "__main__":
    main()
