"""Factories for the clinic's models: every test builds its data through these."""

from datetime import time, timedelta

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Collection
from wagtail.rich_text import RichText

from blog.models import (
    ArticlePage,
    BlogIndexPage,
    Category,
    ContentPage,
    HomePage,
    Location,
    LocationsPage,
    Person,
    PhoneContact,
    TeamIndexPage,
    approve_revision,
)


class CategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda obj: obj.name.lower().replace(" ", "-"))

    class Meta:
        model = Category
        django_get_or_create = ("slug",)


class PhoneContactFactory(DjangoModelFactory):
    label = factory.Sequence(lambda n: f"Line {n}")
    team_name = "Twin Cities Pain Clinic"
    phone_number = factory.Sequence(lambda n: f"+1952841{2345 + n:04d}")
    call_to_action = "to talk to a member of the Twin Cities Pain Clinic team."

    class Meta:
        model = PhoneContact


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Dr. Person {n}")
    credentials = "MD"
    role = "Pain medicine physician"

    class Meta:
        model = Person


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Photo {n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)


def image_block(image, alt_text="A clinician talks with a patient.", caption=""):
    return ("image", {"image": image, "alt_text": alt_text, "caption": caption})


class LocationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Clinic {n}")
    address_line_1 = "6545 France Avenue South"
    address_line_2 = "Suite 350"
    city = "Edina"
    region = "MN"
    postcode = "55435"
    opening_hours = factory.LazyFunction(
        lambda: [
            (
                "hours",
                {
                    "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
                    "opens": time(8),
                    "closes": time(17),
                },
            ),
            ("hours", {"days": ["Saturday"], "opens": time(9), "closes": time(12)}),
        ]
    )
    map_url = "https://www.openstreetmap.org/search?query=Edina"

    class Meta:
        model = Location


class LocationsPageFactory(wagtail_factories.PageFactory):
    title = "Locations & hours"
    slug = "locations"

    class Meta:
        model = LocationsPage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = "Privacy notice"
    slug = factory.LazyAttribute(lambda obj: obj.title.lower().replace(" ", "-"))

    class Meta:
        model = ContentPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Twin Cities Pain Clinic"
    slug = "clinic-home"

    class Meta:
        model = HomePage


def featured_section(articles, heading="Featured articles"):
    return ("featured_articles", {"heading": heading, "articles": list(articles)})


def topics_section(categories=(), heading="Health topics"):
    return ("topics", {"heading": heading, "categories": list(categories)})


def team_section(people, heading="Our team"):
    return ("team", {"heading": heading, "people": list(people)})


def locations_section(locations=(), heading="Locations & hours"):
    return ("locations", {"heading": heading, "locations": list(locations)})


def publish_home_sections(home, *sections, intro=""):
    """The home page with these sections (``featured_section``…) and intro, published as staff would."""
    home.intro = intro
    home.sections = list(sections)
    home.save_revision().publish()
    return home


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Patient education blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class TeamIndexPageFactory(wagtail_factories.PageFactory):
    title = "Our team"
    slug = "team"

    class Meta:
        model = TeamIndexPage


def paragraph(html="<p>Gentle exercise and good sleep help many people with chronic pain.</p>"):
    return ("paragraph", RichText(html))


def foreign_language_text(language, html):
    """A body block of text in another language, e.g. ``foreign_language_text("es", "<p>Hola.</p>")``."""
    return ("foreign_language_text", {"language": language, "text": RichText(html)})


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Living well with back pain, part {n}")
    summary = "How daily habits can ease chronic back pain."
    body = factory.LazyFunction(lambda: [paragraph()])
    first_published_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=1000 - n))
    last_published_at = factory.SelfAttribute("first_published_at")

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if extracted is not None:
            self.categories.set(extracted)
            if create:
                self.save()

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)
            if create:
                self.save()


def phone_block(contact, lead_in="Questions? Please call"):
    return ("phone_contact", {"lead_in": lead_in, "contact": contact, "trailing_text": ""})


def reference(title="Chronic pain management guidelines", source="A journal", year=2023):
    return ("reference", {"title": title, "source": source, "year": year, "url": "https://example.org/"})


def realistic_article(parent, phone_contact, **kwargs):
    """An article as the clinic publishes them: an author with a photo, approved in clinical review by a
    reviewer with a photo (both on the team page), a featured image, an image block, a phone block,
    references, a category and tags. What query ceilings are measured on."""
    article = ArticlePageFactory(
        parent=parent,
        featured_image=ImageFactory(),
        featured_image_alt_text="A physiotherapist stretching a patient's neck",
        author=PersonFactory(photo=ImageFactory(), photo_alt_text="The author", show_on_team_page=True),
        body=[paragraph(), image_block(ImageFactory()), paragraph(), phone_block(phone_contact)],
        references=[reference(), reference(title="Sleep and pain", year=2021)],
        categories=kwargs.pop("categories", None) or [CategoryFactory(name="Injections", slug="injections")],
        tags=kwargs.pop("tags", ["botox", "neck pain"]),
        **kwargs,
    )
    reviewer = PersonFactory(photo=ImageFactory(), photo_alt_text="The reviewer", show_on_team_page=True)
    return approve_and_publish(article, reviewer)


class UserFactory(DjangoModelFactory):
    """A staff account; ``UserFactory(groups=["Authors"])`` puts it in the named groups."""

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"Staff{n}")
    last_name = "Member"
    email = factory.LazyAttribute(lambda user: f"{user.username}@clinic-blog.invalid")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


def make_site_tree():
    """Home page as the default site's root with a blog index under it, as load_demo_content leaves them."""
    from wagtail.models import Page, Site

    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost", "port": 80}
    )
    return home, BlogIndexPageFactory(parent=home)


def import_seed_article():
    """The demo article, imported with the command staff use; a blog index must exist already."""
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    demo_content = Path(__file__).resolve().parents[1] / "blog" / "demo_content"
    call_command(
        "import_article", str(demo_content / "how-botox-can-help-in-pain-management.txt"), stdout=StringIO()
    )
    return ArticlePage.objects.get(slug="how-botox-can-help-in-pain-management")


def publish_changes(article, **changes):
    """Edit a live article and publish a new revision of it, as an editor does in the admin."""
    article = ArticlePage.objects.get(pk=article.pk)
    for name, value in changes.items():
        if name == "tags":
            article.tags.set(value, clear=True)
        else:
            setattr(article, name, value)
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def reviewer_account(person=None, username=None):
    """A Clinical reviewers account, linked to ``person`` when given (the person its approvals credit)."""
    from blog.editorial.roles import CLINICAL_REVIEWERS

    user = UserFactory(**({"username": username} if username else {}), groups=[CLINICAL_REVIEWERS])
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def approve_and_publish(article, reviewer, approved_at=None, **changes):
    """Save the article's current version with ``changes``, have ``reviewer`` approve it and publish it.

    It goes through the approval function the Clinical review workflow uses, so the same rules apply.
    ``reviewer`` is a user, or a Person who gets a reviewer account; ``approved_at`` backdates the approval.
    """
    if isinstance(reviewer, Person):
        reviewer = reviewer.user or reviewer_account(reviewer)
    article = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(article, name, value)
    revision = article.save_revision()
    approval = approve_revision(revision, reviewer)
    if approved_at is not None:
        approval.approved_at = approved_at
        approval.save(update_fields=["approved_at"])
    revision.publish()
    return ArticlePage.objects.get(pk=article.pk)
