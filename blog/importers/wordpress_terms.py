"""Category and tag names as the blog will know them, where WordPress's own would collide.

WordPress tells categories apart by slug, so two can share a name under different parents ("Injections"
under Treatments and under Pediatrics); the blog's category names are unique, so the second becomes
"Injections (Pediatrics)". Tags spelt differently only in case ("Knee Pain", "knee pain") are one topic
to a reader: they fold into the first spelling the export lists.
"""

import dataclasses

from .article_data import CategoryData, ImportNote
from .wordpress import WordPressSite


class TermNames:
    def __init__(self, site: WordPressSite):
        by_slug = {category.slug: category for category in site.categories}
        first_slug_of_name: dict[str, str] = {}
        self._category_names: dict[str, str] = {}
        for category in site.categories:
            key = category.name.casefold()
            first = first_slug_of_name.setdefault(key, category.slug)
            if first != category.slug:
                parent = by_slug.get(category.parent_slug)
                qualifier = parent.name if parent is not None else category.slug
                self._category_names[category.slug] = f"{category.name} ({qualifier})"
        self._tag_names: dict[str, str] = {}
        for tag in site.tags:
            self._tag_names.setdefault(tag.name.casefold(), tag.name)

    def category(self, data: CategoryData) -> CategoryData:
        name = self._category_names.get(data.slug)
        return dataclasses.replace(data, name=name) if name else data

    def tag(self, name: str) -> str:
        return self._tag_names.setdefault(name.casefold(), name)

    def old_tag_names(self) -> dict[str, str]:
        """Every tag spelling seen so far -> the name it was filed under."""
        return dict(self._tag_names)

    def apply(self, categories: list[CategoryData], tags: list[str]) -> tuple[list, list, list[ImportNote]]:
        """The article's categories and tags renamed as above, and a note for each renaming."""
        notes = []
        renamed_categories = []
        for category in categories:
            renamed = self.category(category)
            if renamed.name != category.name:
                notes.append(
                    ImportNote(
                        "category renamed",
                        f"category “{category.name}” ({category.slug}) is “{renamed.name}”: "
                        "another category has its name",
                    )
                )
            renamed_categories.append(renamed)
        folded: dict[str, None] = {}
        for tag in tags:
            canonical = self.tag(tag)
            if canonical != tag:
                notes.append(ImportNote("tag folded", f"tag “{tag}” is filed under “{canonical}”"))
            folded.setdefault(canonical)
        return renamed_categories, list(folded), notes
