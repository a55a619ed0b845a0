"""Nothing a visitor sends breaks a page: generated paths and query strings, odd methods, huge requests."""

from datetime import timedelta
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from blog.models import Category
from tests.factories import ArticlePageFactory, make_site_tree
from tests.staff_sign_in import verified_login

# Every public URL pattern; archives, search, feeds, sitemap and robots may 404 before their branch lands.
PUBLIC_PATHS = [
    "/",
    "/blog/",
    "/blog/nerve-blocks/",
    "/blog/category/injections/",
    "/blog/category/uncategorized/",
    "/blog/tag/sciatica/",
    "/blog/feed/",
    "/blog/category/injections/feed/",
    "/search/",
    "/sitemap.xml",
    "/robots.txt",
]
TRACEBACK_MARKERS = ("Traceback (most recent call last)", "Exception Value", 'File "/')

fuzz = settings(
    max_examples=150,
    # A per-request time bound, enforced by Hypothesis rather than a timed assertion.
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow],
)

nasty_fragments = st.sampled_from(
    [
        "%ff",
        "%fe%ff",
        "%c3%28",
        "%e2%82",
        "%00",
        "%0d%0aSet-Cookie:%20x=1",
        "%",
        "%zz",
        "%2e%2e",
        "..",
        "%2f",
        "//",
        "\u202e",
        "\U0001f489",
        "ｐａｇｅ",
        "a" * 2500,
    ]
)
# Any Unicode (controls included) percent-encoded as UTF-8, raw Unicode, or hand-made broken escapes.
encoded_text = st.text(max_size=40).map(lambda text: quote(text, safe=""))
raw_text = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="?#%\t\r\n"), max_size=40
)
piece = st.one_of(encoded_text, raw_text, nasty_fragments)
path_tail = st.lists(st.lists(piece, max_size=3).map("".join), min_size=1, max_size=4).map("/".join)

param_names = st.one_of(
    st.sampled_from(["page", "page[]", "page[0]", "q", "q[]", "format", ""]), st.text(max_size=15)
)
param_values = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "9" * 500, "NaN", "inf", "1.5", "0x10", " 2", "２"]),
    st.text(max_size=200),
    st.text(min_size=1500, max_size=3000),
)
encoded_pairs = st.lists(st.tuples(param_names, param_values), max_size=8).map(
    lambda pairs: "&".join(f"{quote(name, safe='[]')}={quote(value, safe='')}" for name, value in pairs)
)
raw_pairs = st.lists(st.tuples(piece, piece), max_size=6).map(
    lambda pairs: "&".join(f"{name}={value}" for name, value in pairs)
)
# Every listing reads ?page=, so it gets a strategy of its own besides the general ones.
page_numbers = st.lists(param_values, min_size=1, max_size=3).map(
    lambda values: "&".join(f"page={quote(value, safe='')}" for value in values)
)
query_string = st.one_of(encoded_pairs, raw_pairs, page_numbers)


AWKWARD_INDEX_QUERIES = [
    "page=99999999999999999999999999999999",
    "page=-1",
    "page=0",
    "page=2&page=999",
    "page[]=2",
    "page=%ff",
    "page=%00",
    "q=" + "%e2%9c%93" * 800,
    "&".join(f"f{number}=1" for number in range(10_001)),  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
]
HOSTILE_HEADERS = [
    {"HTTP_USER_AGENT": "Mozilla/5.0 " + "x" * 100_000},
    {"HTTP_ACCEPT_LANGUAGE": "zz-ZZ;q=0.5," * 5_000},
    {"HTTP_COOKIE": "sessionid=" + "%ff" * 10_000 + "; csrftoken=\x00; =; a"},
    {"HTTP_REFERER": "https://" + "\u2603" * 10_000},
    {"HTTP_HOST": "evil.example.com"},
    {"HTTP_HOST": "localhost:99999999999"},
    {"HTTP_HOST": "l\u00f6calhost"},
    {"HTTP_IF_NONE_MATCH": '"' + "x" * 50_000},
    {"HTTP_IF_MODIFIED_SINCE": "not a date \u2603"},
    {"HTTP_X_FORWARDED_FOR": "not-an-ip, \u2603"},
]


class TestHostileRequests(TestCase):
    """Hypothesis' Django TestCase runs every generated example in its own transaction over this data."""

    @classmethod
    def setUpTestData(cls):
        _, blog_index = make_site_tree()
        injections = Category.objects.create(name="Injections", slug="injections")
        for number in range(11):  # enough for a second page of the index
            ArticlePageFactory(
                parent=blog_index,
                slug="nerve-blocks" if number == 0 else f"article-{number}",
                categories=[injections],
                tags=["sciatica"],
            )

    def assert_handled(self, response, url):
        self.assertLess(response.status_code, 500, url)
        body = response.content.decode("utf-8", errors="replace")
        for marker in TRACEBACK_MARKERS:
            self.assertNotIn(marker, body, url)

    @fuzz
    @given(base=st.sampled_from(PUBLIC_PATHS), tail=path_tail)
    def test_generated_paths_never_break_a_page(self, base, tail):
        # Not "//…": Django's test client reads a path starting with two slashes as a host ("//[" is then
        # an invalid IPv6 address, an error of the client's before any request is made).
        url = base.rstrip("/") + "/" + tail.lstrip("/")
        self.assert_handled(self.client.get(url), url)

    @fuzz
    @given(base=st.sampled_from(PUBLIC_PATHS), query=query_string)
    def test_generated_query_strings_never_break_a_page(self, base, query):
        url = f"{base}?{query}"
        self.assert_handled(self.client.get(url), url)

    def test_known_awkward_queries_on_the_index_are_4xx_or_a_page(self):
        for query in AWKWARD_INDEX_QUERIES:
            with self.subTest(query=query[:60]):
                response = self.client.get(f"/blog/?{query}")
                self.assertIn(response.status_code, (200, 400, 404))
                self.assert_handled(response, query)
        self.assertEqual(self.client.get("/blog/?page=2").status_code, 200)

    def test_head_answers_like_get_without_a_body(self):
        for path in ("/", "/blog/", "/blog/nerve-blocks/"):
            with self.subTest(path=path):
                get, head = self.client.get(path), self.client.head(path)
                self.assertEqual((get.status_code, head.status_code), (200, 200))
                self.assertEqual(head.content, b"")
                self.assertEqual(head["Content-Type"], get["Content-Type"])

    def test_unexpected_methods_on_public_pages_are_405(self):
        for path in ("/", "/blog/", "/blog/nerve-blocks/", "/no-such-page/"):
            for method in ("post", "put", "patch", "delete", "options"):
                with self.subTest(path=path, method=method):
                    send = getattr(self.client, method)
                    response = send(path, data="title=defaced", content_type="text/plain")
                    self.assertEqual(response.status_code, 405)
                    self.assertEqual(response["Allow"], "GET, HEAD")
            self.assertNotIn("defaced", self.client.get(path).content.decode())

    def test_the_admin_still_accepts_posts(self):
        response = self.client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("username and password", response.content.decode().lower())

    def test_oversized_anonymous_form_body_is_refused_with_413(self):
        body = "username=x&password=" + "a" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
        response = self.client.post(
            "/admin/login/", data=body, content_type="application/x-www-form-urlencoded"
        )
        self.assertEqual(response.status_code, 413)
        self.assert_handled(response, "/admin/login/")

    def test_oversized_body_to_a_public_page_is_refused_with_413(self):
        body = "a" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
        response = self.client.post("/blog/", data=body, content_type="application/x-www-form-urlencoded")
        self.assertEqual(response.status_code, 413)

    def test_form_body_over_the_memory_limit_is_refused_with_400_for_staff_too(self):
        verified_login(
            self.client, get_user_model().objects.create_superuser("editor", "e@clinic.invalid", "pw")
        )
        body = "title=x&body=" + "a" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
        url = reverse("wagtailsnippets_blog_category:add")
        response = self.client.post(url, data=body, content_type="application/x-www-form-urlencoded")
        self.assertEqual(response.status_code, 400)
        self.assert_handled(response, url)

    def test_huge_or_malformed_headers_are_handled_cleanly(self):
        for headers in HOSTILE_HEADERS:
            for path in ("/", "/blog/nerve-blocks/"):
                with self.subTest(path=path, header=next(iter(headers))):
                    response = self.client.get(path, **headers)
                    self.assertIn(response.status_code, (200, 304, 400))
                    self.assert_handled(response, path)
