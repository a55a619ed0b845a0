from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import ArticlePage, BlogIndexPage, Category, HomePage
from tests.factories import PersonFactory, PhoneContactFactory, make_site_tree
from tests.staff_sign_in import verified_login


class TestPageTree(WagtailPageTestCase):
    def test_articles_live_only_under_a_blog_index(self):
        self.assertCanCreateAt(BlogIndexPage, ArticlePage)
        self.assertCanNotCreateAt(Page, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)

    def test_blog_index_goes_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, BlogIndexPage)
        self.assertAllowedSubpageTypes(BlogIndexPage, {ArticlePage})


class TestArticleCreatedInAdmin(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.blog_index = make_site_tree()
        cls.contact = PhoneContactFactory(phone_number="+19528412345")
        cls.category = Category.objects.create(name="Injections")
        cls.author = PersonFactory()

    def setUp(self):
        verified_login(self.client, self.login())

    def article_form(self, **overrides):
        data = {
            "title": "Nerve blocks explained",
            "slug": "nerve-blocks-explained",
            "summary": "What a nerve block is and what to expect on the day.",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>A nerve block numbs one area for hours or days.</p>")),
                    (
                        "phone_contact",
                        {"lead_in": "Questions? Call", "contact": self.contact.pk, "trailing_text": "today."},
                    ),
                ]
            ),
            "references": streamfield([]),
            "author": self.author.pk,
            "tags": "nerve block, injections",
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
        categories = overrides.pop("categories", [self.category.pk])
        data.update(overrides)
        # A multiple-choice field posts one value per choice, which nested_form_data would number instead.
        return {**nested_form_data(data), "categories": categories}

    def test_staff_publish_an_article_through_the_admin(self):
        self.assertCanCreate(self.blog_index, ArticlePage, self.article_form())
        article = ArticlePage.objects.get(slug="nerve-blocks-explained")
        self.assertTrue(article.live)
        self.assertEqual([c.name for c in article.categories.all()], ["Injections"])
        self.assertEqual(sorted(article.tags.names()), ["injections", "nerve block"])

        response = self.client.get(article.url)
        self.assertContains(response, "A nerve block numbs one area")
        self.assertContains(response, 'href="tel:+19528412345"')

    def test_article_saved_without_a_category_is_uncategorized(self):
        self.assertCanCreate(self.blog_index, ArticlePage, self.article_form(categories=[]))
        article = ArticlePage.objects.get(slug="nerve-blocks-explained")
        self.assertEqual([c.slug for c in article.categories.all()], ["uncategorized"])

    def test_summary_over_300_characters_is_a_field_error(self):
        response = self.client.post(
            f"/admin/pages/add/blog/articlepage/{self.blog_index.pk}/",
            self.article_form(summary="x" * 301),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("summary", response.context["form"].errors)
        self.assertFalse(ArticlePage.objects.filter(slug="nerve-blocks-explained").exists())

    def test_preview_renders_the_draft_body(self):
        response = self.client.post(
            f"/admin/pages/add/blog/articlepage/{self.blog_index.pk}/preview/",
            self.article_form(),
        )
        self.assertEqual(response.json()["is_valid"], True)
        preview = self.client.get(f"/admin/pages/add/blog/articlepage/{self.blog_index.pk}/preview/")
        self.assertContains(preview, "A nerve block numbs one area")
