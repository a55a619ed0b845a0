"""Request bodies too large for who sends them are refused before anything reads them.

Django writes a multipart upload to a temporary file as it parses it, whoever sends it, so an anonymous
300 MB post (with a CSRF token from the login page) filled the disk before CSRF or the view refused
it. Anonymous visitors only ever post small forms (login, page and document passwords): a body longer
than ``ANONYMOUS_MAX_REQUEST_BODY_SIZE`` gets a 413, and one of unknown length (chunked) a 411. Signed-in
staff may post what the admin accepts: the largest image or document upload plus the form's other
fields (DATA_UPLOAD_MAX_MEMORY_SIZE). Placed after AuthenticationMiddleware, and so before CSRF's
process_view and the view, the first to read a body.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers


def staff_max_body_size() -> int:
    largest_upload = max(settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
    return largest_upload + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestBodySizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length is not None and length <= settings.ANONYMOUS_MAX_REQUEST_BODY_SIZE:
            return self.get_response(request)
        if not request.user.is_authenticated:
            if length is None:
                return refusal(411, "Length Required: send the request body with a Content-Length.")
            return refusal(413, "Request Entity Too Large.")
        if length is not None and length > staff_max_body_size():
            return refusal(413, "Request Entity Too Large.")
        return self.get_response(request)


def declared_length(request) -> int | None:
    """The body's length as the request declares it; None when it is unknown (chunked, or garbled)."""
    raw = request.META.get("CONTENT_LENGTH")
    if not raw:
        return None if request.META.get("HTTP_TRANSFER_ENCODING") else 0
    try:
        return max(int(raw), 0)
    except ValueError:
        return None


def refusal(status: int, message: str) -> HttpResponse:
    response = HttpResponse(f"{message}\n", status=status, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response
