"""`make bench-varnish`: an article served by Varnish (deploy/varnish) against nginx serving the same bytes.

Prepares a throwaway database with the demo content (SQLite under var/bench/, or DATABASE_URL), starts
gunicorn with production settings and the page cache on (Redis at BENCH_REDIS_URL, flushed first),
Varnish in front of it with the repository's VCL, and nginx serving a saved copy of the article's HTML
from a folder. wrk (-t2, BENCH_CONNECTIONS connections, BENCH_SECONDS per round, default 5) measures
both, interleaved, for BENCH_ROUNDS rounds (default 3); the medians and their ratio are printed (the
issue asks for at least 0.5× nginx). Ports: BENCH_PORT for the app (default 8105), the next two for
Varnish and nginx. Numbers are printed, not asserted.
"""

import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import run_load
from bench.site import BASE_DIR, HOST, VAR, flush_redis, gunicorn, machine, manage, reset_database
from bench.site import settings_from_env as bench_settings

ARTICLE = "/blog/how-botox-can-help-in-pain-management/"
TARGET_RATIO = 0.5

NGINX_CONF = """daemon off;
worker_processes auto;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    types {{ text/html html; }}
    server {{
        listen {host}:{port};
        root {dir}/www;
        location / {{ try_files /article.html =404; }}
    }}
}}
"""


def settings_from_env():
    config = bench_settings()
    config["database_url"] = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR / 'varnish.sqlite3'}"
    config["varnish_port"] = config["port"] + 1
    config["nginx_port"] = config["port"] + 2
    config["seconds"] = int(os.environ.get("BENCH_SECONDS", "5"))
    config["rounds"] = int(os.environ.get("BENCH_ROUNDS", "3"))
    return config


def prepare(config):
    started = time.monotonic()
    reset_database(config)
    manage(config, "migrate", "--no-input", "-v0")
    manage(config, "load_demo_content", "--hostname", HOST, "--port", str(config["port"]))
    manage(config, "collectstatic", "--no-input", "-v0")
    print(f"Prepared the demo content in {time.monotonic() - started:.0f} s")


def wait_for_port(port, process, name, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{name} did not listen on port {port} within {timeout} s")


def start(command, env, workdir, name, port):
    log = open(workdir / f"{name}.log", "w")  # noqa: SIM115 (the process writes to it until stopped)
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(port, process, name)
    except RuntimeError:
        stop(process)
        log_tail = (workdir / f"{name}.log").read_text()[-2000:]
        raise RuntimeError(f"{name} did not start:\n{log_tail}") from None
    return process


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fetch(port, path):
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=10) as response:
        return response.read(), dict(response.headers)


def main():
    for tool in ("varnishd", "nginx", "wrk"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found: apt-get install varnish varnish-modules nginx wrk")
    config = settings_from_env()
    print(f"Machine: {machine()}")
    prepare(config)
    if not flush_redis(config):
        raise SystemExit(f"No Redis at {config['redis_url']} (the page cache decides what Varnish keeps)")
    with tempfile.TemporaryDirectory(prefix="bench-varnish-") as scratch, gunicorn(config, page_cache=True):
        workdir = Path(scratch)
        html, _ = fetch(config["port"], ARTICLE)
        (workdir / "www").mkdir()
        (workdir / "www" / "article.html").write_bytes(html)
        os.chmod(workdir, 0o755)  # nginx's workers run as nobody
        nginx_conf = workdir / "nginx.conf"
        nginx_conf.write_text(NGINX_CONF.format(dir=workdir, host=HOST, port=config["nginx_port"]))
        varnish_env = {
            **os.environ,
            "VARNISH_BACKENDS": f"{HOST}:{config['port']}",
            "VARNISH_LISTEN": f"{HOST}:{config['varnish_port']}",
            "VARNISH_STATE_DIR": str(workdir / "varnish"),
        }
        run_varnish = [str(BASE_DIR / "deploy" / "varnish" / "run")]
        varnish = start(run_varnish, varnish_env, workdir, "varnishd", config["varnish_port"])
        run_nginx = ["nginx", "-p", str(workdir), "-c", str(nginx_conf), "-e", str(workdir / "error.log")]
        nginx = start(run_nginx, os.environ, workdir, "nginx", config["nginx_port"])
        try:
            served, headers = fetch(config["varnish_port"], ARTICLE)
            served, headers = fetch(config["varnish_port"], ARTICLE)
            if headers.get("X-Cache") != "hit" or served != html:
                raise SystemExit(f"Varnish misses the article ({headers.get('X-Cache')})")
            if fetch(config["nginx_port"], ARTICLE)[0] != html:
                raise SystemExit("nginx does not serve the same bytes")
            results = {"Varnish": [], "nginx": []}
            for _ in range(config["rounds"]):
                for name, port in (("Varnish", config["varnish_port"]), ("nginx", config["nginx_port"])):
                    result = run_load(HOST, port, ARTICLE, config["seconds"], config["connections"])
                    if result.errors:
                        raise SystemExit(f"{name}: {result.errors} errors under load")
                    results[name].append(result.per_second)
        finally:
            stop(nginx)
            stop(varnish)
    varnish_rate, nginx_rate = (statistics.median(results[name]) for name in ("Varnish", "nginx"))
    print(
        f"Article ({len(html):,} bytes), wrk -t2 -c{config['connections']}, {config['rounds']} rounds of "
        f"{config['seconds']} s, interleaved; medians:"
    )
    for name, rate in (("Varnish", varnish_rate), ("nginx", nginx_rate)):
        rounds = ", ".join(f"{r:,.0f}" for r in results[name])
        print(f"  {name:<8} {rate:>9,.0f} req/s   rounds: {rounds}")
    ratio = varnish_rate / nginx_rate
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"  Varnish / nginx = {ratio:.2f} (target ≥ {TARGET_RATIO}: {verdict})")
    print(f"Load after the run: {machine().rsplit('load average ', 1)[1]}")


if __name__ == "__main__":
    main()
