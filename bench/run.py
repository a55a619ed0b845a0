"""`make bench`: requests/s, p50, p99, errors, bytes and SQL queries per request for each kind of page.

Seeds BENCH_ARTICLES articles (default 1,000) into a throwaway database (SQLite under var/bench/, or the
PostgreSQL database in DATABASE_URL, whose name must contain "bench"), then runs gunicorn twice on
loopback: with the page cache (Redis at BENCH_REDIS_URL, flushed first) for the static file and cached
pages, and with PAGE_CACHE_SECONDS=0 for uncached pages. BENCH_SECONDS per target (default 10) at
BENCH_CONNECTIONS (default 8); BENCH_REUSE_DB=1 loads the previous run's database again without
reseeding. Numbers are printed, not asserted.
"""

import json
import os
import subprocess
import sys

from bench.load import run_load
from bench.site import (
    BASE_DIR,
    HOST,
    clean_static_copy,
    flush_redis,
    gunicorn,
    machine,
    prepare,
    server_env,
    workers_cpu_seconds,
)
from bench.site import settings_from_env as bench_settings

CACHED = ["static file", "article", "blog index"]
UNCACHED = ["article", "blog index", "category archive", "search"]


def measure_queries(config):
    output = subprocess.run(
        [sys.executable, "-m", "bench.queries"],
        cwd=BASE_DIR,
        env=server_env(config, page_cache=False),
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def load_each(config, server, targets, names, label):
    rows = []
    for name in names:
        target = targets[name]
        if target["status"] != 200:
            rows.append((f"{name} ({label})", None, target, None))
            continue
        run_load(HOST, config["port"], target["url"], 2, config["connections"])  # warm: fills the cache
        cpu_before = workers_cpu_seconds(server.pid)
        result = run_load(HOST, config["port"], target["url"], config["seconds"], config["connections"])
        cpu_ms = (workers_cpu_seconds(server.pid) - cpu_before) * 1000 / max(result.requests, 1)
        rows.append((f"{name} ({label})" if name != "static file" else name, result, target, cpu_ms))
    return rows


def print_table(rows, cores):
    static = next(result for name, result, _, _ in rows if name == "static file")
    print(
        f"\n{'target':<28} {'req/s':>7} {'×static':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'bytes/req':>10} {'SQL/req':>8} {'CPU ms/req':>11} {'idle req/s':>11}"
    )
    for name, result, target, cpu_ms in rows:
        if result is None:
            print(f"{name:<28} {'—':>7}   not measured: {target['url']} answered {target['status']}")
            continue
        queries = 0 if "cached" in name and "uncached" not in name else target["queries"]
        print(
            f"{name:<28} {result.per_second:>7.0f} {result.per_second / static.per_second:>8.2f} "
            f"{result.p50_ms:>8.2f} {result.p99_ms:>8.2f} {result.errors:>7} "
            f"{result.bytes_read / max(result.requests, 1):>10.0f} {queries:>8} "
            f"{cpu_ms:>11.2f} {cores * 1000 / max(cpu_ms, 0.001):>11.0f}"
        )
    print(
        "CPU ms/req: the gunicorn workers' CPU time per request; idle req/s: what that CPU cost allows on "
        f"{cores} otherwise idle cores (an upper bound: the load generator needs CPU too)."
    )


def main():
    config = bench_settings()
    print(f"Machine: {machine()}")
    print(
        f"Database: {config['database_url'].split('@')[-1]}; {config['articles']} articles; "
        f"{config['workers']} gunicorn workers; {config['connections']} connections; "
        f"{config['seconds']} s per target"
    )
    prepare(config)
    targets = measure_queries(config)
    has_redis = flush_redis(config)
    rows = []
    try:
        with gunicorn(config, page_cache=has_redis) as server:
            rows += load_each(config, server, targets, CACHED if has_redis else ["static file"], "cached")
        with gunicorn(config, page_cache=False) as server:
            rows += load_each(config, server, targets, UNCACHED, "uncached")
    finally:
        clean_static_copy()
    print_table(rows, min(config["workers"], os.cpu_count()))
    print(f"Load after the run: {machine().rsplit('load average ', 1)[1]}")


if __name__ == "__main__":
    main()
