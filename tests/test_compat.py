"""Each private API clinic_site.compat touches still does what the project relies on.

These fail when an upgrade of Django, Wagtail or treebeard changes one: read compat.py's note for it.
"""

from django.core.cache.backends.redis import RedisCacheClient
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.test import RequestFactory
from django.utils.csp import CSP

from wagtail.models import Page

from blog.models import ArticlePage
from clinic_site import compat
from clinic_site.cache_backends import FailSoftRedisCache, ReusedClientRedisCacheClient
from tests.factories import ArticlePageFactory

# Never connected to: building pools and clients does not reach the server.
REDIS_URL = "redis://127.0.0.1:6379/14"


def test_django_redis_cache_builds_its_client_from_the_class_compat_sets():
    cache = FailSoftRedisCache(REDIS_URL, {})

    assert isinstance(cache._cache, ReusedClientRedisCacheClient)


def test_django_redis_cache_client_gives_a_pool_and_builds_a_redis_client_on_it():
    client = RedisCacheClient([REDIS_URL])

    pool = compat.redis_connection_pool(client, write=True)
    redis_client = compat.new_redis_client(client, pool)

    assert pool is compat.redis_connection_pool(client, write=True)
    assert redis_client.connection_pool is pool


def test_one_redis_client_serves_every_call_on_a_pool():
    client = ReusedClientRedisCacheClient([REDIS_URL])

    assert client.get_client(write=True) is client.get_client(write=True)


def test_djangos_csp_middleware_uses_the_policy_compat_puts_on_a_response():
    admin_policy = {"default-src": [CSP.SELF], "img-src": [CSP.SELF, "data:"]}

    def view(request):
        response = HttpResponse("admin")
        compat.override_response_csp(response, admin_policy)
        return response

    response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/admin/"))

    assert response[CSP.HEADER_ENFORCE] == "default-src 'self'; img-src 'self' data:"


def test_treebeard_paths_are_steps_of_steplen_characters(blog_index):
    article = ArticlePageFactory(parent=blog_index)

    assert compat.tree_step_length(Page) == len(Page.get_first_root_node().path)
    assert compat.parent_path(article) == blog_index.path


def test_wagtail_database_search_results_have_a_queryset_of_the_matches(blog_index):
    match = ArticlePageFactory(parent=blog_index, title="Nerve blocks explained")
    ArticlePageFactory(parent=blog_index, title="Sleep hygiene")

    results = ArticlePage.objects.live().search("nerve", order_by_relevance=False)

    assert list(compat.search_results_queryset(results).values_list("pk", flat=True)) == [match.pk]


def test_a_pages_specific_form_is_what_compat_puts_in_its_dict(blog_index):
    page = Page.objects.get(pk=blog_index.pk)
    deferred = page.specific_deferred

    compat.set_specific_form(page, deferred)

    assert page.specific is deferred
