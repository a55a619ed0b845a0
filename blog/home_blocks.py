"""The home page's sections, chosen and ordered by staff: featured articles, topics, the team, locations.

Each chooser loads every item of its kind across the whole stream in one query (StreamField's
``bulk_to_python``), with what its section shows of each item, so a section costs no query per item.
Each section declares to the page cache what it shows when it renders.
"""

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from blog.models.locations import LOCATIONS_LIST_TAG, listed_locations
from blog.models.pages import (
    categories_with_live_article_counts,
    for_listing,
    live_articles,
    show_listed,
)
from blog.models.snippets import Category
from blog.models.team import TeamIndexPage
from blog.reading.card_images import load_card_renditions
from blog.reading.visibility import outside_private_sections
from clinic_site.page_cache import PAGE_LIST, URL_SPACE, depends_on, shows


def in_chosen_order(objects_by_pk, pks):
    return [objects_by_pk.get(pk) for pk in pks]


class ArticleChooserBlock(blocks.PageChooserBlock):
    """An article, loaded with what a listing card shows and whether readers may see it now."""

    def bulk_to_python(self, values):
        articles = for_listing(self.model_class.objects.filter(pk__in=values)).annotate(
            is_public=outside_private_sections()
        )
        articles = list(articles)
        load_card_renditions(articles)
        return in_chosen_order({article.pk: article for article in articles}, values)


class CategoryChooserBlock(SnippetChooserBlock):
    """A category with the number of live articles in it."""

    def bulk_to_python(self, values):
        categories = categories_with_live_article_counts(self.model_class.objects.filter(pk__in=values))
        return in_chosen_order({category.pk: category for category in categories}, values)


class PersonChooserBlock(SnippetChooserBlock):
    def bulk_to_python(self, values):
        people = self.model_class.objects.filter(pk__in=values).select_related("photo")
        return in_chosen_order({person.pk: person for person in people}, values)


class LocationChooserBlock(SnippetChooserBlock):
    def bulk_to_python(self, values):
        locations = self.model_class.objects.filter(pk__in=values).select_related("phone_contact")
        return in_chosen_order({location.pk: location for location in locations}, values)


class FeaturedArticlesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80, default="Featured articles")
    articles = blocks.ListBlock(ArticleChooserBlock(page_type="blog.ArticlePage"), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "blog/blocks/featured_articles_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        chosen = [article for article in value["articles"] if article is not None]
        # A preview renders the editor's form, whose articles come without the public check.
        unchecked = [article.pk for article in chosen if not hasattr(article, "is_public")]
        public = set()
        if unchecked:
            public = set(live_articles().filter(pk__in=unchecked).values_list("pk", flat=True))
        articles = [
            article
            for article in chosen
            if article.live and (article.pk in public or getattr(article, "is_public", False))
        ]
        # Publishing or unpublishing a chosen article changes the list (PAGE_LIST); editing one, its card.
        depends_on(PAGE_LIST)
        show_listed(articles)
        context["articles"] = articles
        return context


class TopicsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80, default="Health topics")
    categories = blocks.ListBlock(
        CategoryChooserBlock("blog.Category"), min_num=0, help_text="Leave empty to list every topic."
    )

    class Meta:
        icon = "tag"
        template = "blog/blocks/topics_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        categories = [category for category in value["categories"] if category is not None]
        if not value["categories"]:
            categories = list(categories_with_live_article_counts(Category.objects.all()))
            depends_on(URL_SPACE)  # a new category is a new archive, and a new topic in the list
        # The counts change whenever an article is published or unpublished.
        depends_on(PAGE_LIST)
        shows(*categories)
        context["categories"] = [category for category in categories if not category.is_uncategorized]
        return context


class TeamBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80, default="Our team")
    people = blocks.ListBlock(PersonChooserBlock("blog.Person"), min_num=1)

    class Meta:
        icon = "group"
        template = "blog/blocks/team_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        people = [person for person in value["people"] if person is not None]
        shows(*people, *(person.photo for person in people))
        context["people"] = people
        context["members"] = [(person, team_page_url(parent_context, person)) for person in people]
        return context


def team_page_url(parent_context, person):
    """The address of ``person``'s team page, if they are shown there."""
    request = (parent_context or {}).get("request")
    if request is None or not person.show_on_team_page:
        return None
    team_page = TeamIndexPage.linked_from(request)
    return team_page.get_url(request) + TeamIndexPage.person_path(person) if team_page is not None else None


class LocationsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80, default="Locations & hours")
    locations = blocks.ListBlock(
        LocationChooserBlock("blog.Location"), min_num=0, help_text="Leave empty to list every location."
    )

    class Meta:
        icon = "site"
        template = "blog/blocks/locations_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        if value["locations"]:
            locations = [location for location in value["locations"] if location is not None]
            depends_on(LOCATIONS_LIST_TAG)
            shows(*(location.phone_contact for location in locations))
        else:
            locations = listed_locations()
        context["locations"] = locations
        return context


class HomeSectionsBlock(blocks.StreamBlock):
    featured_articles = FeaturedArticlesBlock()
    topics = TopicsBlock()
    team = TeamBlock()
    locations = LocationsBlock()
