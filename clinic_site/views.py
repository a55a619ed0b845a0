from django.urls import reverse
from django.views.generic import TemplateView


class RobotsTxtView(TemplateView):
    """robots.txt: where the sitemap is, and the paths crawlers should leave alone."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Crawlers want an absolute URL, on the host they asked.
        context["sitemap_url"] = self.request.build_absolute_uri(reverse("sitemap"))
        return context
