"""A media storage failure is never a server error.

In the admin, an upload (or anything else touching the bucket) that fails is answered with an error
message on the page it came from; Wagtail's multiple-upload form gets the JSON error it shows beside the
file. Nothing was saved: the file is written before the database row, and the row never is.
Public pages get the calm 503 page (Wagtail's image tags already render without a picture whose file
cannot be read, so this is for anything else that reads a file). A page rendered without a picture
because of a failure is sent as not cacheable, so neither the page cache nor a shared cache keeps it
once the bucket is back.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from clinic_site.security.headers import is_admin_area

from .bucket import MediaStorageUnavailable, storage_failed

logger = logging.getLogger(__name__)

ADMIN_MESSAGE = (
    "The file could not be stored because the media storage is not reachable right now. "
    "Nothing was saved: please try again in a few minutes, and tell the site's administrator if it goes on."
)


class MediaStorageUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = storage_failed.set(False)
        try:
            response = self.get_response(request)
            if storage_failed.get():
                add_never_cache_headers(response)
            return response
        finally:
            storage_failed.reset(token)

    def process_exception(self, request, exception):
        if not isinstance(exception, MediaStorageUnavailable):
            return None
        logger.error("Media storage unavailable while serving %s", request.path, exc_info=exception)
        if is_admin_area(request):
            if request.headers.get("X-Requested-With") == "XMLHttpRequest":
                return JsonResponse({"success": False, "error_message": ADMIN_MESSAGE})
            messages.error(request, ADMIN_MESSAGE)
            return HttpResponseRedirect(request.get_full_path())
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)
        add_never_cache_headers(response)
        return response
