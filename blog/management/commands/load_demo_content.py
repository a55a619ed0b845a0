import secrets
from dataclasses import replace
from datetime import time, timedelta
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from blog.demo_content.articles import DEMO_ARTICLES
from blog.demo_content.pictures import draw_picture
from blog.demo_content.taglines import LANGUAGE_TAGLINES
from blog.editorial.roles import (
    AUTHORS,
    CLINICAL_REVIEWERS,
    SITE_MANAGERS,
    set_up_blog_index,
    set_up_home_page,
    set_up_roles,
)
from blog.importers.article_data import CategoryData
from blog.importers.plain_text import read_article_file
from blog.importers.writer import ArticleWriter
from blog.management.demo_pictures import portrait, topic_picture
from blog.models import (
    ArticlePage,
    BlogIndexPage,
    Category,
    ClinicSettings,
    ContentPage,
    HomePage,
    Location,
    LocationsPage,
    Person,
    PhoneContact,
    TeamIndexPage,
    approve_revision,
)

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo_content"
CLINIC_NAME = "Twin Cities Pain Clinic"
CLINIC_PHONE = "+19528412345"
DEMO_AUTHOR = {
    "name": "Jordan Ellis",
    "credentials": "DPT",
    "role": "Physical therapist",
    "bio": "Jordan helps patients move with less pain through exercise plans they can keep up at home.",
}
DEMO_REVIEWER = {
    "name": "Maya Okafor",
    "credentials": "MD",
    "role": "Pain medicine physician",
    "bio": "Dr. Okafor is board-certified in pain medicine and reviews every article before it is published.",
}
DEMO_NURSE = {
    "name": "Sam Lindqvist",
    "credentials": "RN, BSN",
    "role": "Nurse coordinator",
    "bio": "Sam answers patients' questions before and after their procedures.",
}
DEMO_TEAM_INTRO = "The clinicians who care for you at the clinic write and review every article on this site."
# Shown on the team page, each with a placeholder portrait in their own colour.
DEMO_TEAM = ((DEMO_REVIEWER, (11, 85, 99)), (DEMO_AUTHOR, (120, 72, 140)), (DEMO_NURSE, (160, 90, 40)))
# The demo topics: name → (description, colour of its picture).
DEMO_TOPICS = {
    "Injections": (
        "Treatments given by injection, such as Botox, nerve blocks and steroid injections: how they work, "
        "what to expect and how long relief lasts.",
        (11, 85, 99),
    ),
    "Headache and migraine": (
        "Causes of frequent headaches and migraine, and the treatments that can make them rarer and milder.",
        (60, 90, 160),
    ),
    "Back pain": (
        "Low back and neck pain: what usually causes it, what helps it settle and when to get it checked.",
        (150, 95, 45),
    ),
    "Sciatica": (
        "Pain that runs from the back down the leg: why a nerve gets irritated and how it is treated.",
        (120, 72, 140),
    ),
    "Knee pain": (
        "Arthritis, injuries and overuse: easing knee pain and keeping the joint moving.",
        (40, 110, 70),
    ),
}
# The seed article's topics (its file names none).
SEED_ARTICLE_TOPICS = ("Injections", "Headache and migraine")
DEMO_BRAND_COLOUR = "#0b5563"
DEMO_LOCATION = {
    "name": "Edina clinic",
    "address_line_1": "6545 France Avenue South",
    "address_line_2": "Suite 350",
    "city": "Edina",
    "region": "MN",
    "postcode": "55435",
    "parking": "Free parking in the ramp next to the building; accessible spaces on level 1 by the skyway.",
    "accessibility": "Step-free entrance from the ramp and France Avenue, elevators to every floor, "
    "accessible restrooms on our floor. Wheelchairs are available at the front desk.",
    "map_url": "https://www.openstreetmap.org/search?query=6545%20France%20Avenue%20South%2C%20Edina%2C%20MN",
}
DEMO_HOME_INTRO = (
    "<p>We help people in the Twin Cities live with less pain: physicians, physical therapists and "
    "nurses working together on a plan that fits your life. Read our patient guides, or call us to "
    "book a visit.</p>"
)
DEMO_FEATURED_SLUGS = (
    "sciatica-why-your-leg-hurts-and-what-helps",
    "how-botox-can-help-in-pain-management",
    "migraine-spotting-triggers",
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DEMO_HOURS = [
    ("hours", {"days": WEEKDAYS, "opens": time(8), "closes": time(17)}),
    ("hours", {"days": ["Saturday"], "opens": time(9), "closes": time(12)}),
]
# slug → (title, the ClinicSettings field linking it from the footer, its English paragraphs, its text in
# other languages as (language code, rich text))
DEMO_NOTICES = {
    "privacy": (
        "Privacy notice",
        "privacy_notice_page",
        [
            "This notice describes how medical information about you may be used and disclosed and how "
            "you can get access to this information. Please review it carefully.",
            "This website sets no cookies for readers and uses no trackers or third-party analytics.",
        ],
        (),
    ),
    "accessibility": (
        "Accessibility statement",
        "accessibility_statement_page",
        [
            "We want everyone to be able to use this website. It aims to meet the Web Content Accessibility "
            "Guidelines (WCAG) 2.2 at level AA.",
            "If something on this site is hard to use, please call us and we will help.",
        ],
        (),
    ),
    "non-discrimination": (
        "Non-discrimination notice",
        "nondiscrimination_notice_page",
        [
            f"{CLINIC_NAME} complies with applicable Federal civil rights laws and does not discriminate on "
            "the basis of race, color, national origin, age, disability, or sex.",
            "We provide free aids and services to people with disabilities and free language services to "
            "people whose primary language is not English.",
        ],
        (),
    ),
    "language-assistance": (
        "Language assistance",
        "language_assistance_page",
        [
            "ATTENTION: If you speak another language, language assistance services, free of charge, are "
            "available to you. Call the number on this page.",
        ],
        LANGUAGE_TAGLINES,
    ),
}
# username → (group, the demo person the account belongs to)
DEMO_USERS = {
    "demo-author": (AUTHORS, DEMO_AUTHOR),
    "demo-reviewer": (CLINICAL_REVIEWERS, DEMO_REVIEWER),
    "demo-site-manager": (SITE_MANAGERS, None),
}


class Command(BaseCommand):
    help = (
        "Create the demo site: home page, blog index, clinic phone and settings, the seed article and a "
        "handful of articles with drawn pictures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", default="127.0.0.1", help="Host name of the demo site.")
        parser.add_argument("--port", type=int, default=8000, help="Port of the demo site.")
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help="Development only: one login per role, passwords printed once when created.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        if options["with_demo_users"] and not settings.DEBUG:
            raise CommandError(
                "--with-demo-users is for development only (DEBUG is off); no users were made."
            )
        home = self._home_page(options["hostname"], options["port"])
        blog_index = self._child(home, BlogIndexPage, slug="blog", title="Patient education blog")
        set_up_roles()
        set_up_home_page(home.pk)
        set_up_blog_index(blog_index.pk)
        team_page = self._child(home, TeamIndexPage, slug="team", title="Our team")
        if not team_page.intro:
            team_page.intro = f"<p>{DEMO_TEAM_INTRO}</p>"
            team_page.save_revision().publish()
        people = {details["name"]: self._person(details, colour) for details, colour in DEMO_TEAM}
        author, reviewer = people[DEMO_AUTHOR["name"]], people[DEMO_REVIEWER["name"]]
        Category.objects.uncategorized()
        topics = [
            self._topic(name, description, colour) for name, (description, colour) in DEMO_TOPICS.items()
        ]
        contact = self._clinic_phone_contact()
        clinic_settings = ClinicSettings.for_site(home.get_site())
        clinic_settings.clinic_name = CLINIC_NAME
        clinic_settings.phone_contact = contact
        clinic_settings.brand_colour = DEMO_BRAND_COLOUR
        location = self._location(contact)
        # The header menu: the blog index's topics list, the team page, the locations page.
        clinic_settings.topics_page = blog_index
        clinic_settings.team_page = team_page
        clinic_settings.locations_page = self._child(
            home, LocationsPage, slug="locations", title="Locations & hours"
        )
        for slug, (title, field, paragraphs, other_languages) in DEMO_NOTICES.items():
            setattr(clinic_settings, field, self._notice_page(home, slug, title, paragraphs, other_languages))
        clinic_settings.save()

        writer = ArticleWriter(blog_index)
        for path in sorted(DEMO_DIR.glob("*.txt")):
            seed_topics = [topic for topic in topics if topic.name in SEED_ARTICLE_TOPICS]
            result = writer.write(self._filed_under(read_article_file(path), seed_topics))
            verb = "created" if result.created else "updated"
            self.stdout.write(f"{verb} article “{result.page.title}”")
            self._credit(result.page, author, reviewer)
        for demo in DEMO_ARTICLES:
            article, created = self._demo_article(blog_index, demo, contact)
            self._credit(article, author, reviewer)
            if created:
                # Written some days apart, so the listings show several dates, and not updated since.
                when = timezone.now() - timedelta(days=demo.days_ago)
                ArticlePage.objects.filter(pk=article.pk).update(
                    first_published_at=when, last_published_at=when, sort_date=when
                )
        self._home_sections(home, blog_index, people=[reviewer, author], location=location)
        if options["with_demo_users"]:
            self._demo_users()
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready at {home.get_site().root_url}{blog_index.url}")
        )

    def _home_page(self, hostname, port):
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's migrations leave a plain "Welcome" page holding the slug "home"; it has no content.
            for placeholder in root.get_children().exact_type(Page):
                if not placeholder.get_children().exists():
                    placeholder.delete()
            home = root.add_child(instance=HomePage(title=CLINIC_NAME, slug="home"))
            home.save_revision().publish()
            self.stdout.write(f"created home page “{home.title}”")
        if site is None:
            site = Site(is_default_site=True)
        site.root_page = home
        site.hostname = hostname
        site.port = port
        site.site_name = CLINIC_NAME
        site.save()
        return home

    def _home_sections(self, home, blog_index, people, location):
        """An intro and sections for a home page that has none; what staff have chosen is left alone."""
        home = HomePage.objects.get(pk=home.pk)
        if home.intro or home.sections:
            return
        by_slug = {
            article.slug: article
            for article in ArticlePage.objects.child_of(blog_index).filter(slug__in=DEMO_FEATURED_SLUGS)
        }
        featured = [by_slug[slug] for slug in DEMO_FEATURED_SLUGS if slug in by_slug]
        home.intro = DEMO_HOME_INTRO
        featured_section = ("featured_articles", {"heading": "Featured articles", "articles": featured})
        home.sections = [
            *([featured_section] if featured else []),
            ("topics", {"heading": "Health topics", "categories": []}),
            ("team", {"heading": "Our team", "people": people}),
            ("locations", {"heading": "Visit us", "locations": [location]}),
        ]
        home.save_revision().publish()
        self.stdout.write("gave the home page an intro and sections")

    def _child(self, parent, page_class, slug, title):
        page = page_class.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = parent.add_child(instance=page_class(title=title, slug=slug))
            page.save_revision().publish()
            self.stdout.write(f"created {page_class._meta.verbose_name} “{title}”")
        return page

    def _clinic_phone_contact(self):
        contact, created = PhoneContact.objects.get_or_create(
            phone_number=CLINIC_PHONE,
            defaults={
                "label": "Main clinic line",
                "team_name": CLINIC_NAME,
                "call_to_action": f"to talk to a member of the {CLINIC_NAME} team.",
            },
        )
        if created:
            contact.save_revision().publish()
            self.stdout.write(f"created phone contact “{contact}”")
        return contact

    def _location(self, contact):
        location, created = Location.objects.get_or_create(
            name=DEMO_LOCATION["name"],
            defaults={**DEMO_LOCATION, "phone_contact": contact, "opening_hours": DEMO_HOURS},
        )
        if created:
            self.stdout.write(f"created location “{location}”")
        return location

    def _notice_page(self, home, slug, title, paragraphs, other_languages):
        page = ContentPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            body = [("paragraph", f"<p>{paragraph}</p>") for paragraph in paragraphs] + [
                ("foreign_language_text", {"language": language, "text": html})
                for language, html in other_languages
            ]
            page = home.add_child(instance=ContentPage(title=title, slug=slug, body=body))
            page.save_revision().publish()
            self.stdout.write(f"created page “{title}”")
        return page

    def _person(self, details, colour):
        person, created = Person.objects.get_or_create(
            name=details["name"], defaults={**details, "show_on_team_page": True}
        )
        if created:
            self.stdout.write(f"created person “{person}”")
        if person.photo_id is None:
            person.photo = portrait(f"Portrait placeholder: {person.name}", f"{person.slug}.png", colour)
            person.photo_alt_text = f"Placeholder silhouette standing in for a photo of {person.name}"
            person.save(update_fields=["photo", "photo_alt_text"])
        return person

    def _topic(self, name, description, colour):
        category, created = Category.objects.get_or_create(name=name, defaults={"description": description})
        if created:
            self.stdout.write(f"created category “{category}”")
        if category.image_id is None:
            # Only decorates the topic's name, so no alt text.
            category.image = topic_picture(f"Topic picture: {name}", f"topic-{category.slug}.png", colour)
            category.save(update_fields=["image"])
        return category

    def _filed_under(self, data, topics):
        """The demo article as read, filed under the demo topics if its file names none: written the same
        way on every run, so a second run changes nothing."""
        if any(category.name != "Uncategorized" for category in data.categories):
            return data
        return replace(data, categories=[CategoryData(name=topic.name, slug=topic.slug) for topic in topics])

    def _demo_article(self, blog_index, demo, contact):
        article = ArticlePage.objects.child_of(blog_index).filter(slug=demo.slug).first()
        if article is not None:
            return article, False
        article = ArticlePage(
            title=demo.title,
            slug=demo.slug,
            summary=demo.summary,
            body=[self._block(block_type, value, contact) for block_type, value in demo.body],
            featured_image=self._picture(demo),
            featured_image_alt_text="",  # abstract shapes: decorative
            live=False,
        )
        article.categories = [Category.objects.get_or_create(name=name)[0] for name in demo.categories]
        blog_index.add_child(instance=article)
        self.stdout.write(f"created article “{article.title}”")
        return article, True

    @staticmethod
    def _block(block_type, value, contact):
        if block_type == "phone":
            return ("phone_contact", {"lead_in": value, "contact": contact, "trailing_text": ""})
        if block_type == "callout":
            return ("callout", {**value, "text": RichText(value["text"])})
        return (block_type, RichText(value))

    def _picture(self, demo):
        Image = get_image_model()
        title = f"Demo picture: {demo.title}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            data = draw_picture(*demo.palette, seed=demo.slug)
            image = Image(title=title, file=ImageFile(BytesIO(data), name=f"{demo.slug}.jpg"))
            image.save()
        return image

    def _credit(self, article, author, reviewer):
        """Give a demo article its author and have the demo clinician approve it, as Clinical review does."""
        if article.author_id and article.clinical_approval:
            return
        article.author = author
        revision = article.save_revision(clean=True)
        approve_revision(revision, self._account_of(reviewer))
        revision.publish()

    def _account_of(self, reviewer):
        """The demo clinician's account: approvals are made by an account, never typed in.

        Without --with-demo-users it cannot sign in (no usable password); --with-demo-users gives it one.
        """
        if reviewer.user_id:
            return reviewer.user
        username = next(name for name, (_, details) in DEMO_USERS.items() if details == DEMO_REVIEWER)
        first_name, last_name = reviewer.name.split()
        user = get_user_model().objects.create_user(
            username, email=f"{username}@clinic-blog.invalid", first_name=first_name, last_name=last_name
        )
        user.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS))
        reviewer.user = user
        reviewer.save(update_fields=["user"])
        return user

    def _demo_users(self):
        User = get_user_model()
        for username, (group_name, person_details) in DEMO_USERS.items():
            password = secrets.token_urlsafe(12)
            existing = User.objects.filter(username=username).first()
            if existing is not None and existing.has_usable_password():
                self.stdout.write(f"{username} already exists; its password was printed when it was created.")
                continue
            if existing is not None:
                # The demo clinician's account, made without a password to approve the demo article.
                existing.set_password(password)
                existing.save(update_fields=["password"])
                self.stdout.write(
                    self.style.SUCCESS(f"{group_name} login: {username} / {password}  (shown only once)")
                )
                continue
            first_name, last_name = (
                person_details["name"] if person_details else "Demo site-manager"
            ).split()
            user = User.objects.create_user(
                username,
                email=f"{username}@clinic-blog.invalid",
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
            user.groups.add(Group.objects.get(name=group_name))
            if person_details:
                Person.objects.filter(name=person_details["name"], user=None).update(user=user)
            self.stdout.write(
                self.style.SUCCESS(f"{group_name} login: {username} / {password}  (shown only once)")
            )
