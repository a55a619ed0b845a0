"""Deterministic, realistic-looking patient-education articles shaped like the clinic's seed article.

Each article has paragraphs, a bulleted list and a closing call to the clinic's phone number; the same
prefix and number always give the same article, which is what makes seeding idempotent.
"""

import random
from datetime import UTC, datetime, timedelta
from html import escape

from django.utils.text import capfirst, slugify

from blog.importers.article_data import ArticleData, CategoryData, PhoneCallData, RichTextData
from blog.importers.summaries import summarize

CONDITIONS = [
    "lower back pain",
    "neck pain",
    "sciatica",
    "migraine headaches",
    "knee osteoarthritis",
    "fibromyalgia",
    "diabetic neuropathy",
    "shoulder pain",
    "myofascial pain",
    "spinal stenosis",
    "complex regional pain syndrome",
    "hip bursitis",
]
TREATMENTS = [
    "Botox injections",
    "nerve blocks",
    "epidural steroid injections",
    "radiofrequency ablation",
    "physical therapy",
    "trigger point injections",
    "spinal cord stimulation",
    "gentle exercise",
    "cognitive behavioural therapy",
    "joint injections",
]
TITLE_PATTERNS = [
    "How {treatment} can help with {condition}",
    "What to expect from {treatment}",
    "Living well with {condition}",
    "{Condition}: causes, symptoms and relief",
    "Is {treatment} right for your {condition}?",
    "Five questions to ask about {treatment}",
    "Sleep, stress and {condition}",
    "Returning to work with {condition}",
]
CATEGORIES = ["Conditions", "Treatments", "Injections", "Living with pain", "Research news"]
TAGS = ["back", "neck", "headache", "nerves", "joints", "exercise", "sleep", "injections", "recovery", "tips"]
SENTENCES = [
    "Many people with {condition} find that their pain changes from day to day.",
    "{Treatment} is one of several options your care team may suggest.",
    "Relief usually begins within a week and can last for several months.",
    "It is not a cure, but it can make everyday activities easier.",
    "Your doctor will explain the benefits and risks before you decide.",
    "Keeping a short pain diary helps you and your clinician see what works.",
    "Small, regular movement is often better than long periods of rest.",
    "Most visits take less than an hour and you can usually go home the same day.",
    "Tell your care team about every medicine you take, including supplements.",
    "If your pain suddenly gets worse, contact the clinic rather than waiting.",
]
LIST_ITEMS = [
    "Pain that lasts longer than three months",
    "Muscle spasm or tenderness you can point to",
    "Pain that spreads down an arm or a leg",
    "Headaches on more than half the days of a month",
    "Stiffness that is worst in the morning",
    "Numbness, tingling or burning",
    "Pain that stops you sleeping",
]
EARLIEST = datetime(2016, 1, 1, tzinfo=UTC)


def seeded_slug(prefix: str, number: int, title: str) -> str:
    return (seeded_slug_stem(prefix, number) + slugify(title))[:255]


def seeded_slug_stem(prefix: str, number: int) -> str:
    """The part of a seeded slug that identifies the article, whatever its title."""
    return f"{prefix}-{number:05d}-"


def seeded_article(prefix: str, number: int, phone_number: str) -> ArticleData:
    """Article ``number`` of the run called ``prefix``: always the same text for the same pair.

    Its closing paragraph asks readers to call ``phone_number`` (the clinic's number).
    """
    rng = random.Random(f"{prefix}:{number}")
    condition = rng.choice(CONDITIONS)
    treatment = rng.choice(TREATMENTS)
    words = {
        "condition": condition,
        "Condition": capfirst(condition),
        "treatment": treatment,
        "Treatment": capfirst(treatment),
    }
    title = rng.choice(TITLE_PATTERNS).format(**words)
    paragraphs = [
        " ".join(sentence.format(**words) for sentence in rng.sample(SENTENCES, 3)) for _ in range(3)
    ]
    bullets = rng.sample(LIST_ITEMS, 4)
    body = [
        RichTextData("".join(f"<p>{escape(text)}</p>" for text in paragraphs[:2])),
        RichTextData(f"<p>{escape(words['Treatment'])} may help with:</p>"),
        RichTextData("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in bullets) + "</ul>"),
        RichTextData(f"<p>{escape(paragraphs[2])}</p>"),
        PhoneCallData(
            lead_in=f"If you are living with {condition} and want to know more, please call",
            phone_number=phone_number,
            trailing_text="",
        ),
    ]
    return ArticleData(
        title=title,
        slug=seeded_slug(prefix, number, title),
        body=body,
        categories=[CategoryData(name=name) for name in rng.sample(CATEGORIES, rng.randint(1, 2))],
        tags=rng.sample(TAGS, rng.randint(1, 3)),
        summary=summarize(paragraphs[0]),
        published_at=EARLIEST + timedelta(days=number % 3000, minutes=number),
    )
