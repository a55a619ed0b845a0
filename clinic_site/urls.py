from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from blog.brand.views import brand_stylesheet
from blog.search.views import search
from clinic_site.security.password_throttle import throttled_password_form
from clinic_site.staff_2fa import urls as staff_2fa_urls
from clinic_site.views import RobotsTxtView

urlpatterns = [
    # Before Wagtail's admin, whose catch-all would answer these paths.
    path("admin/two-factor/", include(staff_2fa_urls)),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms for private documents and pages, at their own addresses and names, throttled;
    # ahead of the includes that hold the unthrottled originals.
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        throttled_password_form("document", "restriction_id")(wagtaildocs_serve.authenticate_with_password),
        name="wagtaildocs_authenticate_with_password",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        throttled_password_form("page", "page_view_restriction_id")(wagtail_views.authenticate_with_password),
        name="wagtailcore_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", RobotsTxtView.as_view(), name="robots_txt"),
    path("brand.css", brand_stylesheet, name="brand_stylesheet"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree answers every other path, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
