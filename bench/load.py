"""Drive load at one URL for a fixed time: wrk when installed, else a bounded Python client."""

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
SIZES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    bytes_read: int

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0.0


def run_load(host, port, path, seconds, connections, script=None) -> LoadResult:
    if shutil.which("wrk"):
        return _wrk(host, port, path, seconds, connections, script)
    return _python_client(host, port, [path], seconds, connections)


def _wrk(host, port, path, seconds, connections, script):
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "--latency",
    ]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        [*command, f"http://{host}:{port}{path}"],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    summary = re.search(r"(\d+) requests in ([\d.]+)(\w+), ([\d.]+)(\w+) read", output)
    latency = dict(re.findall(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+\w+)\s*$", output, re.MULTILINE))
    if not summary or set(latency) != {"50", "99"}:
        raise RuntimeError(f"Could not read wrk's report:\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    errors += int(m[1]) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0
    return LoadResult(
        requests=int(summary[1]),
        seconds=float(summary[2]) * UNITS[summary[3]] / 1000,
        p50_ms=_duration_ms(latency["50"]),
        p99_ms=_duration_ms(latency["99"]),
        errors=errors,
        bytes_read=int(float(summary[4]) * SIZES[summary[5]]),
    )


def _duration_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * UNITS[unit]


def _python_client(host, port, paths, seconds, connections):
    latencies, errors, sizes = [], [0], [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(offset):
        connection = http.client.HTTPConnection(host, port, timeout=10)
        count = offset
        while time.monotonic() < deadline:
            path = paths[count % len(paths)]
            count += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                ok = response.status < 400
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=10)
                ok, body = False, b""
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                sizes[0] += len(body)
                errors[0] += not ok
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 15)
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return LoadResult(
        requests=len(latencies),
        seconds=time.monotonic() - started,
        p50_ms=quantiles[49],
        p99_ms=quantiles[98],
        errors=errors[0],
        bytes_read=sizes[0],
    )


def run_mixed_load(host, port, paths, seconds, connections, script_path) -> LoadResult:
    """Load spread over several URLs: a wrk Lua script cycling through them, or the Python client."""
    if shutil.which("wrk"):
        lines = ",\n".join(f'  "{path}"' for path in paths)
        script_path.write_text(
            f"paths = {{\n{lines}\n}}\ncounter = 0\n"
            "request = function()\n  counter = counter + 1\n"
            "  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n"
        )
        return _wrk(host, port, paths[0], seconds, connections, str(script_path))
    return _python_client(host, port, paths, seconds, connections)
