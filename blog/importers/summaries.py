"""The summary an article gets when its source has none: its leading whole sentences, ≤ 300 characters.

Shared by every parser, so an article reads the same in listings whichever format it came from.
"""

import re

# ArticlePage.summary holds at most this many characters.
SUMMARY_LENGTH = 300

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def summarize(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The leading whole sentences of ``text`` that fit in ``limit`` characters.

    When even the first sentence is too long it is cut at a word boundary and ends with an ellipsis.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    summary = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{summary} {sentence}".strip()
        if len(candidate) > limit:
            break
        summary = candidate
    if summary:
        return summary
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"
