from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Page, Site

from blog.importers.plain_text import read_article_file
from blog.importers.writer import ArticleWriter
from blog.models import BlogIndexPage, Category, ClinicSettings, HomePage, PhoneContact

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo_content"
CLINIC_NAME = "Twin Cities Pain Clinic"
CLINIC_PHONE = "+19528412345"


class Command(BaseCommand):
    help = "Create the demo site: home page, blog index, clinic phone and settings, the seed article."

    def add_arguments(self, parser):
        parser.add_argument("--hostname", default="127.0.0.1", help="Host name of the demo site.")
        parser.add_argument("--port", type=int, default=8000, help="Port of the demo site.")

    @transaction.atomic
    def handle(self, *args, **options):
        home = self._home_page(options["hostname"], options["port"])
        blog_index = self._child(home, BlogIndexPage, slug="blog", title="Patient education blog")
        Category.objects.uncategorized()
        contact = self._clinic_phone_contact()
        clinic_settings = ClinicSettings.for_site(home.get_site())
        clinic_settings.clinic_name = CLINIC_NAME
        clinic_settings.phone_contact = contact
        clinic_settings.save()

        writer = ArticleWriter(blog_index)
        for path in sorted(DEMO_DIR.glob("*.txt")):
            result = writer.write(read_article_file(path))
            verb = "created" if result.created else "updated"
            self.stdout.write(f"{verb} article “{result.page.title}”")
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
