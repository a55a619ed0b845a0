"""Slugs for imported titles and terms, made the same way by every parser and the writer."""

import re
import unicodedata


def slugify(value: str) -> str:
    """ASCII slug of ``value``, like Django's slugify: "Névralgie – douleur" -> "nevralgie-douleur".

    Parsers stay free of Django, so this is the one copy of that rule they and the writer share.
    """
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    folded = re.sub(r"[^\w\s-]", "", folded.lower())
    return re.sub(r"[-\s]+", "-", folded).strip("-_")
