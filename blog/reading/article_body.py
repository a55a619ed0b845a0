"""An article's body as readers get it, its word count and its first image for sharing.

Loading and rendering every block and counting the words of a long body were a fifth of an uncached
article's time, yet they change only when the article is published again or something the body shows (an
image, a phone contact, a page it links to) changes: a live article's is kept per live revision with
the tags ``body_tags`` names (blog/reading/article_parts.py). A preview renders the draft it shows.
"""

from dataclasses import dataclass

from django.utils.safestring import mark_safe

from clinic_site.page_cache import instance_tag, reference_tags

from .contents import ArticleContents, article_contents
from .reading_time import word_count
from .share_image import ShareImage, body_share_image


@dataclass(frozen=True)
class RenderedBody:
    html: str
    words: int
    share_image: ShareImage | None
    contents: ArticleContents


def render_body(article) -> RenderedBody:
    contents = article_contents(article.body)
    parts = []
    for child in article.body:
        # The block templates read only their own values, so the article is all the context they need.
        html = str(child.render_as_block(context={"page": article}))
        if child.block_type == "paragraph":
            # Its h2 headings get the ids the contents list links to.
            html = contents.with_heading_ids(child.id, html)
        parts.append(html)
    return RenderedBody(
        html=mark_safe("\n".join(parts)),  # noqa: S308 - the blocks' own rendered templates
        words=word_count(article.body),
        share_image=body_share_image(article.body),
        contents=contents,
    )


def block_templates(block) -> list[str]:
    """The templates ``block`` and the blocks inside it render with: what a kept body was made from."""
    found = [block.meta.template] if getattr(block.meta, "template", None) else []
    for child in getattr(block, "child_blocks", {}).values():
        found += block_templates(child)
    if (child := getattr(block, "child_block", None)) is not None:  # a ListBlock's items
        found += block_templates(child)
    return sorted(set(found))


def body_tags(article) -> set[str]:
    """What a rendered body shows: the article's own page, and the images, snippets, pages and documents
    its blocks refer to."""
    return {instance_tag("page", article.pk), *reference_tags(article.body)}
