"""The full-page cache: what anonymous readers get from it, what never goes in, and Redis outages."""

import secrets

import pytest

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template import RequestContext, Template
from django.test import RequestFactory

from clinic_site.page_cache import store
from clinic_site.page_cache.dependencies import collecting, depends_on
from clinic_site.page_cache.middleware import PageCacheMiddleware
from tests.factories import ArticlePageFactory

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "clinic_site.cache_backends.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:1/5",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
}


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def article(blog_index, clinic_phone):
    return ArticlePageFactory(parent=blog_index, title="Sleep and back pain", slug="sleep-and-back-pain")


def test_anonymous_reader_gets_the_second_view_from_the_cache(client, article):
    first = client.get(article.url)
    second = client.get(article.url)

    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    assert (second.status_code, second["X-Page-Cache"]) == (200, "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == "public, max-age=60, s-maxage=600"


def test_head_request_is_answered_from_the_cache(client, article):
    client.get(article.url)

    response = client.head(article.url)

    assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")


def test_logged_in_editor_is_never_served_from_or_stored_in_the_cache(client, admin_client, article):
    client.get(article.url)  # an anonymous reader fills the cache

    editor_view = admin_client.get(article.url)
    assert "X-Page-Cache" not in editor_view
    assert "private" in editor_view["Cache-Control"] and "no-store" in editor_view["Cache-Control"]


def test_admin_and_previews_are_private_and_never_stored(admin_client, article):
    for url in ("/admin/", f"/admin/pages/{article.pk}/view_draft/", f"/admin/pages/{article.pk}/edit/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"], url
        assert "X-Page-Cache" not in response, url


def test_search_with_a_query_is_not_cached(client, article):
    for _ in range(2):
        response = client.get("/", {"q": "back pain"})
        assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_not_found_answer_is_cached_until_the_page_is_published(
    client, blog_index, django_capture_on_commit_callbacks
):
    assert client.get("/blog/new-article/").status_code == 404
    assert client.get("/blog/new-article/")["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory.build(title="New article", slug="new-article")
        blog_index.add_child(instance=page)
        page.save_revision().publish()

    assert client.get("/blog/new-article/").status_code == 200


def respond_with(response):
    return PageCacheMiddleware(lambda request: response)


@pytest.mark.parametrize(
    "make_response",
    [
        pytest.param(lambda: _with_cookie(HttpResponse("hello")), id="sets-a-cookie"),
        pytest.param(lambda: HttpResponse("moved", status=302), id="302"),
        pytest.param(lambda: HttpResponse("error", status=500), id="500"),
        pytest.param(lambda: HttpResponse("bad", status=400), id="400"),
        pytest.param(lambda: StreamingHttpResponse(iter([b"a"])), id="streaming"),
        pytest.param(lambda: _with_cache_control(HttpResponse("mine"), "private"), id="says-private"),
    ],
)
def test_responses_the_cache_must_not_keep_are_not_stored(make_response, db):
    request = RequestFactory().get("/somewhere/")

    response = respond_with(make_response())(request)
    again = respond_with(HttpResponse("fresh"))(RequestFactory().get("/somewhere/"))

    assert "X-Page-Cache" not in response
    assert again.content == b"fresh" and again["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("status", [200, 301, 404])
def test_cacheable_statuses_are_stored(status, db):
    respond_with(HttpResponse("kept", status=status))(RequestFactory().get("/kept/"))

    again = respond_with(HttpResponse("not used"))(RequestFactory().get("/kept/"))

    assert (again.status_code, again.content, again["X-Page-Cache"]) == (status, b"kept", "hit")


def test_a_page_that_uses_a_csp_nonce_is_never_stored(db):
    def view_with_inline_script(request):
        template = Template('<script nonce="{{ csp_nonce }}">start()</script>')
        return HttpResponse(template.render(RequestContext(request)))

    stack = PageCacheMiddleware(ContentSecurityPolicyMiddleware(view_with_inline_script))
    first = stack(RequestFactory().get("/with-inline-script/"))
    second = stack(RequestFactory().get("/with-inline-script/"))

    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert first.content != second.content  # each reader's page names its own nonce
    assert "no-store" in second["Cache-Control"]


def test_a_page_that_does_not_use_the_csp_nonce_is_stored(db):
    stack = PageCacheMiddleware(ContentSecurityPolicyMiddleware(lambda request: HttpResponse("no script")))
    stack(RequestFactory().get("/without-script/"))

    assert stack(RequestFactory().get("/without-script/"))["X-Page-Cache"] == "hit"


def test_request_with_a_session_cookie_bypasses_the_cache(db):
    respond_with(HttpResponse("anonymous"))(RequestFactory().get("/page/"))
    request = RequestFactory().get("/page/")
    request.COOKIES["sessionid"] = "abc"

    response = respond_with(HttpResponse("personal"))(request)

    assert response.content == b"personal" and "X-Page-Cache" not in response


def test_response_whose_content_changed_while_rendering_is_not_stored(db):
    key = store.entry_key("http://testserver/racing/")
    _, sequence_at_start = store.lookup(key)
    with collecting() as tags:
        depends_on("phone:1")
    store.purge({"phone:1"})  # an editor saved the phone contact while the page was rendering

    assert store.store(key, HttpResponse("old number"), tags, sequence_at_start, 60) is False
    assert store.lookup(key)[0] is None


def test_purging_one_tag_keeps_responses_that_do_not_show_it(db):
    for path, tag in (("/one/", "phone:1"), ("/two/", "phone:2")):
        key = store.entry_key(path)
        _, sequence = store.lookup(key)
        assert store.store(key, HttpResponse(path), {tag}, sequence, 60)

    store.purge({"phone:1"})

    assert store.lookup(store.entry_key("/one/"))[0] is None
    assert store.lookup(store.entry_key("/two/"))[0].content == b"/two/"


def test_response_showing_many_pages_is_purged_by_any_of_them(db):
    key = store.entry_key("/sitemap.xml")
    _, sequence = store.lookup(key)
    store.store(key, HttpResponse("all pages"), {f"page:{pk}" for pk in range(1, 1001)}, sequence, 60)

    store.purge({"page:567"})

    assert store.lookup(key)[0] is None


def test_pages_are_served_uncached_while_redis_is_down(
    client, article, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = UNREACHABLE_REDIS

    responses = [client.get(article.url) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Sleep, stress and back pain"
        article.save_revision().publish()
    after_publish = client.get(article.url)

    assert [r.status_code for r in responses] == [200, 200]
    assert all(r["X-Page-Cache"] == "miss" for r in responses)
    assert (after_publish.status_code, after_publish["X-Page-Cache"]) == (200, "miss")
    assert "Sleep, stress and back pain" in after_publish.text


def _with_cookie(response):
    response.set_cookie("csrftoken", "secret")
    return response


def _with_cache_control(response, value):
    response["Cache-Control"] = value
    return response


def test_marketing_parameters_share_one_cache_entry(client, article):
    responses = [
        client.get(article.url, {"utm_source": secrets.token_hex(8), "fbclid": secrets.token_hex(8)})
        for _ in range(50)
    ]

    assert [response["X-Page-Cache"] for response in responses] == ["miss"] + ["hit"] * 49
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert len(cached_entry_keys()) == 1


def test_listing_links_do_not_carry_a_readers_campaign_to_the_next(client, blog_index, clinic_phone):
    for number in range(11):
        ArticlePageFactory(parent=blog_index, slug=f"article-{number}")

    first = client.get("/blog/", {"utm_campaign": "spring-newsletter"})
    second = client.get("/blog/")

    assert second["X-Page-Cache"] == "hit"
    assert "spring-newsletter" not in first.text and 'href="?page=2"' in second.text


def test_response_for_an_unknown_query_parameter_is_not_stored(client, article):
    responses = [client.get(article.url, {"colour": "blue"}) for _ in range(2)]

    assert all(response.status_code == 200 and "X-Page-Cache" not in response for response in responses)
    assert "no-store" in responses[-1]["Cache-Control"]
    assert cached_entry_keys() == []


def test_known_query_parameter_is_cached(client, blog_index, clinic_phone):
    for number in range(11):
        ArticlePageFactory(parent=blog_index, slug=f"article-{number}")

    responses = [client.get("/blog/", {"page": "2"}) for _ in range(2)]

    assert [response["X-Page-Cache"] for response in responses] == ["miss", "hit"]


def test_not_found_page_numbers_are_not_stored(client, blog_index, clinic_phone):
    for number in range(20):
        assert client.get("/blog/", {"page": str(1000 + number)}).status_code == 404

    assert cached_entry_keys() == []


def cached_entry_keys():
    """The page cache's entries in the local-memory cache the tests use (which has no public key list)."""
    locmem = caches[settings.PAGE_CACHE_ALIAS]
    return [key for key in locmem._cache if f"{store.PREFIX}:entry:" in key]
