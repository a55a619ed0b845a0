"""Print, as JSON, the URL, status, size and SQL query count of each benchmark target.

Runs inside the benchmark's Django settings with the page cache off; each URL is requested once to
warm the process, then measured. Also writes a copy of the article's HTML among the static files.
"""

import json
import sys

import django


def main():
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.site import copy_as_static
    from blog.models import ArticlePage, Category

    articles = ArticlePage.objects.live().filter(slug__startswith="bench-").order_by("pk")
    article = articles[articles.count() // 2]
    category = Category.objects.exclude(slug=Category.UNCATEGORIZED_SLUG).order_by("name").first()
    targets = {
        "article": article.url,
        "blog index": "/blog/",
        "category archive": f"/blog/category/{category.slug}/",
        "search": "/search/?q=pain+relief",
    }
    client = Client(HTTP_HOST="127.0.0.1")
    report = {}
    for name, url in targets.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        report[name] = {
            "url": url,
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(queries.captured_queries),
        }
        if name == "article":
            report["static file"] = {"url": copy_as_static(response.content), "status": 200, "queries": 0}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
