"""The page types of the site: a home page, the blog index and its articles."""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from blog.blocks import ArticleBodyBlock, ReferenceListBlock
from clinic_site.page_cache import PAGE_LIST, depends_on

from .snippets import Category

ARTICLES_PER_PAGE = 10


def live_articles():
    """Live, public articles newest first by the date patients see on them.

    A page that lists them depends on which articles are live: the page cache purges it on any publish.
    """
    depends_on(PAGE_LIST)
    return (
        ArticlePage.objects.live()
        .public()
        # Lists show titles and summaries; parsing every body's JSON would be most of their cost.
        .defer_streamfields()
        .order_by("-sort_date", "-pk")
    )


def paginate(request, queryset, per_page=ARTICLES_PER_PAGE):
    """Page ``page`` of ``queryset``; anything but a valid page number is a 404, never a 500."""
    raw = request.GET.get("page", "1")
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(raw)
    except (PageNotAnInteger, EmptyPage, ValueError, OverflowError) as error:
        raise Http404("No such page of articles.") from error


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["blog.BlogIndexPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = BlogIndexPage.objects.live().descendant_of(self).first()
        context["latest_articles"] = live_articles().descendant_of(self)[:5]
        return context


class BlogIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["blog.ArticlePage"]
    parent_page_types = ["blog.HomePage", "wagtailcore.Page"]

    def articles(self):
        return live_articles().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("articles_page", paginate(request, self.articles()))
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("blog.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Every article sits in at least one category; an editor who picks none means "Uncategorized".
        if "categories" in self.fields and not cleaned_data.get("categories"):
            cleaned_data["categories"] = Category.objects.filter(pk=Category.objects.uncategorized().pk)
        return cleaned_data


class ArticlePage(Page):
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
    medical_reviewer = models.ForeignKey(
        "blog.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_articles"
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When a clinician last reviewed this article."
    )
    references = StreamField(ReferenceListBlock(), blank=True)
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
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("medical_reviewer"), FieldPanel("last_reviewed")],
            heading="Authorship and clinical review",
        ),
        FieldPanel("references"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldPanel("categories", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading="Categories and tags",
        ),
        FieldPanel("display_date"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]

    class Meta:
        indexes = [models.Index(fields=["-sort_date", "-page_ptr"], name="article_newest_first")]

    def save(self, *args, **kwargs):
        self.sort_date = self.display_date or self.first_published_at
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"display_date", "first_published_at"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_date"}
        return super().save(*args, **kwargs)

    @property
    def publication_date(self):
        return self.display_date or self.first_published_at or self.go_live_at

    @property
    def shown_categories(self):
        """The article's categories, or "Uncategorized" for one saved without any."""
        categories = list(self.categories.all())
        return categories or [Category.objects.uncategorized()]
