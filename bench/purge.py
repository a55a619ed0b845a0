"""Exact purging against purging everything: how much of a warm page cache survives each publish.

On a site of BENCH_ARTICLES (1,000) seeded articles, every public page is rendered once through the
page cache (each article, every page of the blog index, each category archive, the home page, the
feeds and the sitemap) and the tags each cached page recorded are kept. Then BENCH_PUBLISHES edits of
randomly chosen articles and new articles are published, as editors do, and for each the purge it
sent is applied to those tags: the pages it makes stale must be rendered again, all the others are
still served from the cache. Purge-everything makes every cached page stale at each publish.

In process, on its own SQLite database under var/bench/ and the local-memory cache; nothing listens.
Run with ``make bench-purge``; prints the numbers docs/performance.md quotes.
"""

import os
import random
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATABASE = BASE_DIR / "var" / "bench" / "purge.sqlite3"


def configure():
    os.environ["DJANGO_SETTINGS_MODULE"] = "clinic_site.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
    os.environ.pop("REDIS_URL", None)  # the local-memory cache: one process, nothing shared
    os.environ["PAGE_CACHE_SECONDS"] = "600"


def main():
    configure()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from blog.models import ArticlePage, BlogIndexPage, Category
    from clinic_site.page_cache import purging, store

    settings.DEBUG = False  # no query log growing through thousands of renders
    articles_wanted = int(os.environ.get("BENCH_ARTICLES", "1000"))
    publishes = int(os.environ.get("BENCH_PUBLISHES", "50"))

    if os.environ.get("BENCH_REUSE_DB") != "1":
        DATABASE.parent.mkdir(parents=True, exist_ok=True)
        DATABASE.unlink(missing_ok=True)
        call_command("migrate", "--no-input", verbosity=0)
        call_command("load_demo_content", hostname="127.0.0.1", port=80, stdout=StringIO())
        call_command("seed_articles", count=articles_wanted, prefix="bench", stdout=StringIO())

    blog_index = BlogIndexPage.objects.live().first()
    articles = list(blog_index.articles())
    pages_of_index = -(-len(articles) // 10)
    urls = [article.url for article in articles]
    urls += ["/", "/blog/feed/", "/blog/feed/atom/", "/sitemap.xml"]
    urls += [f"/blog/?page={number}" for number in range(2, pages_of_index + 1)] + ["/blog/"]
    urls += [f"/blog/category/{slug}/" for slug in Category.objects.values_list("slug", flat=True)]

    # Which tags each cached page recorded, as the store keeps them.
    recorded = {}
    store_response = store.store

    def recording_store(key, response, tags, sequence_at_start, timeout):
        recorded[key] = store.coarsen(tags)
        return store_response(key, response, tags, sequence_at_start, timeout)

    store.store = recording_store
    client = Client(HTTP_HOST="127.0.0.1")
    started = time.monotonic()
    for url in urls:
        client.get(url)
    warm_seconds = time.monotonic() - started
    store.store = store_response
    cached = {key: tags for key, tags in recorded.items()}
    print(f"{len(articles)} articles; {len(cached)} pages cached in {warm_seconds:.0f} s")

    purged = []
    purging.purge = lambda tags: purged.append(set(tags))
    purging.purge_everything = lambda: purged.append({store.EVERYTHING})

    rng = random.Random(12)
    stale_per_publish = []
    still_fresh = set(cached)
    for number in range(publishes):
        purged.clear()
        with transaction.atomic():
            if number % 5 == 4:  # one publish in five is a new article
                article = ArticlePage(
                    title=f"Purge benchmark article {number}",
                    slug=f"purge-benchmark-{number}",
                    summary="A new article.",
                    body=articles[0].body.raw_data,
                    first_published_at=timezone.now(),
                )
                blog_index.add_child(instance=article)
            else:
                article = ArticlePage.objects.get(pk=rng.choice(articles).pk)
                article.summary = f"{article.summary.rstrip('.')} (edit {number})."
            article.save_revision().publish()
        tags = set().union(*purged)
        tags |= {store.group_of(tag) for tag in tags}
        stale = {key for key, page_tags in cached.items() if page_tags & tags}
        stale_per_publish.append(len(stale))
        still_fresh -= stale

    total = len(cached)
    mean = statistics.mean(stale_per_publish)
    print(f"{publishes} publishes (one in five a new article):")
    print(
        f"  exact purge: {mean:.1f} of {total} cached pages stale per publish on average "
        f"(median {statistics.median(stale_per_publish):.0f}, max {max(stale_per_publish)}); "
        f"{100 * (1 - mean / total):.1f}% still served from the cache after a publish"
    )
    print(
        f"  after all {publishes} publishes with no reader in between: "
        f"{100 * len(still_fresh) / total:.1f}% of the cache still fresh"
    )
    print(
        f"  purge everything: {total} of {total} stale per publish; 0% served from the cache after "
        f"a publish; re-warming costs about {warm_seconds:.0f} s of rendering each time"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
