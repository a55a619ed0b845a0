"""Parse the clinic's plain-text article format.

First line: the title. Then paragraphs separated by blank lines; lines starting with a bullet
(•, -, *) form a list; a closing "Posted in A, B." line names the categories. A paragraph with a
phone number in it becomes a call-to-action around that number.

A file that could not be stored is refused here, in one line: a NUL byte (PostgreSQL cannot store one
in text), a title longer than a page title may be, or one with no letter or digit to make its address.
"""

import re
from html import escape
from pathlib import Path

from django.utils.text import slugify

from .article_data import ArticleData, CategoryData, RichTextData
from .phone_calls import split_phone_call
from .summaries import summarize

BULLET = re.compile(r"^\s*[•\-*]\s+")
POSTED_IN = re.compile(r"^Posted in\s+(?P<names>.+?)\.?\s*$", re.IGNORECASE)
# Wagtail's Page.title max_length; a test holds the two equal, as parsers stay free of Django.
TITLE_MAX_LENGTH = 255


class ArticleTextError(ValueError):
    """The file cannot become an article; the message says why in one line."""


def read_article_file(path: Path) -> ArticleData:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as error:
        raise ArticleTextError(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise ArticleTextError(f"{path}: is a directory, not an article file") from error
    except OSError as error:
        raise ArticleTextError(f"{path}: cannot be read ({error.strerror})") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleTextError(f"{path}: is not UTF-8 text (bad byte at position {error.start})") from error
    try:
        return parse_article_text(text)
    except ArticleTextError as error:
        raise ArticleTextError(f"{path}: {error}") from error


def parse_article_text(text: str) -> ArticleData:
    if not text.strip():
        raise ArticleTextError("is empty")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if nul_lines := [number for number, line in enumerate(lines, start=1) if "\x00" in line]:
        raise ArticleTextError(f"has a NUL byte on line {nul_lines[0]}, which cannot be stored")
    title = lines[0].strip()
    if not title or BULLET.match(lines[0]):
        raise ArticleTextError("has no title on its first line")
    if len(title) > TITLE_MAX_LENGTH:
        raise ArticleTextError(f"has a title of {len(title)} characters; the limit is {TITLE_MAX_LENGTH}")
    if not slugify(title):
        raise ArticleTextError("has a title with no letter or digit to make its address from")

    chunks = _paragraph_chunks(lines[1:])
    categories = []
    if chunks and (posted_in := POSTED_IN.match(" ".join(chunks[-1]))):
        chunks.pop()
        names = re.split(r",\s*|\s+and\s+", posted_in["names"])
        categories = [CategoryData(name=name.strip()) for name in names if name.strip()]

    body = [_chunk_to_block(chunk) for chunk in chunks]
    if not body:
        raise ArticleTextError("has a title but no body text")
    plain_paragraphs = [" ".join(chunk) for chunk in chunks if not BULLET.match(chunk[0])]
    return ArticleData(
        title=title,
        body=body,
        categories=categories,
        summary=summarize(plain_paragraphs[0] if plain_paragraphs else title),
    )


def _paragraph_chunks(lines: list[str]) -> list[list[str]]:
    chunks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _chunk_to_block(chunk: list[str]):
    items = [BULLET.sub("", line) for line in chunk if BULLET.match(line)]
    if items and len(items) == len(chunk):
        return RichTextData("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
    text = " ".join(chunk)
    phone_call = split_phone_call(text)
    if phone_call:
        return phone_call
    return RichTextData(f"<p>{escape(text)}</p>")


__all__ = ["ArticleTextError", "parse_article_text", "read_article_file"]
