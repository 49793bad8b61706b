"""A small HTTP load generator (run in its own process by tests/bench/run.py).

    python -m tests.bench.load http://127.0.0.1:8000/path --requests 500

Each of ``--concurrency`` threads keeps an http.client connection (reopened
when the server closes it, as gunicorn's sync workers do after every
response) and sends its share of the requests after ``--warmup`` warm-up
requests. Prints one JSON object: rps, p50/p95/max latency in ms, errors.
"""

import argparse
import http.client
import itertools
import json
import random
import statistics
import threading
import time
from urllib.parse import urlsplit


def _worker(
    host, port, target, count, latencies, errors, start_gate, headers=None, states=None
):
    """``target`` is a path, or a callable giving (path, headers) per request."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    start_gate.wait()
    for _ in range(count):
        path, extra = target() if callable(target) else (target, {})
        began = time.perf_counter()
        try:
            connection.request(
                "GET", path, headers={"Accept": "text/html", **(headers or {}), **extra}
            )
            response = connection.getresponse()
            response.read()
            if states is not None:
                state = response.getheader("X-Page-Cache") or "none"
                if state == "miss" and callable(target) and target.first_visit(path):
                    state = "cold"  # never asked before: no cache could help
                states.append(state)
            if response.status != 200:
                errors.append(response.status)
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=60)
            continue
        latencies.append(time.perf_counter() - began)
    connection.close()


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def measure(url, requests=500, warmup=20, concurrency=4, headers=None, target=None):
    parts = urlsplit(url)
    target = target or parts.path + (f"?{parts.query}" if parts.query else "")
    host, port = parts.hostname, parts.port or 80
    # Warm-up: fill caches, open database connections, compile templates.
    warm_lat, warm_err = [], []
    gate = threading.Event()
    gate.set()
    _worker(host, port, target, warmup, warm_lat, warm_err, gate, headers)

    latencies, errors, states = [], [], []
    gate = threading.Event()
    shares = [requests // concurrency] * concurrency
    for i in range(requests % concurrency):
        shares[i] += 1
    threads = [
        threading.Thread(
            target=_worker,
            args=(host, port, target, share, latencies, errors, gate, headers, states),
        )
        for share in shares
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    gate.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        "url": url,
        "requests": requests,
        "concurrency": concurrency,
        "seconds": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "max_ms": max(latencies) * 1000 if latencies else float("nan"),
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "errors": len(errors) + len(warm_err),
        "error_samples": [str(e) for e in (warm_err + errors)[:5]],
        "cache": {state: states.count(state) for state in set(states)},
    }


# Any cookie but the ones the page cache keys on lets a request through
# uncached; an editor's session cookie as well (and costs a session look-up).
UNCACHED = {"Cookie": "bench_uncached=1"}
EDITOR = {"Cookie": "sessionid=bench-editor-session"}


def mixed_target(paths, session_share=0.1, zipf=1.1, seed=0):
    """Requests across ``paths`` (most read first) with Zipf popularity; a
    ``session_share`` of them carry a session cookie (editors, uncached)."""
    rng = random.Random(seed)
    weights = list(itertools.accumulate(1 / (i + 1) ** zipf for i in range(len(paths))))
    lock = threading.Lock()

    seen = set()

    def target():
        with lock:
            path = rng.choices(paths, cum_weights=weights)[0]
            editor = rng.random() < session_share
        return path, (EDITOR if editor else {})

    def first_visit(path):
        with lock:
            first = path not in seen
            seen.add(path)
        return first

    target.first_visit = first_visit
    return target


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--uncached", action="store_true", help="带会话 Cookie，绕过页面缓存"
    )
    parser.add_argument("--mixed", help="混合场景：每行一个路径的文件")
    parser.add_argument("--session-share", type=float, default=0.1)
    args = parser.parse_args(argv)
    target = None
    if args.mixed:
        with open(args.mixed, encoding="utf-8") as handle:
            paths = [line.strip() for line in handle if line.strip()]
        target = mixed_target(paths, args.session_share)
    print(
        json.dumps(
            measure(
                args.url,
                args.requests,
                args.warmup,
                args.concurrency,
                headers=UNCACHED if args.uncached else None,
                target=target,
            )
        )
    )


if __name__ == "__main__":
    main()
