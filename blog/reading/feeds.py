"""RSS 2.0 and Atom feeds of a blog index's newest articles, all of them or one category's.

BlogIndexPage's routes serve them (``feed/``, ``feed/atom/``, ``category/<slug>/feed/``…), so a feed
lives beside the listing it mirrors. The route finds the category and the clinic's name, so this
module needs no model of its own.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags

from clinic_site.page_cache import PAGE_LIST, category_articles_tag, depends_on, shows

FEED_LENGTH = 20


@dataclass(frozen=True)
class FeedLink:
    """What a page's ``<link rel="alternate">`` says about one feed."""

    title: str
    href: str
    type: str


def feed_links(title, rss_url, atom_url):
    return [
        FeedLink(f"{title} (RSS)", rss_url, "application/rss+xml"),
        FeedLink(f"{title} (Atom)", atom_url, "application/atom+xml"),
    ]


@dataclass(frozen=True)
class FeedSource:
    blog_index: object
    category: object
    clinic_name: str


class ArticleRssFeed(Feed):
    """Built afresh for each request by the blog index's route, so it may keep that request."""

    feed_type = Rss201rev2Feed
    route_name = "feed"
    category_route_name = "category_feed"

    def get_object(self, request, blog_index, clinic_name, category=None):
        self.request = request
        return FeedSource(blog_index, category, clinic_name)

    def title(self, source):
        parts = [source.category.name] if source.category else []
        return " – ".join([*parts, source.blog_index.title, source.clinic_name])

    def link(self, source):
        if source.category:
            return source.blog_index.full_subpage_url("category", self.request, slug=source.category.slug)
        return source.blog_index.get_full_url(self.request)

    def feed_url(self, source):
        if source.category:
            route, kwargs = self.category_route_name, {"slug": source.category.slug}
        else:
            route, kwargs = self.route_name, {}
        return source.blog_index.full_subpage_url(route, self.request, **kwargs)

    def description(self, source):
        if source.category and source.category.description:
            return source.category.description
        blog_index = source.blog_index
        return (
            blog_index.search_description
            or strip_tags(blog_index.intro).strip()
            or f"Patient education articles from {source.clinic_name}."
        )

    def author_name(self, source):
        return source.clinic_name

    def items(self, source):
        articles = source.blog_index.articles()
        if source.category:
            depends_on(category_articles_tag(source.category.pk))
            articles = articles.filter(categories=source.category)
        else:
            depends_on(PAGE_LIST)
        items = list(
            articles.defer_streamfields()
            .select_related("author")
            .prefetch_related("categories")[:FEED_LENGTH]
        )
        shows(
            source.blog_index,
            source.category,
            *items,
            *(article.author for article in items),
            *(category for article in items for category in article.categories.all()),
        )
        return items

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_pubdate(self, article):
        return article.publication_date

    def item_updateddate(self, article):
        return article.last_published_at or article.publication_date

    def item_author_name(self, article):
        return article.author.name if article.author else None

    def item_categories(self, article):
        return [category.name for category in article.categories.all()]


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = Atom1Feed
    route_name = "atom_feed"
    category_route_name = "category_atom_feed"

    def subtitle(self, source):
        return self.description(source)
