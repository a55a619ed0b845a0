"""Write parsed articles into Wagtail: pages, their revisions, categories and phone contacts."""

from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers

from django.conf import settings
from django.utils.text import slugify

from wagtail.rich_text import RichText

from blog.models import ArticlePage, BlogIndexPage, Category, ClinicSettings, PhoneContact

from .article_data import ArticleData, CategoryData, ImageData, PhoneCallData, RichTextData
from .plain_text import summarise


@dataclass(frozen=True)
class WriteResult:
    page: ArticlePage
    created: bool


def phone_contact_for(raw_number: str, team_name: str = "") -> PhoneContact:
    """The contact for this number, created on first sight and reused after, whatever its format."""
    number = phonenumbers.parse(raw_number, settings.PHONENUMBER_DEFAULT_REGION)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    existing = PhoneContact.objects.filter(phone_number=e164).first()
    if existing:
        return existing
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return PhoneContact.objects.create(
        label=f"Phone {national}", team_name=team_name or _clinic_name(), phone_number=e164
    )


def category_for(data: CategoryData) -> Category:
    slug = data.slug or slugify(data.name)
    category = Category.objects.filter(slug=slug).first() or Category.objects.filter(name=data.name).first()
    return category or Category.objects.create(name=data.name, slug=slug)


class ArticleWriter:
    """Creates or updates articles under one blog index, matched by WordPress ID or else by slug."""

    def __init__(self, blog_index: BlogIndexPage, image_for: Callable[[ImageData], object] | None = None):
        self.blog_index = blog_index
        self.image_for = image_for

    def write(self, data: ArticleData, publish: bool = True) -> WriteResult:
        page = self._existing_page(data)
        created = page is None
        if created:
            page = ArticlePage(title=data.title, slug=self._slug(data))
        page.title = data.title
        page.summary = data.summary or summarise(data.title)
        page.body = [item for item in map(self._stream_item, data.body) if item is not None]
        page.categories = [category_for(category) for category in data.categories] or [
            Category.objects.uncategorized()
        ]
        page.tags.set(data.tags, clear=True)
        if data.wordpress_id is not None:
            page.wordpress_id = data.wordpress_id
        if created:
            self.blog_index.add_child(instance=page)
        revision = page.save_revision(clean=True)
        if publish:
            revision.publish()
        return WriteResult(page=page, created=created)

    def _existing_page(self, data: ArticleData):
        pages = ArticlePage.objects.child_of(self.blog_index)
        if data.wordpress_id is not None:
            found = ArticlePage.objects.filter(wordpress_id=data.wordpress_id).first()
            if found:
                return found
        return pages.filter(slug=self._slug(data)).first()

    @staticmethod
    def _slug(data: ArticleData) -> str:
        return data.slug or slugify(data.title)[:255]

    def _stream_item(self, block):
        if isinstance(block, RichTextData):
            return ("paragraph", RichText(block.html))
        if isinstance(block, PhoneCallData):
            contact = phone_contact_for(block.phone_number)
            return (
                "phone_contact",
                {"lead_in": block.lead_in, "contact": contact, "trailing_text": block.trailing_text},
            )
        if isinstance(block, ImageData):
            image = self.image_for(block) if self.image_for else None
            if image is None:
                return None
            return ("image", {"image": image, "alt_text": block.alt, "caption": block.caption})
        raise TypeError(f"Unknown body block {block!r}")


def _clinic_name() -> str:
    settings_row = ClinicSettings.objects.first()
    return settings_row.clinic_name if settings_row else "Our clinic"
