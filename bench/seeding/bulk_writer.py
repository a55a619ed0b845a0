"""Write many articles at once, leaving exactly what Wagtail's add_child + save_revision + publish leaves.

Per article Wagtail's own path costs ~15 queries (~50 ms); here a batch of articles costs a fixed handful:
the base ``wagtailcore_page`` rows and their tree paths, the ``ArticlePage`` rows, categories, tags,
one published revision each (``latest_revision`` = ``live_revision``) and search index entries.
Signal-driven side effects of a normal publish that the site does not read (log entries, the reference
index behind the admin's "usage" counts) are left out; ``manage.py rebuild_references_index`` fills
the latter in if wanted.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F

from taggit.models import Tag
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText
from wagtail.search.backends import get_search_backend

from blog.importers.article_data import ArticleData, PhoneCallData, RichTextData
from blog.importers.writer import category_for, phone_contact_for
from blog.models import ArticlePage, ArticlePageTag, BlogIndexPage


class BulkArticleWriter:
    """Appends new live articles under one blog index, a batch at a time."""

    def __init__(self, blog_index: BlogIndexPage):
        self.blog_index = blog_index
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.page_content_type = ContentType.objects.get_for_model(Page)
        self._categories = {}
        self._tags = {}
        self._contacts = {}

    @transaction.atomic
    def write_batch(self, articles: list[ArticleData]) -> int:
        """Write ``articles`` as live pages; return how many were written."""
        if not articles:
            return 0
        parent = Page.objects.select_for_update().get(pk=self.blog_index.pk)
        pages = self._build_pages(parent, articles)

        base_rows = Page.objects.bulk_create([self._base_row(page) for page in pages])
        for page, row in zip(pages, base_rows, strict=True):
            page.pk = page.id = page.page_ptr_id = row.pk
        self._insert_article_rows(pages)
        ArticlePage.categories.through.objects.bulk_create(
            ArticlePage.categories.through(articlepage_id=page.pk, category_id=category.pk)
            for page in pages
            for category in page.categories.all()
        )
        ArticlePageTag.objects.bulk_create(
            ArticlePageTag(content_object_id=page.pk, tag_id=item.tag_id)
            for page in pages
            for item in page.tagged_items.all()
        )
        self._publish_revisions(pages)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        get_search_backend().add_bulk(ArticlePage, pages)
        return len(pages)

    def _build_pages(self, parent: Page, articles: list[ArticleData]) -> list[ArticlePage]:
        last_child = parent.get_last_child()
        step = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
        pages = []
        for offset, data in enumerate(articles, start=1):
            published = data.published_at
            page = ArticlePage(
                title=data.title,
                draft_title=data.title,
                slug=data.slug,
                summary=data.summary,
                path=Page._get_path(parent.path, parent.depth + 1, step + offset),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{data.slug}/",
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
                content_type=self.content_type,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                sort_date=published,
                latest_revision_created_at=published,
            )
            page.body = [self._stream_item(block) for block in data.body]
            page.categories = [self._category(category) for category in data.categories]
            page.tagged_items = [ArticlePageTag(tag=self._tag(name)) for name in data.tags]
            # Set in memory so serializable_data() does not query each new page for comments.
            page.wagtail_admin_comments = []
            pages.append(page)
        return pages

    @staticmethod
    def _base_row(page: ArticlePage) -> Page:
        return Page(**{field.attname: getattr(page, field.attname) for field in Page._meta.concrete_fields})

    @staticmethod
    def _insert_article_rows(pages: list[ArticlePage]) -> None:
        # Django's bulk_create refuses multi-table models, so the child table gets one executemany.
        fields = ArticlePage._meta.local_concrete_fields
        quote = connection.ops.quote_name
        sql = "INSERT INTO {} ({}) VALUES ({})".format(
            quote(ArticlePage._meta.db_table),
            ", ".join(quote(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
        )
        rows = [
            [field.get_db_prep_save(field.pre_save(page, add=True), connection) for field in fields]
            for page in pages
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def _publish_revisions(self, pages: list[ArticlePage]) -> None:
        revisions = Revision.objects.bulk_create(
            Revision(
                content_type=self.content_type,
                base_content_type=self.page_content_type,
                object_id=str(page.pk),
                created_at=page.first_published_at,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in pages
        )
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
        ArticlePage.objects.bulk_update(pages, ["latest_revision", "live_revision"])

    def _stream_item(self, block: RichTextData | PhoneCallData):
        if isinstance(block, RichTextData):
            return ("paragraph", RichText(block.html))
        # Seeded articles share the clinic's number: look its contact up once per run.
        if block.phone_number not in self._contacts:
            self._contacts[block.phone_number] = phone_contact_for(block.phone_number)
        contact = self._contacts[block.phone_number]
        return (
            "phone_contact",
            {"lead_in": block.lead_in, "contact": contact, "trailing_text": block.trailing_text},
        )

    def _category(self, data):
        if data.name not in self._categories:
            self._categories[data.name] = category_for(data)
        return self._categories[data.name]

    def _tag(self, name: str) -> Tag:
        if name not in self._tags:
            self._tags[name] = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        return self._tags[name]
