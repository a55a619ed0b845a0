"""How easy an article body is to read: the Flesch-Kincaid grade of its prose, and the clinic's target."""

import re
from dataclasses import dataclass
from html import unescape

from django.utils.html import strip_tags

# Patient materials should read at or below US school grade 8 (the usual health-literacy guidance).
TARGET_GRADE = 8
# textstat counts English syllables with NLTK's CMU dictionary, which it downloads at run time when it
# is missing. "en-US" (not "en_US") selects pyphen's bundled US English hyphenation dictionary instead,
# so the grade is computed offline, the way textstat did before it added the CMU dictionary.
TEXTSTAT_LANGUAGE = "en-US"
_BLOCK_END = re.compile(r"</(p|h\d|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class ReadingGrade:
    grade: float
    words: int

    @property
    def meets_target(self):
        return self.grade <= TARGET_GRADE


def as_sentences(lines):
    """Each non-blank line as a sentence: headings and list items end without a full stop."""
    return [line if line[-1] in ".!?:;" else f"{line}." for line in map(str.strip, lines) if line]


def rich_text_sentences(html):
    """Plain text of rich text, each paragraph, heading and list item ending as a sentence."""
    return as_sentences(unescape(strip_tags(_BLOCK_END.sub("\n", html))).splitlines())


def body_text(article):
    """The prose patients read in the article body: paragraphs and callouts.

    References and the clinic's disclaimer live outside the body; images and phone numbers are not prose.
    Text in another language is left out too: an English reading grade says nothing about it.
    """
    sentences = []
    for block in article.body:
        if block.block_type == "paragraph":
            sentences += rich_text_sentences(block.value.source)
        elif block.block_type == "callout":
            sentences += as_sentences([block.value["heading"]])
            sentences += rich_text_sentences(block.value["text"].source)
    return " ".join(sentences)


def reading_grade(article):
    """The Flesch-Kincaid grade of the article body, or None when the body has no prose yet."""
    # Imported on first use: textstat takes ~0.7 s to import, and only the editor needs it, not readers.
    from textstat.textstat import textstatistics

    text = body_text(article)
    if not text:
        return None
    reader = textstatistics()
    reader.set_lang(TEXTSTAT_LANGUAGE)
    return ReadingGrade(grade=round(reader.flesch_kincaid_grade(text), 1), words=reader.lexicon_count(text))
