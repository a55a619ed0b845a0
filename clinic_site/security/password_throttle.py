"""Passwords of private pages and documents are throttled like staff sign-in.

Wagtail's password forms answer every guess. Here, after AXES_FAILURE_LIMIT wrong passwords from one
client (client_ip, as for logins) for one restriction, that client gets a 429 page for that restriction,
even with the right password, until AXES_COOLOFF_TIME has passed since its last wrong one: the limits
staff sign-in has. A right password before the limit clears the count. Other clients and other
restrictions are unaffected.

django-axes keys its records by username, which these forms do not have, so the counts live in the
shared cache, where every app node sees them. While that cache (Redis) is unreachable, the forms are
not throttled; the page cache and site look-ups degrade the same way.
"""

import functools
import logging
import math
import time

from redis.exceptions import RedisError

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .client_ip import client_ip

logger = logging.getLogger(__name__)


def throttled_password_form(kind, restriction_kwarg):
    """Wrap a Wagtail password view whose restriction id arrives as ``restriction_kwarg``.

    ``kind`` ("page" or "document") keeps the ids of the two restriction models apart.
    """

    def decorate(view):
        @functools.wraps(view)
        def throttled(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            counter = PasswordFailures(kind, kwargs[restriction_kwarg], client_ip(request))
            if (wait := counter.seconds_locked()) > 0:
                return locked_out_response(request, wait)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                # Wagtail shows the form again, with its error, for a wrong password.
                counter.record_failure()
            elif 300 <= response.status_code < 400:
                # A right password redirects to the page or document.
                counter.clear()
            return response

        return throttled

    return decorate


class PasswordFailures:
    """Wrong passwords one client gave for one restriction, and when the last one was."""

    def __init__(self, kind, restriction_id, ip_address):
        prefix = f"password-failures:{kind}:{restriction_id}:{ip_address}"
        self.count_key, self.last_key = f"{prefix}:count", f"{prefix}:last"

    def seconds_locked(self) -> int:
        """How long this client must still wait, 0 if it may try."""
        found = cache.get_many([self.count_key, self.last_key])
        if found.get(self.count_key, 0) < settings.AXES_FAILURE_LIMIT or self.last_key not in found:
            return 0
        remaining = cooloff_seconds() - (time.time() - found[self.last_key])
        return max(0, math.ceil(remaining))

    def record_failure(self):
        timeout = max(1, math.ceil(cooloff_seconds()))
        cache.add(self.count_key, 0, timeout)
        try:
            cache.incr(self.count_key)  # atomic, so parallel guesses are each counted
        except ValueError:  # expired between add and incr
            cache.add(self.count_key, 1, timeout)
        except RedisError as error:
            logger.warning("Password failure not counted, the shared cache is unavailable: %s", error)
            return
        cache.touch(self.count_key, timeout)
        cache.set(self.last_key, time.time(), timeout)

    def clear(self):
        cache.delete_many([self.count_key, self.last_key])


def cooloff_seconds() -> float:
    return settings.AXES_COOLOFF_TIME.total_seconds()


def locked_out_response(request, wait_seconds):
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "wait_minutes": math.ceil(wait_seconds / 60)}
    response = render(request, "security/password_locked_out.html", context, status=429)
    response["Retry-After"] = str(wait_seconds)
    return response
