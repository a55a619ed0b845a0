"""Which live articles are due for clinical review: shared by the admin dashboard and the command."""

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from blog.models import ArticlePage


def review_interval_days():
    return settings.CLINICAL_REVIEW_INTERVAL_DAYS


def articles_due_for_review(interval_days=None, today=None):
    """Live articles last reviewed ``interval_days`` or more ago, or never: never reviewed first, then oldest.

    One query however many articles there are: the reviewer comes in the same query.
    """
    days = review_interval_days() if interval_days is None else interval_days
    cutoff = (today or timezone.localdate()) - timedelta(days=days)
    return (
        ArticlePage.objects.live()
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lte=cutoff))
        .select_related("medical_reviewer")
        .order_by(F("last_reviewed").asc(nulls_first=True), "title", "pk")
    )
