"""`make soak`: SOAK_SECONDS (default 60) of mixed reader traffic at SOAK_CONNECTIONS (default 32).

Same throwaway site as `make bench` (BENCH_ARTICLES, DATABASE_URL, BENCH_REDIS_URL). Traffic cycles
through article pages, index pages, the home page and uncached search-style queries. The page cache
is filled first (every URL once), as it is on a site that has been up for a while; SOAK_COLD_CACHE=1
skips that and starts the spike on a cold cache. Reports errors and each gunicorn worker's resident
memory (VmRSS) after a 10 s warm-up and after the soak.
"""

import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.load import run_mixed_load
from bench.site import (
    BASE_DIR,
    HOST,
    VAR,
    flush_redis,
    gunicorn,
    machine,
    prepare,
    rss_kib,
    server_env,
    worker_pids,
)
from bench.site import settings_from_env as bench_settings

ARTICLE_URLS = (
    "from blog.models import ArticlePage; "
    "print('\\n'.join(p.url for p in ArticlePage.objects.live().order_by('?')[:200]))"
)


def reader_paths(config):
    articles = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", ARTICLE_URLS],
        cwd=BASE_DIR,
        env=server_env(config),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    articles = [line for line in articles if line.startswith("/")]
    pages = [f"/blog/?page={n}" for n in range(1, 21)]
    searches = [f"/?q=pain+{n}" for n in range(20)]
    return ["/", *articles, *pages, *searches]


def fill_cache(config, paths, seconds=240):
    """Request every cacheable URL once (one at a time per gunicorn worker), within ``seconds``."""
    deadline = time.monotonic() + seconds
    cacheable = [path for path in paths if "?q=" not in path]

    def fetch(path):
        if time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://{HOST}:{config['port']}{path}", timeout=30) as response:
                response.read()

    with ThreadPoolExecutor(max_workers=config["workers"]) as pool:
        list(pool.map(fetch, cacheable))
    return len(cacheable)


def memory(master_pid):
    return {pid: rss_kib(pid) for pid in worker_pids(master_pid)}


def main():
    config = bench_settings()
    seconds = int(os.environ.get("SOAK_SECONDS", "60"))
    connections = int(os.environ.get("SOAK_CONNECTIONS", "32"))
    print(f"Machine: {machine()}")
    prepare(config)
    paths = reader_paths(config)
    has_redis = flush_redis(config)
    script = VAR / "soak.lua"
    with gunicorn(config, page_cache=has_redis) as server:
        if has_redis and os.environ.get("SOAK_COLD_CACHE") != "1":
            print(f"Filled the page cache with {fill_cache(config, paths)} pages")
        warm = run_mixed_load(HOST, config["port"], paths, 10, connections, script)
        before = memory(server.pid)
        result = run_mixed_load(HOST, config["port"], paths, seconds, connections, script)
        after = memory(server.pid)
    print(
        f"\nSoak: {seconds} s, {connections} connections, {len(paths)} URLs, page cache "
        f"{'on (Redis)' if has_redis else 'off'}"
    )
    print(f"warm-up: {warm.requests} requests, {warm.errors} errors")
    print(
        f"soak:    {result.requests} requests, {result.per_second:.0f}/s, p50 {result.p50_ms:.1f} ms, "
        f"p99 {result.p99_ms:.1f} ms, errors {result.errors}"
    )
    for pid, start in before.items():
        end = after.get(pid)
        if end is None:
            print(f"worker {pid}: {start / 1024:.1f} MiB before, gone after (crashed or killed)")
            continue
        print(f"worker {pid}: {start / 1024:.1f} MiB -> {end / 1024:.1f} MiB ({(end - start) / start:+.1%})")
    print(f"Load after the run: {machine().rsplit('load average ', 1)[1]}")


if __name__ == "__main__":
    main()
