"""A throwaway site for load tests: its database, seeded articles, static files and gunicorn."""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = BASE_DIR / "var" / "bench"
PYTHON = sys.executable
HOST = "127.0.0.1"


def settings_from_env():
    port = int(os.environ.get("BENCH_PORT", "8105"))
    return {
        "articles": int(os.environ.get("BENCH_ARTICLES", "1000")),
        "seconds": int(os.environ.get("BENCH_SECONDS", "10")),
        "connections": int(os.environ.get("BENCH_CONNECTIONS", "8")),
        "workers": int(os.environ.get("BENCH_WORKERS", "2")),
        "port": port,
        "database_url": os.environ.get("DATABASE_URL") or f"sqlite:///{VAR / 'bench.sqlite3'}",
        "redis_url": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
    }


def server_env(config, page_cache=True, settings_module="clinic_site.settings.production"):
    secret = (BASE_DIR / "var" / "secret_key").read_text().strip()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", secret),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": config["database_url"],
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": config["redis_url"],
        "PAGE_CACHE_SECONDS": "600" if page_cache else "0",
        "DJANGO_LOG_LEVEL": "ERROR",
    }


def manage(config, *args, page_cache=True, settings_module="clinic_site.settings.production"):
    env = server_env(config, page_cache, settings_module)
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def reset_database(config):
    """A fresh database: the SQLite file is deleted; a PostgreSQL database is dropped and created."""
    url = urlparse(config["database_url"])
    if url.scheme == "sqlite":
        VAR.mkdir(parents=True, exist_ok=True)
        Path(url.path).unlink(missing_ok=True)
        return
    name = url.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to reset database '{name}': a benchmark database name must contain 'bench'.")
    import psycopg

    admin_url = config["database_url"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_exists(config):
    url = urlparse(config["database_url"])
    if url.scheme == "sqlite":
        path = Path(url.path)
        return path.exists() and path.stat().st_size > 0  # connecting alone leaves an empty file
    import psycopg

    try:
        psycopg.connect(config["database_url"], connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def flush_redis(config):
    import redis

    try:
        redis.Redis.from_url(config["redis_url"], socket_connect_timeout=1).flushdb()
        return True
    except redis.RedisError as error:
        print(f"Redis at {config['redis_url']} unreachable ({error}): the page cache stays off.")
        return False


def prepare(config):
    if os.environ.get("BENCH_REUSE_DB") == "1":
        # Load the database a previous run seeded again, e.g. to re-measure when the machine is quieter.
        if not database_exists(config):
            sys.exit("BENCH_REUSE_DB=1, but no earlier run's database is there: run without it once.")
        manage(config, "collectstatic", "--no-input", "-v0")
        print("Reusing the database of the previous run")
        return
    started = time.monotonic()
    reset_database(config)
    manage(config, "migrate", "--no-input", "-v0")
    manage(config, "load_demo_content", "--hostname", HOST, "--port", str(config["port"]))
    # seed_articles is the bench app's command, which production settings do not install.
    seed = ("seed_articles", "--count", str(config["articles"]), "--prefix", "bench")
    manage(config, *seed, settings_module="bench.settings")
    manage(config, "collectstatic", "--no-input", "-v0")
    print(f"Prepared {config['articles']} articles in {time.monotonic() - started:.0f} s")


def static_root():
    return BASE_DIR / "static_collected"


def copy_as_static(html: bytes, name="bench/article-copy.html") -> str:
    """Put a copy of a page among the static files, to compare the app with WhiteNoise on the same bytes."""
    target = static_root() / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(html)
    return f"/static/{name}"


@contextmanager
def gunicorn(config, page_cache=True):
    """gunicorn on loopback with production settings; stopped (with its workers) however the block ends."""
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "clinic_site.wsgi",
            "--bind",
            f"{HOST}:{config['port']}",
            "--workers",
            str(config["workers"]),
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=server_env(config, page_cache),
        start_new_session=True,
    )
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        wait_until_up(config, process)
        yield process
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop(process)


def wait_until_up(config, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            urllib.request.urlopen(f"http://{HOST}:{config['port']}/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {config['port']} within {timeout} s")


def stop(process):
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def workers_cpu_seconds(master_pid):
    """CPU time (user + system) the master's workers have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in worker_pids(master_pid):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "unknown CPU",
    )
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    load = Path("/proc/loadavg").read_text().split()[:3]
    memory = f"{memory_kib / 1024 / 1024:.0f} GiB RAM"
    return f"{os.cpu_count()} cores, {cpu}, {memory}, load average {' '.join(load)}"


def clean_static_copy():
    shutil.rmtree(static_root() / "bench", ignore_errors=True)
