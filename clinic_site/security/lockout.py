"""The page a locked-out login gets from django-axes (AXES_LOCKOUT_CALLABLE)."""

import math

from django.conf import settings
from django.shortcuts import render


def login_locked_out(request, original_response=None, credentials=None):
    cooloff_seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": math.ceil(cooloff_seconds / 60),
    }
    response = render(request, "security/login_locked_out.html", context, status=429)
    response["Retry-After"] = str(cooloff_seconds)
    return response
