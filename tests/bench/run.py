"""``make bench``: the portal under load with 100,000 disclosure items.

1. Builds a database of its own (PostgreSQL ``govsite_bench`` when
   DATABASE_URL is postgres://…, else var/bench/bench.sqlite3): migrate,
   load_demo, then 100,000 synthetic items through ``manage.py import_items``
   (its time is printed). A database that already holds ≥ 100,000 items is
   reused unless ``--rebuild`` is given.
2. Serves it with gunicorn (2 workers, production settings, DEBUG off).
3. Measures the home page, the county catalogue unfiltered and filtered, an
   item page and site searches (narrow, broad, a question, 繁体 with a typo,
   page 50, filtered, JSON) with a load generator in another process
   (tests/bench/load.py),
   then the same HTML saved as static files served by the same gunicorn
   (whitenoise). Each page is measured through the full-page cache
   (disclosure/pagecache.py) and bypassing it (a cookie it does not key on),
   and the table gives rps and p50/p95 of both beside the static file, as
   ratios. Then the mixed scenario: 90% anonymous readers across 10,000 URLs
   (Zipf popularity) and 10% editors with a session, while an item is
   published every 2 seconds and read back at once (hit rate, stale reads).
4. Times searches that no cache has seen (tests/bench/bench_search.py),
   counts the queries of the reviewer's screens with 500 and 1,000 pages in
   review (tests/bench/bench_review_screens.py) and runs
   tests/bench/bench_review.py.

Step 1 also makes sure a survey with 100,000 answers exists
(tests/bench/bench_surveys.py) and times their aggregation; its results page
and JSON are measured with the other pages.

    .venv/bin/python -m tests.bench.run [--rebuild] [--requests 500]
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from tests.workers import free_port, gunicorn_argv

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
BENCH_DIR = ROOT / "var" / "bench"
STATIC_ROOT = ROOT / "staticfiles"
STATIC_BENCH = STATIC_ROOT / "bench"
# BENCH_DATABASE names another database, so that checkouts sharing one
# PostgreSQL server do not rebuild each other's.
PG_DATABASE = os.environ.get("BENCH_DATABASE", "govsite_bench")
ROWS = 100_000
WORKERS = 2

# The county-wide catalogue (DisclosureIndexPage's "catalogue" route) and the
# filter measured. When the catalogue answers 404 the run falls back to a
# unit's column with a category filter; set USE_COLUMN_PAGE = True to measure
# the column page anyway, False to fail instead of falling back.
CATALOGUE_PATH = "/zfxxgk/catalogue/"
CATALOGUE_FILTER = "unit=lishan&category=wenjian&year=2014"
COLUMN_PATH = "/zfxxgk/lishan/"
COLUMN_FILTER = "category=wenjian"
USE_COLUMN_PAGE = None  # None: automatic fallback on 404

# Site searches, narrow and broad (issue 13: p95 < 100 ms at 100,000 items).
SEARCHES = [
    ("search", "搜索（窄）", {"q": "危房改造"}),
    ("search_broad", "搜索（宽）", {"q": "政务公开"}),
    ("search_question", "搜索（问句）", {"q": "新生儿医保怎么办理"}),
    ("search_typo", "搜索（繁体错字）", {"q": "土地確全"}),
    ("search_page50", "搜索第50页", {"q": "通知", "page": 50}),
    ("search_filter", "搜索（筛选）", {"q": "低保", "year": 2014, "type": "xxgk"}),
    ("search_json", "搜索（JSON）", {"q": "低保", "format": "json"}),
]


def say(message=""):
    print(message, flush=True)


# -- database ---------------------------------------------------------------


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=f"/{PG_DATABASE}")), "postgresql"
    return f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}", "sqlite"


def _pg_admin(url):
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    return psycopg.connect(admin, autocommit=True)


def pg_exists(url):
    with _pg_admin(url) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
        ).fetchone()
    return row is not None


def recreate_database(url, vendor):
    if vendor == "postgresql":
        with _pg_admin(url) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
    else:
        path = Path(urlsplit(url).path)
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def bench_env(database_url):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="govsite.settings.production",
        DATABASE_URL=database_url,
        SECRET_KEY="bench-only-not-a-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        CACHE_KEY_PREFIX="govsite-bench",
        PYTHONUNBUFFERED="1",
    )
    # REDIS_URL (if set) passes through from the environment.
    return env


def database_info(env):
    result = subprocess.run(
        [PY, "-m", "tests.bench.build", "--info"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return {"items": 0}
    return json.loads(result.stdout.strip().splitlines()[-1])


def build_database(env, rows):
    """Run the build in a subprocess, echoing its output; returns the import
    command's wall time in seconds."""
    process = subprocess.Popen(
        [PY, "-m", "tests.bench.build", "--rows", str(rows)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    import_seconds = None
    for line in process.stdout:
        line = line.rstrip("\n")
        if line.startswith("IMPORT_SECONDS="):
            import_seconds = float(line.split("=", 1)[1])
        else:
            say("  " + line)
    if process.wait() != 0:
        raise SystemExit("building the benchmark database failed")
    return import_seconds


# -- server -----------------------------------------------------------------


def fetch(url, timeout=60):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read()


def start_server(env, port):
    server = subprocess.Popen(
        gunicorn_argv(port, workers=WORKERS, timeout=120), env=env, cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            fetch(base + "/", timeout=30)
            return server, base
        except urllib.error.HTTPError:
            return server, base  # it answers; the page check comes later
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                stop_server(server)
                raise SystemExit("gunicorn did not come up") from None
            time.sleep(0.3)


def stop_server(server):
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# -- measuring --------------------------------------------------------------


def measure(url, requests, warmup, concurrency, *extra):
    result = subprocess.run(
        [
            PY,
            "-m",
            "tests.bench.load",
            url,
            "--requests",
            str(requests),
            "--warmup",
            str(warmup),
            "--concurrency",
            str(concurrency),
            *extra,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def prepare_survey(env, rows):
    """The survey benchmark's data and aggregation time (bench_surveys.py)."""
    process = subprocess.Popen(
        [PY, "-m", "tests.bench.bench_surveys", "--rows", str(rows)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    facts = {}
    for line in process.stdout:
        line = line.rstrip("\n")
        key, sep, value = line.partition("=")
        if sep and key.isupper():
            facts[key] = value
        else:
            say(line)
    if process.wait() != 0:
        raise SystemExit("building the survey benchmark failed")
    return facts


def choose_pages(base, item_url):
    catalogue = CATALOGUE_PATH
    query = CATALOGUE_FILTER
    use_column = USE_COLUMN_PAGE
    if use_column is None:
        try:
            status, _body = fetch(f"{base}{CATALOGUE_PATH}?{CATALOGUE_FILTER}")
        except urllib.error.HTTPError as exc:
            status = exc.code
        use_column = status == 404
        if use_column:
            say(f"注意：{CATALOGUE_PATH} 返回 404，改测栏目页 {COLUMN_PATH}")
    if use_column:
        catalogue, query = COLUMN_PATH, COLUMN_FILTER
    return [
        ("home", "首页", "/"),
        ("column", "栏目页", COLUMN_PATH),
        ("catalogue", "目录（全部）", catalogue),
        ("filtered", "目录（筛选）", f"{catalogue}?{query}"),
        ("item", "公开信息页", item_url),
        ("guide", "公开指南", COLUMN_PATH + "guide/"),
    ] + [(key, label, "/search/?" + urlencode(query)) for key, label, query in SEARCHES]


def hit_rate(figures, warm=False):
    """Hits among anonymous requests; ``warm``: leaving out the first request
    of each URL (a cold miss no cache avoids), so what remains are misses
    from invalidation."""
    states = figures.get("cache", {})
    served = states.get("hit", 0) + states.get("miss", 0)
    if not warm:
        served += states.get("cold", 0)
    return states.get("hit", 0) / served if served else float("nan")


def table(rows):
    """Per page: cached (page cache on), uncached (the cache bypassed) under
    the run's concurrency and with as many clients as workers (the time a
    request takes without waiting for a free worker), the same HTML as a
    static file, and the ratios to the static figure."""
    headers = [
        "page",
        "cached rps",
        "p50",
        "p95",
        "uncached rps",
        "p50",
        "p95",
        f"p50@c{WORKERS}",
        f"p95@c{WORKERS}",
        "static rps",
        "p50",
        "cached/static",
        "uncached/static",
        "hit",
    ]
    lines = [headers]
    for label, path, cached, uncached, service, static in rows:
        base = static["rps"] or float("nan")
        lines.append(
            [
                f"{label} {path}"[:60],
                f"{cached['rps']:.1f}",
                f"{cached['p50_ms']:.1f}",
                f"{cached['p95_ms']:.1f}",
                f"{uncached['rps']:.1f}",
                f"{uncached['p50_ms']:.1f}",
                f"{uncached['p95_ms']:.1f}",
                f"{service['p50_ms']:.1f}",
                f"{service['p95_ms']:.1f}",
                f"{static['rps']:.1f}",
                f"{static['p50_ms']:.1f}",
                f"{cached['rps'] / base:.3f}",
                f"{uncached['rps'] / base:.3f}",
                f"{hit_rate(cached):.0%}",
            ]
        )

    def width(text):
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    widths = [max(width(line[i]) for line in lines) for i in range(len(headers))]
    out = []
    for number, line in enumerate(lines):
        cells = []
        for i, cell in enumerate(line):
            pad = " " * (widths[i] - width(cell))
            cells.append(cell + pad if i == 0 else pad + cell)
        out.append("  ".join(cells))
        if number == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def run_mixed(env, base, args, static_rps):
    """90% anonymous readers across 10,000 URLs (Zipf popularity), 10% with
    an editor's session cookie, while an editor publishes an item every
    ``--publish-every`` seconds and reads it back (stale pages counted)."""
    say(
        f"== 混合场景：{args.mixed_urls} 个 URL，{args.mixed_requests} 次请求，"
        f"90% 匿名读者，10% 编辑（带会话），每 {args.publish_every} 秒发布一条 =="
    )
    result = subprocess.run(
        [PY, "-m", "tests.bench.build", "--urls", str(args.mixed_urls)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    urls_file = json.loads(result.stdout.strip().splitlines()[-1])["file"]
    if args.mixed_warmup:
        # Steady state: the popular pages are in the cache before measuring.
        warm = measure(
            base + "/", args.mixed_warmup, 0, args.concurrency, "--mixed", urls_file
        )
        say(f"预热 {args.mixed_warmup} 次请求：命中率 {hit_rate(warm):.1%}")
    publisher = subprocess.Popen(
        [
            PY,
            "-m",
            "tests.bench.publisher",
            base,
            urls_file,
            "--every",
            str(args.publish_every),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        figures = measure(
            base + "/",
            args.mixed_requests,
            0,
            args.concurrency,
            "--mixed",
            urls_file,
        )
    finally:
        publisher.send_signal(signal.SIGINT)
        out, _err = publisher.communicate(timeout=120)
    published = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    states = figures["cache"]
    anonymous = states.get("hit", 0) + states.get("miss", 0) + states.get("cold", 0)
    say(
        f"混合场景：{figures['rps']:.1f} rps（静态文件 {static_rps:.1f} rps，"
        f"比值 {figures['rps'] / static_rps:.3f}），p50 {figures['p50_ms']:.1f} ms，"
        f"p95 {figures['p95_ms']:.1f} ms，错误 {figures['errors']}"
    )
    say(
        f"命中率（匿名读者）：{hit_rate(figures):.1%}（{states.get('hit', 0)}/{anonymous}）；"
        f"不计各 URL 首次访问：{hit_rate(figures, warm=True):.1%}"
        f"（首次访问 {states.get('cold', 0)} 次，失效后未命中 {states.get('miss', 0)} 次）；"
        f"绕过缓存（编辑）{states.get('none', 0)} 次"
    )
    say(
        f"发布 {published.get('published', 0)} 次（平均 "
        f"{published.get('publish_ms', 0):.0f} ms），发布后立即读取仍为旧内容："
        f"{published.get('stale', 'n/a')} 次"
    )


def run_and_say(argv, env=None):
    """Run a benchmark script to its end (15 minutes at most) and print what
    it printed; returns the completed process."""
    result = subprocess.run(
        argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    say(result.stdout.rstrip())
    return result


def run_search_bench(env):
    """Searches never seen before (no cached candidates), in-process."""
    say("== 站内搜索首次查询（无缓存，tests/bench/bench_search.py）==")
    result = run_and_say([PY, "-m", "tests.bench.bench_search"], env)
    if result.returncode != 0:
        say(result.stderr.rstrip()[-2000:])


def run_review_screens(env):
    """The reviewer's screens with 500 and 1,000 pages in review."""
    say("== 审查员页面（500 / 1000 个待审页面，tests/bench/bench_review_screens.py）==")
    process = subprocess.Popen(
        [PY, "-m", "tests.bench.bench_review_screens"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in process.stdout:
        say(line.rstrip("\n"))
    if process.wait() != 0:
        say("审查员页面基准失败")


def run_review_bench():
    script = ROOT / "tests" / "bench" / "bench_review.py"
    if not script.exists():
        say("tests/bench/bench_review.py 不存在，跳过")
        return
    say("== 审查检查基准（tests/bench/bench_review.py）==")
    result = run_and_say([PY, str(script)])
    if result.returncode != 0:
        say(result.stderr.rstrip())
        say(f"bench_review.py 退出状态 {result.returncode}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="重建基准数据库")
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--skip-review", action="store_true")
    parser.add_argument(
        "--uncached-requests", type=int, default=200, help="不走页面缓存的请求次数"
    )
    parser.add_argument("--mixed-urls", type=int, default=10_000)
    parser.add_argument(
        "--mixed-requests", type=int, default=20_000, help="混合场景请求数（0 跳过）"
    )
    parser.add_argument("--mixed-warmup", type=int, default=20_000)
    parser.add_argument("--publish-every", type=float, default=2.0)
    parser.add_argument("--skip-search-bench", action="store_true")
    parser.add_argument("--only-mixed", action="store_true", help="只跑混合场景")
    args = parser.parse_args(argv)
    started = time.monotonic()

    database_url, vendor = bench_database_url()
    env = bench_env(database_url)
    say(f"== 基准数据库：{vendor} {urlsplit(database_url).path} ==")
    exists = (
        pg_exists(database_url)
        if vendor == "postgresql"
        else Path(urlsplit(database_url).path).exists()
    )
    info = database_info(env) if exists and not args.rebuild else {"items": 0}
    import_seconds = None
    if info["items"] >= args.rows:
        say(f"复用已有数据库：{info['items']} 条公开信息（--rebuild 可重建）")
        # The code may have moved on since the database was built.
        subprocess.run(
            [PY, "manage.py", "migrate", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
    else:
        recreate_database(database_url, vendor)
        build_started = time.monotonic()
        import_seconds = build_database(env, args.rows)
        say(f"建库总用时 {time.monotonic() - build_started:.0f} 秒")
        info = database_info(env)
    say(f"公开信息：{info['items']} 条")
    if import_seconds is not None:
        say(
            f"导入 {args.rows} 条（manage.py import_items）用时：{import_seconds:.1f} 秒"
        )

    say("== 在线调查：汇总统计 ==")
    survey = prepare_survey(env, ROWS)
    say(
        f"汇总 {survey['SURVEY_ANSWERS']} 份答卷（Celery 任务所用函数）用时："
        f"{float(survey['AGGREGATE_SECONDS']):.2f} 秒（目标 < 10 秒）"
    )

    say("== collectstatic ==")
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    shutil.rmtree(STATIC_BENCH, ignore_errors=True)
    STATIC_BENCH.mkdir(parents=True)

    port = free_port()
    server, base = start_server(env, port)
    try:
        pages = choose_pages(base, info["item_url"]) + [
            ("survey", "调查结果页", survey["SURVEY_URL"] + "results/"),
            ("survey_json", "调查结果JSON", survey["SURVEY_URL"] + "results.json"),
        ]
        # Save each page's HTML as a static file; whitenoise only sees files
        # present when it starts, so the server is restarted afterwards.
        for key, _label, path in pages:
            status, body = fetch(base + path)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            (STATIC_BENCH / f"{key}.html").write_bytes(body)
            say(f"{path}: {len(body) / 1024:.0f} KB")
        stop_server(server)
        server, base = start_server(env, port)

        say(
            f"== 压测：每页 {args.requests} 次请求（预热 {args.warmup} 次），"
            f"并发 {args.concurrency}，gunicorn {WORKERS} 个 worker =="
        )
        results = []
        for key, label, path in [] if args.only_mixed else pages:
            cached = measure(base + path, args.requests, args.warmup, args.concurrency)
            uncached = measure(
                base + path,
                args.uncached_requests,
                args.warmup,
                args.concurrency,
                "--uncached",
            )
            # The same without queueing: as many clients as workers.
            service = measure(
                base + path,
                args.uncached_requests,
                args.warmup,
                WORKERS,
                "--uncached",
            )
            static = measure(
                f"{base}/static/bench/{key}.html",
                args.requests,
                args.warmup,
                args.concurrency,
            )
            for name, figures in (
                ("cached", cached),
                ("uncached", uncached),
                ("static", static),
            ):
                if figures["errors"]:
                    say(
                        f"警告：{path} {name} 有 {figures['errors']} 个错误："
                        f"{figures['error_samples']}"
                    )
            results.append((label, path, cached, uncached, service, static))
            say(
                f"{label}: 缓存 {cached['rps']:.1f} rps，不缓存 {uncached['rps']:.1f} rps"
                f"（p95 {uncached['p95_ms']:.0f} ms；并发 {WORKERS} 时 p95 "
                f"{service['p95_ms']:.0f} ms），静态 {static['rps']:.1f} rps"
            )
        say()
        say(table(results))
        say()
        if args.mixed_requests:
            static_rps = next(
                (r[5]["rps"] for r in results if r[0] == "公开信息页"), float("nan")
            )
            run_mixed(env, base, args, static_rps)
    finally:
        stop_server(server)

    say()
    if not args.skip_search_bench:
        run_search_bench(env)
    if not args.skip_review:
        run_review_screens(env)
    if not args.skip_review:
        run_review_bench()
    say(f"总用时 {time.monotonic() - started:.0f} 秒")


if __name__ == "__main__":
    main()
