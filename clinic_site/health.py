"""``/healthz``: whether this app node can serve pages, for Varnish's health probe or a load balancer.

Answered first, before the host check, the HTTPS redirect, sessions and the page cache, so a probe needs
no allowed host name, no TLS and no cookie, and is never cached. A node whose database is unreachable
reports itself sick (503): its pages would be errors too, and Varnish serves from grace only while every
node is sick.
"""

from django.db import DatabaseError, connection
from django.http import HttpResponse

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            response = HttpResponse("ok\n", content_type="text/plain")
        except DatabaseError:
            response = HttpResponse("database unreachable\n", status=503, content_type="text/plain")
        response["Cache-Control"] = "private, no-store"
        return response
