"""Time and peak memory of `import_wordpress` on a generated export: prints numbers, asserts nothing.

    .venv/bin/python bench/import_wordpress.py --posts 5000 [--media]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/import_bench .venv/bin/python bench/import_wordpress.py

Each run gets a fresh database with the demo content: a temporary SQLite file, or the PostgreSQL
database named in DATABASE_URL (its name must contain "bench"), which is DROPPED and created again.
The import runs in a child process, which reports its peak resident memory (getrusage ru_maxrss) next
to its memory once Django was loaded: the difference is what the import itself holds. With
``--media`` every image in the export is written as a small JPEG under a media folder first, so each
post also imports an image.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from bench.site import reset_database  # noqa: E402
from tests.wordpress_export_builder import write_large_export  # noqa: E402

# Runs in the child: Django loaded, its memory noted, then the import, then the peak.
CHILD = """
import resource, sys, time, django
from io import StringIO
django.setup()
from django.core.management import call_command
loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
call_command("import_wordpress", *sys.argv[1:], stdout=sys.stdout, stderr=StringIO())
elapsed = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime
print(f"BENCH loaded_kib={loaded} peak_kib={usage.ru_maxrss} seconds={elapsed:.1f} cpu_seconds={cpu:.1f}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--media", action="store_true", help="Give every post's image a file to import.")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wordpress-bench-") as scratch:
        scratch = Path(scratch)
        # Production settings: with DEBUG on, Django would keep the last 9,000 queries in memory.
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
            "DJANGO_MEDIA_ROOT": str(scratch / "site-media"),
        }
        env.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
        env.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
        env.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
        export = write_large_export(scratch / "export.xml", posts=options.posts)
        print(f"export: {options.posts} posts, {export.stat().st_size / 1e6:.1f} MB")
        manage = [sys.executable, "manage.py"]
        if not env["DATABASE_URL"].startswith("sqlite"):
            reset_database({"database_url": env["DATABASE_URL"]})
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=PROJECT, env=env, check=True)
        subprocess.run(
            [*manage, "load_demo_content"], cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        arguments = [str(export)]
        if options.media:
            arguments += ["--media-dir", str(_write_media(scratch / "uploads", options.posts))]

        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", CHILD, *arguments], cwd=PROJECT, env=env, capture_output=True, text=True
        )
        wall = time.perf_counter() - started
        summary = [line for line in result.stdout.splitlines() if not line[:1].isdigit()]
        print("\n".join(summary[-16:]))
        if result.returncode:
            print(result.stderr[-2000:], file=sys.stderr)
            sys.exit(result.returncode)
        fields = dict(item.split("=") for item in summary[-1].split()[1:])
        loaded, peak = int(fields["loaded_kib"]) / 1024, int(fields["peak_kib"]) / 1024
        seconds = float(fields["seconds"])
        print(
            f"peak RSS {peak:.0f} MiB (Django loaded: {loaded:.0f} MiB, import: +{peak - loaded:.0f} MiB); "
            f"import {seconds:.0f} s, {options.posts / seconds:.1f} posts/s "
            f"(CPU time of the whole process {float(fields['cpu_seconds']):.0f} s); process {wall:.0f} s"
        )


def _write_media(folder: Path, posts: int) -> Path:
    import random

    from PIL import Image

    target = folder / "2020" / "01"
    target.mkdir(parents=True)
    for number in range(1, posts + 1):
        # Noise, so no two JPEGs come out byte-identical and every file is a new image.
        pixels = random.Random(number).randbytes(60 * 40 * 3)
        Image.frombytes("RGB", (60, 40), pixels).save(target / f"figure-{number}.jpg")
    return folder


if __name__ == "__main__":
    main()
