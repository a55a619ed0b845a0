"""How long an article takes to read, from the words in its body."""

import math

# A common estimate for adults reading on a screen; patients in pain may read slower, so round up.
WORDS_PER_MINUTE = 200


def word_count(stream_value) -> int:
    """Words of text in a StreamField value, as Wagtail would index them (rich text without its tags)."""
    texts = stream_value.stream_block.get_searchable_content(stream_value)
    return sum(len(text.split()) for text in texts)


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
