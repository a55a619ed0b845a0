from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from blog.search_views import search
from clinic_site.staff_2fa import urls as staff_2fa_urls
from clinic_site.views import RobotsTxtView

urlpatterns = [
    # Before Wagtail's admin, whose catch-all would answer these paths.
    path("admin/two-factor/", include(staff_2fa_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", RobotsTxtView.as_view(), name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree answers every other path, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
