"""The blog's page types: the blog index and its articles."""

from datetime import timedelta
from typing import NamedTuple

from django import forms
from django.db import models
from django.db.models import Case, Count, Max, OuterRef, Subquery, When, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.text import get_text_list

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.coreutils import resolve_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from blog.blocks import ArticleBodyBlock, ReferenceListBlock
from blog.editorial.article_form import ArticlePageForm
from blog.editorial.panels import ClinicalReviewPanel, ReadingGradePanel
from blog.editorial.publishing import BlogPagePermissionTester
from blog.reading.article_parts import article_parts
from blog.reading.breadcrumbs import breadcrumb_trail
from blog.reading.card_images import with_card_images
from blog.reading.feeds import ArticleAtomFeed, ArticleRssFeed, feed_links
from blog.reading.kept_cards import kept_cards
from blog.reading.pagination import canonical_page_url, paginate, requested_page_number
from blog.reading.reading_time import reading_minutes
from blog.reading.routing import RoutesToChildrenOfOneType
from blog.reading.share_image import share_image
from blog.reading.structured_data import article_graph
from blog.reading.visibility import ViewRestrictionsInOneQuery, outside_private_sections
from clinic_site.page_cache import (
    PAGE_LIST,
    category_articles_tag,
    depends_on,
    shows,
    shows_references,
    tag_articles_tag,
)
from clinic_site.page_cache.lookups import cached_lookup

from .clinic_settings import ClinicSettings
from .clinical_review import ClinicalApproval
from .snippets import Category

# Republishing to fix a typo the same day is not an update worth announcing to readers.
MIN_UPDATE_GAP = timedelta(days=1)


def live_articles(children_of=None):
    """Live articles public to anonymous readers, newest first by the date patients see on them;
    ``children_of`` a page: only its children, whose shared ancestry is then checked once."""
    articles = ArticlePage.objects.live()
    if children_of is not None:
        articles = articles.child_of(children_of)
    return articles.filter(outside_private_sections(parent=children_of)).order_by("-sort_date", "-pk")


def for_listing(articles):
    """What a listing shows of each article (title, date, summary, categories, picture) in fixed queries;
    the pictures' renditions come from ``load_card_renditions`` once the list is in memory."""
    return with_card_images(articles.defer_streamfields().prefetch_related("categories"))


def articles_on_page(articles, articles_page):
    """The articles on ``articles_page`` of ``articles`` (a queryset in its listing order), with what a
    listing shows.

    The database orders the articles' ids alone and loads the page's articles by them, in one query:
    SQLite reads these lists from the page table and sorts every live article, and sorting whole rows
    took about four times as long as sorting ids (4-5 ms at 1,000 articles).
    """
    if not articles_page.paginator.count:
        return []
    ids = articles.values_list("pk", flat=True)[articles_page.start_index() - 1 : articles_page.end_index()]
    return list(for_listing(ArticlePage.objects.filter(pk__in=ids)).order_by(*articles.query.order_by))


def show_listed(articles):
    """Declare to the page cache the articles a listing shows, and the categories and pictures on them."""
    articles = list(articles)
    shows(
        *articles,
        *(category for article in articles for category in article.categories.all()),
        *(article.featured_image for article in articles if article.featured_image_id),
    )


class TeamPageLink(NamedTuple):
    url: str
    full_url: str


def team_page_links(request, people):
    """{person pk: TeamPageLink} for those of ``people`` who are shown on the team page."""
    shown = [person for person in people if person is not None and person.show_on_team_page]
    if not shown:
        return {}
    # By label, as page types name their parents: the team page lists articles, so its module imports
    # this one.
    team_index = resolve_model_string("blog.TeamIndexPage")
    team_page = team_index.linked_from(request)
    if team_page is None:
        return {}
    url, full_url = team_page.get_url(request), team_page.get_full_url(request)
    return {
        person.pk: TeamPageLink(
            url + team_index.person_path(person), full_url + team_index.person_path(person)
        )
        for person in shown
    }


def categories_with_live_article_counts(categories, articles=None):
    """``categories`` each with ``live_article_count``, the live public articles in it (of ``articles``,
    every live public article by default), in the same query."""
    counts = (
        (live_articles() if articles is None else articles)
        .filter(categories=OuterRef("pk"))
        .order_by()
        .values("categories")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return categories.annotate(live_article_count=Coalesce(Subquery(counts), 0))


def max_date(*dates):
    return max((date for date in dates if date is not None), default=None)


class BlogIndexPage(ViewRestrictionsInOneQuery, RoutablePageMixin, RoutesToChildrenOfOneType, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["blog.ArticlePage"]
    parent_page_types = ["blog.HomePage", "wagtailcore.Page"]

    def routed_children(self):
        # An article shows its featured image, its author and its live revision's clinical approval, each
        # with a photo, and its categories and tags (which get_context would otherwise load).
        return (
            ArticlePage.objects.select_related(
                "featured_image", "author__photo", "live_revision__clinical_approval__reviewer__photo"
            )
            .defer("live_revision__content")
            .prefetch_related("categories", "tags")
        )

    @classmethod
    def for_request(cls, request):
        """The blog index the header menu's "Topics" opens, loaded with the clinic settings (so a page pays
        no query for it); else the live, public blog index of the request's site (of any site if none
        matches), or None."""
        if request is not None:
            chosen = ClinicSettings.for_request(request).topics_page
            if chosen is not None and chosen.live and chosen.specific_class is cls:
                # Its address, title and routes are all the callers use: nothing more is read.
                return chosen.specific_deferred
        site = Site.find_for_request(request) if request is not None else None
        blog_indexes = cls.objects.live().filter(outside_private_sections())
        return (blog_indexes.in_site(site) if site else blog_indexes).first()

    def articles(self):
        return live_articles(children_of=self)

    def permissions_for_user(self, user):
        return BlogPagePermissionTester(user, self, blog_index_path=self.path)

    def full_subpage_url(self, route_name, request=None, **kwargs):
        """Full address of one of this page's routes: an archive, a feed."""
        return self.get_full_url(request) + self.reverse_subpage(route_name, kwargs=kwargs)

    def render_listing(
        self, request, list_tag, articles, listing_url, template=None, empty_is_404=False, **context
    ):
        """A page of ``articles()`` (a queryset, built only when the list is not kept) as cards.

        The count and the rendered cards are kept in the shared look-ups under the list's own tag
        (``list_tag``: purged by any change to which articles it holds, or their order) and the tags of
        what the cards show; the page's number alone comes from the request."""
        # Counting every live article for "Page N of M" grows with the blog (8-13 ms at 10,000 on
        # PostgreSQL); the count changes only when the list's own tag is purged.
        count = cached_lookup(
            f"article-count:{self.pk}:{list_tag}",
            models=(),
            load=lambda: articles().count(),
            tags_of=lambda _: [list_tag],
        )
        articles_page = paginate(request, range(count), count=count)
        if empty_is_404 and count == 0:
            raise Http404("Nothing to list here.")
        depends_on(list_tag)
        cards = kept_cards(
            f"article-cards:{self.pk}:{list_tag}:{articles_page.number}",
            request,
            load_articles=lambda: articles_on_page(articles(), articles_page),
            blog_index=self,
            list_tags=[list_tag],
            heading_level=3 if context.get("featured_article") else 2,
        )
        context.update(
            articles_page=articles_page,
            article_cards=cards,
            canonical_url=canonical_page_url(listing_url, articles_page),
        )
        return self.render(request, template=template, context_overrides=context)

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render_listing(request, PAGE_LIST, self.articles, self.get_full_url(request))

    def topics(self):
        """The categories with live public articles here, each with their number, in one query.

        "Uncategorized" is where articles without a topic fall, not a topic to offer patients."""
        categories = Category.objects.exclude(slug=Category.UNCATEGORIZED_SLUG)
        return (
            categories_with_live_article_counts(categories, self.articles())
            .filter(live_article_count__gt=0)
            .select_related("image")
            .order_by("name")
        )

    @path("topics/", name="topics")
    def topics_listing(self, request):
        categories = list(self.topics())
        depends_on(PAGE_LIST)  # the counts, and which categories have articles
        shows(*categories, *(category.image for category in categories))
        return self.render(
            request,
            template="blog/topics.html",
            context_overrides={
                "categories": categories,
                "canonical_url": self.full_subpage_url("topics", request),
            },
        )

    def featured_article(self, category):
        """What opens the category's archive: the article chosen for it while it is live here and still in
        the category, else the newest; None for a category of one article, which featuring would only
        show twice."""
        articles = self.articles().filter(categories=category)
        if category.featured_article_id:
            chosen_first = Case(When(pk=category.featured_article_id, then=0), default=1)
            articles = articles.order_by(chosen_first, "-sort_date", "-pk")
        candidates = list(articles.defer_streamfields().select_related("featured_image")[:2])
        return candidates[0] if len(candidates) == 2 else None

    # re_path with \w: tag slugs keep non-ASCII letters (taggit's default), which <slug:> would refuse.
    @re_path(r"^category/(?P<slug>[-\w]+)/$", name="category")
    def category_archive(self, request, slug):
        category = get_object_or_404(Category.objects.select_related("image"), slug=slug)
        featured = None
        if requested_page_number(request) in (None, 1):
            featured = self.featured_article(category)
        shows(category, category.image, featured, featured and featured.featured_image)
        return self.render_listing(
            request,
            category_articles_tag(category.pk),
            lambda: self.articles().filter(categories=category),
            self.full_subpage_url("category", request, slug=slug),
            template="blog/archive.html",
            category=category,
            featured_article=featured,
            category_feeds=self.category_feed_links(category, request),
        )

    @re_path(r"^tag/(?P<slug>[-\w]+)/$", name="tag")
    def tag_archive(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        # Tags are free text shared by every model: one that no live article here carries has no archive.
        shows(tag)
        return self.render_listing(
            request,
            tag_articles_tag(tag.pk),
            lambda: self.articles().filter(tagged_items__tag=tag),
            self.full_subpage_url("tag", request, slug=slug),
            template="blog/archive.html",
            empty_is_404=True,
            tag=tag,
        )

    def serve_feed(self, request, feed_class, category_slug=None):
        category = get_object_or_404(Category, slug=category_slug) if category_slug is not None else None
        clinic_name = ClinicSettings.for_request(request).clinic_name
        return feed_class()(request, blog_index=self, clinic_name=clinic_name, category=category)

    @path("feed/", name="feed")
    def rss_feed(self, request):
        return self.serve_feed(request, ArticleRssFeed)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return self.serve_feed(request, ArticleAtomFeed)

    @re_path(r"^category/(?P<slug>[-\w]+)/feed/$", name="category_feed")
    def category_rss_feed(self, request, slug):
        return self.serve_feed(request, ArticleRssFeed, slug)

    @re_path(r"^category/(?P<slug>[-\w]+)/feed/atom/$", name="category_atom_feed")
    def category_atom_feed(self, request, slug):
        return self.serve_feed(request, ArticleAtomFeed, slug)

    def feed_links(self, request=None):
        return feed_links(
            self.title, self.full_subpage_url("feed", request), self.full_subpage_url("atom_feed", request)
        )

    def category_feed_links(self, category, request=None):
        return feed_links(
            f"{category.name} – {self.title}",
            self.full_subpage_url("category_feed", request, slug=category.slug),
            self.full_subpage_url("category_atom_feed", request, slug=category.slug),
        )

    def get_sitemap_urls(self, request=None):
        """The index, its topics, then every category and tag archive that lists a live public article, with
        lastmod."""
        depends_on(PAGE_LIST)
        article_ids = self.articles().values("pk")
        newest = self.articles().aggregate(newest=Max("last_published_at"))["newest"]
        urls = [
            {"location": self.get_full_url(request), "lastmod": max_date(self.last_published_at, newest)},
            {"location": self.full_subpage_url("topics", request), "lastmod": newest},
        ]
        categories = (
            Category.objects.filter(articles__in=article_ids)
            .annotate(lastmod=Max("articles__last_published_at"))
            .order_by("slug")
        )
        shows(*categories)
        urls += [
            {
                "location": self.full_subpage_url("category", request, slug=category.slug),
                "lastmod": category.lastmod,
            }
            for category in categories
        ]
        tags = (
            Tag.objects.filter(blog_articlepagetag_items__content_object__in=article_ids)
            .annotate(lastmod=Max("blog_articlepagetag_items__content_object__last_published_at"))
            .order_by("slug")
        )
        shows(*tags)
        urls += [
            {"location": self.full_subpage_url("tag", request, slug=tag.slug), "lastmod": tag.lastmod}
            for tag in tags
        ]
        return urls


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(ViewRestrictionsInOneQuery, Page):
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain sentences for listings and search engines (≤ 300 characters).",
    )
    body = StreamField(ArticleBodyBlock())
    categories = ParentalManyToManyField(
        "blog.Category",
        blank=True,
        related_name="articles",
        help_text="Leave empty for “Uncategorized”.",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    display_date = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Shown as the publication date instead of when it was first published.",
    )
    author = models.ForeignKey(
        "blog.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="authored_articles"
    )
    references = StreamField(ReferenceListBlock(), blank=True)
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown above the article and when it is shared.",
    )
    # Per article, as for an image block: the same picture may need different words in another article.
    featured_image_alt_text = models.CharField(
        max_length=250,
        blank=True,
        help_text="Describe the image for people who can't see it; leave empty if it is only decorative.",
    )
    # display_date or else first_published_at, kept in a column of its own so that an index can
    # serve "newest first" without sorting every article (see save()).
    sort_date = models.DateTimeField(null=True, editable=False)
    # The post ID on the clinic's old WordPress site, so a second import updates instead of duplicating.
    wordpress_id = models.PositiveIntegerField(null=True, blank=True, unique=True, editable=False)

    base_form_class = ArticlePageForm
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary", widget=forms.Textarea(attrs={"rows": 3})),
        MultiFieldPanel(
            [FieldPanel("featured_image"), FieldPanel("featured_image_alt_text")],
            heading="Featured image",
        ),
        FieldPanel("body"),
        # Beside the body: choosing the topics is part of writing the article, not of promoting it.
        MultiFieldPanel(
            [FieldPanel("categories", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading="Categories and tags",
        ),
        ReadingGradePanel(heading="Readability"),
        MultiFieldPanel(
            [FieldPanel("author"), ClinicalReviewPanel()],
            heading="Authorship and clinical review",
        ),
        FieldPanel("references"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("display_date")]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
        index.FilterField("sort_date"),
    ]

    class Meta:
        indexes = [models.Index(fields=["-sort_date", "-page_ptr"], name="article_newest_first")]

    def save(self, *args, **kwargs):
        # The reader's date, stored so that an index serves "newest first"; go_live_at is never the
        # fallback here, since an article gets a first_published_at once it is live.
        self.sort_date = self.publication_date
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"display_date", "first_published_at"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_date"}
        return super().save(*args, **kwargs)

    def save_revision(self, *args, overwrite_revision=None, **kwargs):
        # Wagtail's autosave rewrites its user's latest revision in place; a version that went live or
        # was clinically approved must stay as it was read, so a change to it starts a new revision.
        if overwrite_revision is not None and (
            overwrite_revision.pk == self.live_revision_id
            or ClinicalApproval.objects.filter(revision=overwrite_revision).exists()
        ):
            overwrite_revision = None
        return super().save_revision(*args, overwrite_revision=overwrite_revision, **kwargs)

    @property
    def publication_date(self):
        """The date readers see on the article, and by which lists, feeds and previous/next order it:
        the editor's display date, else when it was first published (or is scheduled to be)."""
        return self.display_date or self.first_published_at or self.go_live_at

    def permissions_for_user(self, user):
        # An article's parent is always its blog index (parent_page_types).
        return BlogPagePermissionTester(user, self, blog_index_path=self.path[: -self.steplen])

    @cached_property
    def blog_index(self):
        """The blog index this article sits under, whose archives its categories and tags link to."""
        # A served page already knows its parent from Wagtail's routing; asking again would cost a query.
        parent = self.get_parent()
        if isinstance(parent, BlogIndexPage):
            return parent
        return BlogIndexPage.objects.parent_of(self).first()

    @property
    def updated_date(self):
        """When the article was last republished, if that was a day or more after its publication date."""
        published, republished = self.publication_date, self.last_published_at
        if published and republished and republished - published >= MIN_UPDATE_GAP:
            return republished
        return None

    @property
    def problems_for_publishing(self):
        """Why this version can't be published from the admin, in the editor form's terms; empty if it can.

        A direct publish needs only an author: it carries no review credit, which only an approval in
        Clinical review gives.
        """
        fields = {"author": self.author_id}
        missing = [name for name, value in fields.items() if value is None]
        return [f"has no {get_text_list(missing, 'or')}"] if missing else []

    @cached_property
    def clinical_approval(self):
        """The live revision's clinical approval, the only source of the review credit; None without one.

        Routing to an article (``BlogIndexPage.routed_children``) and ``articles_due_for_review`` load it
        with the page, with its reviewer."""
        revision = self.live_revision
        # A missing reverse one-to-one raises an AttributeError subclass, which getattr turns into None.
        return getattr(revision, "clinical_approval", None) if revision is not None else None

    @cached_property
    def shown_categories(self):
        """The article's categories, or "Uncategorized" for one saved without any."""
        categories = list(self.categories.all())
        return categories or [Category.objects.uncategorized()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk is not None:
            # The template, the related-articles ranking and the JSON-LD all read these; load them once.
            prefetch_related_objects([self], "categories", "tags")
        categories, tags = self.shown_categories, list(self.tags.all())
        # Related articles come from these topics: a publish in any of them may change the list.
        topic_tags = {
            *(category_articles_tag(category.pk) for category in categories if not category.is_uncategorized),
            *(tag_articles_tag(tag.pk) for tag in tags),
        }
        depends_on(*topic_tags)
        approval = self.clinical_approval
        people = (self.author, approval.reviewer if approval else None)
        team_links = team_page_links(request, people)
        shows(
            self,
            self.featured_image,
            *categories,
            *tags,
            *people,
            *(person.photo for person in people if person),
        )
        shows_references(self.body)
        canonical_url = self.get_full_url(request) or request.build_absolute_uri()
        breadcrumbs = breadcrumb_trail(self, request)
        # A preview's topics may exist only in memory; a live article's parts are kept between publishes.
        parts = article_parts(self, request, topic_tags, is_preview=getattr(request, "is_preview", False))
        body, neighbours = parts.body, parts.neighbours
        shows(*(article.featured_image for article in neighbours.related if article.featured_image_id))
        clinic = ClinicSettings.for_request(request)
        image = share_image(
            canonical_url,
            featured=self.featured_image,
            featured_alt=self.featured_image_alt_text,
            body_image=body.share_image,
        )
        if image is None and clinic.default_share_image_id is not None:
            # Shared, never shown on the page: loaded only for an article with no picture of its own.
            default = clinic.default_share_image
            shows(default)
            image = share_image(canonical_url, featured=default, featured_alt=clinic.clinic_name)
        published, updated = self.publication_date, self.updated_date
        context.update(
            canonical_url=canonical_url,
            breadcrumbs=breadcrumbs,
            published_date=published,
            updated_date=updated,
            body_html=body.html,
            reading_minutes=reading_minutes(body.words),
            contents=body.contents,
            related_articles=neighbours.related,
            related_cards=parts.related_cards,
            previous_article=neighbours.previous,
            next_article=neighbours.next,
            share_image=image,
            clinical_approval=self.clinical_approval,
            author_team_page=team_links.get(self.author_id),
            reviewer_team_page=team_links.get(approval.reviewer_id) if approval else None,
            structured_data=article_graph(
                self,
                url=canonical_url,
                description=self.search_description or self.summary,
                breadcrumbs=breadcrumbs,
                categories=categories,
                tags=tags,
                published=published,
                updated=updated,
                clinic=clinic,
                image=image,
                approval=self.clinical_approval,
                team_urls={pk: link.full_url for pk, link in team_links.items()},
            ),
        )
        return context
