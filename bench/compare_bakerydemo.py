"""`make bench-compare BAKERYDEMO=/path`: uncached pages of this site and of wagtail/bakerydemo, side by side.

Both sites run at once on loopback, each on its own production settings with gunicorn and SQLite:
ours with the page cache off (PAGE_CACHE_SECONDS=0) on BENCH_ARTICLES seeded articles (default 1,000,
`bench.site.prepare`; BENCH_REUSE_DB=1 keeps the last run's database), bakerydemo on its demo data
with a secret of its own from the environment. The four targets are measured in turn, round after
round, so that whatever else the machine does falls on both sites alike: per target a 2 s warm-up,
then wrk for BENCH_SECONDS (default 10) at BENCH_CONNECTIONS (default 8). Prints each round, the
median of the rounds, the workers' CPU ms per request, and ours against bakerydemo's.

The bakerydemo checkout needs its own virtualenv at <path>/.venv with its requirements and gunicorn
(docs/performance.md says how); its database is migrated and loaded with `load_initial_data` the
first time. Not part of CI: numbers are printed, not asserted.
"""

import os
import secrets
import signal
import statistics
import subprocess
import sys
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.load import run_load
from bench.site import (
    HOST,
    flush_redis,
    gunicorn,
    machine,
    prepare,
    settings_from_env,
    stop,
    wait_until_up,
    workers_cpu_seconds,
)

OUR_ARTICLE = "/blog/how-botox-can-help-in-pain-management/"  # the demo article with author and reviewer
OUR_INDEX = "/blog/"
BAKERYDEMO_POST = os.environ.get("BAKERYDEMO_POST", "/blog/icelandic-baking/")
BAKERYDEMO_INDEX = "/blog/"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WARM_UP_SECONDS = 2


def bakerydemo_env(port):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("BAKERYDEMO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        # Nothing terminates TLS on loopback; its production settings redirect to HTTPS otherwise.
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "ERROR",
        "PORT": str(port),
    }


def check_bakerydemo(path: Path) -> Path:
    gunicorn_bin = path / ".venv" / "bin" / "gunicorn"
    if not (path / "bakerydemo" / "settings" / "production.py").exists():
        sys.exit(f"{path} is not a bakerydemo checkout (no bakerydemo/settings/production.py).")
    if not gunicorn_bin.exists():
        sys.exit(f"{gunicorn_bin} is missing: create {path}/.venv with its requirements and gunicorn first.")
    return gunicorn_bin


def prepare_bakerydemo(path: Path, env):
    python = str(path / ".venv" / "bin" / "python")
    if not (path / "bakerydemodb").exists():
        for command in (["migrate", "--no-input", "-v0"], ["load_initial_data"]):
            subprocess.run([python, "manage.py", *command], cwd=path, env=env, check=True)
    # WhiteNoise's manifest storage needs the manifest even for pages that only link to static files.
    subprocess.run([python, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=path, env=env, check=True)


@contextmanager
def bakerydemo_gunicorn(path: Path, gunicorn_bin: Path, env, port, workers):
    process = subprocess.Popen(
        [str(gunicorn_bin), "bakerydemo.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers)]
        + ["--log-level", "warning"],
        cwd=path,
        env=env,
        start_new_session=True,
    )
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        wait_until_up({"port": port}, process, timeout=90)
        yield process
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop(process)


def check_answers(port, path):
    url = f"http://{HOST}:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return len(response.read())
    except urllib.error.HTTPError as error:
        sys.exit(f"{url} answered {error.code}, not 200: nothing to measure.")


def measure(port, path, server, config):
    run_load(HOST, port, path, WARM_UP_SECONDS, config["connections"])
    cpu_before = workers_cpu_seconds(server.pid)
    result = run_load(HOST, port, path, config["seconds"], config["connections"])
    cpu_ms = (workers_cpu_seconds(server.pid) - cpu_before) * 1000 / max(result.requests, 1)
    return result, cpu_ms


def print_report(targets, results):
    print(f"\n{'target':<28} {'req/s by round':<24} {'median req/s':>13} {'CPU ms/req':>11} {'errors':>7}")
    medians = {}
    for name, *_ in targets:
        rounds = results[name]
        per_second = statistics.median(result.per_second for result, _ in rounds)
        cpu_ms = statistics.median(cpu for _, cpu in rounds)
        errors = sum(result.errors for result, _ in rounds)
        medians[name] = (per_second, cpu_ms)
        by_round = " / ".join(f"{result.per_second:.0f}" for result, _ in rounds)
        print(f"{name:<28} {by_round:<24} {per_second:>13.1f} {cpu_ms:>11.2f} {errors:>7}")
    print()
    for ours, theirs in (
        ("our article", "bakerydemo blog post"),
        ("our blog index", "bakerydemo blog index"),
    ):
        (our_rate, our_cpu), (their_rate, their_cpu) = medians[ours], medians[theirs]
        per_round = " / ".join(
            f"{mine.per_second / other.per_second:.2f}"
            for (mine, _), (other, _) in zip(results[ours], results[theirs], strict=True)
        )
        print(
            f"{ours} / {theirs}: {our_rate / their_rate:.2f}× req/s (rounds {per_round}), "
            f"{their_cpu / our_cpu:.2f}× less CPU per request"
        )


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python -m bench.compare_bakerydemo /path/to/bakerydemo")
    path = Path(sys.argv[1]).resolve()
    gunicorn_bin = check_bakerydemo(path)
    config = settings_from_env()
    bakerydemo_port = config["port"] + 1
    env = bakerydemo_env(bakerydemo_port)
    print(f"Machine: {machine()}")
    print(
        f"Ours: {config['articles']} articles, SQLite, page cache off; bakerydemo at {path}. "
        f"{config['workers']} gunicorn workers each; {ROUNDS} rounds of {config['seconds']} s per target "
        f"at {config['connections']} connections"
    )
    if not config["database_url"].startswith("sqlite"):
        sys.exit("The comparison runs both sites on SQLite: unset DATABASE_URL.")
    prepare(config)
    prepare_bakerydemo(path, env)
    flush_redis(config)
    with ExitStack() as stack:
        ours = stack.enter_context(gunicorn(config, page_cache=False))
        theirs = stack.enter_context(
            bakerydemo_gunicorn(path, gunicorn_bin, env, bakerydemo_port, config["workers"])
        )
        targets = [
            ("our article", config["port"], OUR_ARTICLE, ours),
            ("bakerydemo blog post", bakerydemo_port, BAKERYDEMO_POST, theirs),
            ("our blog index", config["port"], OUR_INDEX, ours),
            ("bakerydemo blog index", bakerydemo_port, BAKERYDEMO_INDEX, theirs),
        ]
        for name, port, target_path, _ in targets:
            print(f"{name}: http://{HOST}:{port}{target_path} ({check_answers(port, target_path):,} bytes)")
        results = {name: [] for name, *_ in targets}
        for round_number in range(1, ROUNDS + 1):
            for name, port, target_path, server in targets:
                results[name].append(measure(port, target_path, server, config))
            print(f"round {round_number} done; load average {machine().rsplit('load average ', 1)[1]}")
    print_report(targets, results)


if __name__ == "__main__":
    main()
