"""Text in another language: the languages the clinic may write in besides English, and the block that
marks such text with its language.

The site's pages are English (``<html lang="en">``). Without its own ``lang``, a Spanish or Somali
passage is read by screen readers with an English voice and fails WCAG 3.1.2 (Language of Parts); text in
Arabic, Persian, Urdu or Hebrew also needs ``dir="rtl"`` to run, and punctuate, right to left.
"""

from dataclasses import dataclass

from wagtail import blocks


@dataclass(frozen=True)
class Language:
    code: str  # a BCP 47 language tag, as the lang attribute takes it
    name: str  # its English name, as staff pick it
    right_to_left: bool = False


# The languages US clinics most often publish language-assistance taglines in (the states' top-15 lists
# under ACA section 1557), in alphabetical order of their English names. Chinese is offered in both scripts,
# since a tagline is written in one of them; a language the clinic needs that is missing is added here
# (and a migration made).
LANGUAGES = (
    Language("am", "Amharic"),
    Language("ar", "Arabic", right_to_left=True),
    Language("hy", "Armenian"),
    Language("bn", "Bengali"),
    Language("bs", "Bosnian"),
    Language("my", "Burmese"),
    Language("zh-Hans", "Chinese (Simplified)"),
    Language("zh-Hant", "Chinese (Traditional)"),
    Language("chk", "Chuukese"),
    Language("hr", "Croatian"),
    Language("prs", "Dari", right_to_left=True),
    Language("fr", "French"),
    Language("de", "German"),
    Language("el", "Greek"),
    Language("gu", "Gujarati"),
    Language("ht", "Haitian Creole"),
    Language("he", "Hebrew", right_to_left=True),
    Language("hi", "Hindi"),
    Language("hmn", "Hmong"),
    Language("ilo", "Ilocano"),
    Language("it", "Italian"),
    Language("ja", "Japanese"),
    Language("kar", "Karen"),
    Language("km", "Khmer (Cambodian)"),
    Language("ko", "Korean"),
    Language("ckb", "Kurdish (Sorani)", right_to_left=True),
    Language("lo", "Lao"),
    Language("mh", "Marshallese"),
    Language("nv", "Navajo"),
    Language("ne", "Nepali"),
    Language("om", "Oromo"),
    Language("ps", "Pashto", right_to_left=True),
    Language("pdc", "Pennsylvania Dutch"),
    Language("fa", "Persian (Farsi)", right_to_left=True),
    Language("pl", "Polish"),
    Language("pt", "Portuguese"),
    Language("pa", "Punjabi"),
    Language("ro", "Romanian"),
    Language("ru", "Russian"),
    Language("sm", "Samoan"),
    Language("sr", "Serbian"),
    Language("so", "Somali"),
    Language("es", "Spanish"),
    Language("sw", "Swahili"),
    Language("tl", "Tagalog"),
    Language("ta", "Tamil"),
    Language("te", "Telugu"),
    Language("th", "Thai"),
    Language("ti", "Tigrinya"),
    Language("tr", "Turkish"),
    Language("uk", "Ukrainian"),
    Language("ur", "Urdu", right_to_left=True),
    Language("vi", "Vietnamese"),
    Language("yi", "Yiddish", right_to_left=True),
    Language("yo", "Yoruba"),
)
RIGHT_TO_LEFT_CODES = frozenset(language.code for language in LANGUAGES if language.right_to_left)


class ForeignLanguageTextValue(blocks.StructValue):
    @property
    def is_right_to_left(self):
        return self.get("language") in RIGHT_TO_LEFT_CODES


class ForeignLanguageTextBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        choices=[(language.code, language.name) for language in LANGUAGES],
        # A code, not words of the page: kept out of search and the reading time.
        search_index=False,
        help_text="The language the text is written in. Screen readers read it with that language's voice.",
    )
    # Bold and links are what taglines use (the language's own name, the number to call). Plain rich text,
    # not the article paragraphs' kind: that one refuses vague link texts by English words only.
    text = blocks.RichTextBlock(features=["bold", "link"], help_text="Written entirely in that language.")

    class Meta:
        icon = "globe"
        label = "Text in another language"
        template = "blog/blocks/foreign_language_text_block.html"
        value_class = ForeignLanguageTextValue
