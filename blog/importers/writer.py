"""Write parsed articles into Wagtail: pages, their revisions, categories, tags and phone contacts.

Whatever the source, an ArticleData becomes one ArticlePage under the blog index:

- matched by WordPress ID, else by slug when that page didn't come from another WordPress post; a new page
  gets the article's slug, or the first free ``slug-2``, ``slug-3``… An existing page keeps its slug, so a
  re-import never moves an address people may have linked to.
- an update whose content equals the page's latest revision saves nothing. An update of a page whose live
  version carries a clinical review credit is saved as a draft revision, whatever its status: the
  reviewed text stays live until a clinical reviewer approves the new one.
- ``status`` "live" publishes a revision; "draft" only saves one (a page that is already live stays live
  with the draft waiting); "scheduled" sets ``go_live_at`` and publishes, which Wagtail turns into a
  scheduled revision while the date is in the future.
- adjacent paragraphs, headings and lists share one rich-text block, as an editor would write them.
- ``published_at`` becomes ``first_published_at`` (listings order by it) and ``modified_at`` becomes
  ``last_published_at`` (the sitemap's last-modified date), instead of the moment of the import.
"""

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from phonenumber_field.phonenumber import PhoneNumber

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.rich_text import RichText

from blog.blocks import ImageBlock, PhoneContactBlock
from blog.models import ArticlePage, BlogIndexPage, Category, ClinicSettings, Person, PhoneContact
from blog.models.clinical_review import readers_content

from .article_data import ArticleData, AuthorData, CategoryData, ImageData, PhoneCallData, RichTextData
from .content_items import CONTENT_DATA, content_items, image_alt_text, image_caption
from .summaries import summarize

_SLUG_LENGTH = ArticlePage._meta.get_field("slug").max_length
_CATEGORY_NAME_LENGTH = Category._meta.get_field("name").max_length
_CATEGORY_SLUG_LENGTH = Category._meta.get_field("slug").max_length
_TAG_LENGTH = Tag._meta.get_field("name").max_length
_IMAGE_TEXT_LENGTH = ImageBlock.base_blocks["alt_text"].field.max_length
_PHONE_TEXT_LENGTH = PhoneContactBlock.base_blocks["lead_in"].field.max_length


@dataclass(frozen=True)
class WriteResult:
    page: ArticlePage
    created: bool
    # Said once per article, e.g. that its slug was taken and another was used.
    warnings: tuple[str, ...] = ()
    # The import's content equals the page's latest revision: nothing was saved.
    unchanged: bool = False
    # The page's live version is clinically reviewed, so the update waits as a draft for a reviewer.
    held_for_review: bool = False


def phone_contact_for(raw_number: str, team_name: str = "") -> PhoneContact:
    """The contact for this number, created on first sight and reused after, whatever its format."""
    number = PhoneNumber.from_string(raw_number, region=settings.PHONENUMBER_DEFAULT_REGION)
    existing = PhoneContact.objects.filter(phone_number=number.as_e164).first()
    if existing:
        return existing
    return PhoneContact.objects.create(
        label=f"Phone {number.as_national}",
        team_name=team_name or _clinic_name(),
        phone_number=number.as_e164,
    )


def category_for(data: CategoryData) -> Category:
    """Our category with the same slug or name, else a new one: "Uncategorized" is always ours."""
    name = data.name[:_CATEGORY_NAME_LENGTH]
    slug = (data.slug or slugify(data.name))[:_CATEGORY_SLUG_LENGTH]
    category = Category.objects.filter(slug=slug).first() or Category.objects.filter(name=name).first()
    return category or Category.objects.create(name=name, slug=slug)


def same_as_latest_revision(page) -> bool:
    """Whether an imported page reads exactly as its latest revision: re-importing it saves nothing."""
    latest = page.get_latest_revision()
    if latest is None:
        return False
    imported = readers_content(page.serializable_data(), type(page))
    return imported == readers_content(latest.content, type(page))


class ArticleWriter:
    """Creates or updates articles under one blog index.

    ``image_for`` returns the Wagtail image for an ImageData, or None when there is none; the block then
    keeps the image's description as text. ``person_for`` returns the Person for an article's author.
    """

    def __init__(
        self,
        blog_index: BlogIndexPage,
        image_for: Callable[[ImageData], object] | None = None,
        person_for: Callable[[AuthorData], Person | None] | None = None,
    ):
        self.blog_index = blog_index
        self.image_for = image_for
        self.person_for = person_for

    def write(self, data: ArticleData) -> WriteResult:
        warnings: list[str] = []
        page = self._existing_page(data)
        created = page is None
        if created:
            page = ArticlePage(slug=self._free_slug(data, warnings), live=False)
        page.title = data.title
        page.summary = summarize(data.summary or data.title)
        page.body = self.body_items(data.body)
        page.categories = [category_for(category) for category in data.categories] or [
            Category.objects.uncategorized()
        ]
        page.tags.set([tag[:_TAG_LENGTH] for tag in data.tags], clear=True)
        if data.wordpress_id is not None:
            page.wordpress_id = data.wordpress_id
        self._set_featured_image(page, data.featured_image)
        if data.author is not None and self.person_for is not None:
            page.author = self.person_for(data.author)
        self._set_dates(page, data)
        if created:
            self.blog_index.add_child(instance=page)
        elif same_as_latest_revision(page):
            return WriteResult(page=page, created=False, warnings=tuple(warnings), unchanged=True)
        revision = page.save_revision(clean=True)
        if not created and page.clinical_approval is not None:
            warnings.append(
                "its live version is clinically reviewed, so the update was saved as a draft for a clinical "
                "reviewer to approve; the reviewed text stays live"
            )
            return WriteResult(page=page, created=False, warnings=tuple(warnings), held_for_review=True)
        if data.status in ("live", "scheduled"):
            revision.publish()
            self._keep_source_dates(page, data)
        return WriteResult(page=page, created=created, warnings=tuple(warnings))

    def body_items(self, body) -> list[tuple[str, object]]:
        """The StreamField items of an ArticleBodyBlock for ``body``'s blocks."""
        return [item for block in _merge_rich_text(body) for item in self._stream_items(block)]

    def _existing_page(self, data: ArticleData) -> ArticlePage | None:
        if data.wordpress_id is not None:
            found = ArticlePage.objects.filter(wordpress_id=data.wordpress_id).first()
            if found:
                return found
        same_slug = ArticlePage.objects.child_of(self.blog_index).filter(slug=self._slug(data)).first()
        if same_slug is None or same_slug.wordpress_id not in (None, data.wordpress_id):
            # That address belongs to another WordPress post: this one gets a page of its own.
            return None
        return same_slug

    def _set_featured_image(self, page: ArticlePage, data: ImageData | None) -> None:
        """The featured image and its alt text, by the body images' rules; a file not found leaves none."""
        image = self.image_for(data) if data is not None and self.image_for else None
        page.featured_image = image
        page.featured_image_alt_text = image_alt_text(data, _IMAGE_TEXT_LENGTH) if image is not None else ""

    @staticmethod
    def _slug(data: ArticleData) -> str:
        return (data.slug or slugify(data.title))[:_SLUG_LENGTH]

    def _free_slug(self, data: ArticleData, warnings: list[str]) -> str:
        slug = self._slug(data)
        # Room for "-<number>" in the slug's field; a long slug is cut there, so look up by the cut stem.
        stem = slug[: _SLUG_LENGTH - 8].rstrip("-")
        siblings = self.blog_index.get_children().filter(slug__startswith=stem)
        taken = set(siblings.values_list("slug", flat=True))
        if slug not in taken:
            return slug
        number = 2
        while f"{stem}-{number}" in taken:
            number += 1
        free = f"{stem}-{number}"
        warnings.append(f"the slug “{slug}” is taken by another article, so this one is at “{free}”")
        return free

    @staticmethod
    def _set_dates(page: ArticlePage, data: ArticleData) -> None:
        future = data.published_at is not None and data.published_at > timezone.now()
        page.go_live_at = data.published_at if data.status == "scheduled" and future else None
        if data.status == "live" or (data.status == "scheduled" and not future):
            # Wagtail only sets first_published_at when it is empty; the source's date wins.
            page.first_published_at = data.published_at or page.first_published_at

    @staticmethod
    def _keep_source_dates(page: ArticlePage, data: ArticleData) -> None:
        """Publishing stamps last_published_at with now; put back when the source last changed it."""
        dates = [date for date in (data.published_at, data.modified_at) if date is not None]
        if not dates or page.go_live_at is not None:
            return
        modified = max(dates)
        ArticlePage.objects.filter(pk=page.pk).update(last_published_at=modified)
        page.last_published_at = modified

    def _stream_items(self, block) -> list[tuple[str, object]]:
        if isinstance(block, RichTextData):
            return [("paragraph", RichText(block.html))]
        if isinstance(block, PhoneCallData):
            return self._phone_call_items(block)
        if isinstance(block, ImageData):
            return self._image_items(block)
        if isinstance(block, CONTENT_DATA):
            return content_items(block, self.image_for)
        raise TypeError(f"Unknown body block {block!r}")

    def _phone_call_items(self, block: PhoneCallData) -> list[tuple[str, object]]:
        """A phone_contact block; text around the number that won't fit its fields stays a paragraph."""
        before, lead_in = _split_last_sentence(block.lead_in)
        trailing, after = _split_first_sentence(block.trailing_text)
        if len(lead_in) > _PHONE_TEXT_LENGTH or len(trailing) > _PHONE_TEXT_LENGTH:
            text = " ".join(part for part in (block.lead_in, block.phone_number, block.trailing_text) if part)
            return [("paragraph", RichText(f"<p>{escape(text, quote=False)}</p>"))]
        contact = phone_contact_for(block.phone_number)
        items: list[tuple[str, object]] = []
        if before:
            items.append(("paragraph", RichText(f"<p>{escape(before, quote=False)}</p>")))
        items.append(("phone_contact", {"lead_in": lead_in, "contact": contact, "trailing_text": trailing}))
        if after:
            items.append(("paragraph", RichText(f"<p>{escape(after, quote=False)}</p>")))
        return items

    def _image_items(self, block: ImageData) -> list[tuple[str, object]]:
        image = self.image_for(block) if self.image_for else None
        if image is not None:
            alt_text = image_alt_text(block, _IMAGE_TEXT_LENGTH)
            return [("image", {"image": image, "alt_text": alt_text, "caption": image_caption(block)})]
        # Without the file, say in words what the image showed rather than lose it silently.
        description = " — ".join(part for part in dict.fromkeys((block.alt, block.caption)) if part)
        if not description:
            return []
        return [("paragraph", RichText(f"<p><i>Image: {escape(description, quote=False)}</i></p>"))]


def _merge_rich_text(blocks):
    """Adjacent paragraphs, headings and lists share one rich-text block, as an editor would write them."""
    merged = []
    for block in blocks:
        if merged and isinstance(block, RichTextData) and isinstance(merged[-1], RichTextData):
            merged[-1] = RichTextData(merged[-1].html + block.html)
        else:
            merged.append(block)
    return merged


def _split_last_sentence(text: str) -> tuple[str, str]:
    """("Earlier sentences.", "Last sentence") of a lead-in that is too long for its block field."""
    if len(text) <= _PHONE_TEXT_LENGTH:
        return "", text
    position = max(text.rfind(end) for end in (". ", "! ", "? "))
    if position == -1:
        return "", text
    return text[: position + 1], text[position + 2 :]


def _split_first_sentence(text: str) -> tuple[str, str]:
    if len(text) <= _PHONE_TEXT_LENGTH:
        return text, ""
    positions = [position for end in (". ", "! ", "? ") if (position := text.find(end)) != -1]
    if not positions:
        return text, ""
    cut = min(positions) + 1
    return text[:cut], text[cut:].strip()


def _clinic_name() -> str:
    settings_row = ClinicSettings.objects.first()
    return settings_row.clinic_name if settings_row else "Our clinic"
