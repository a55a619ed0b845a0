"""Which live articles are due for clinical review: shared by the admin dashboard and the command.

An article's review is the clinical approval of its live revision; an article whose live version no
clinician approved (imported, or published directly by an administrator) counts as never reviewed.
"""

from datetime import datetime, time, timedelta

from django.db.models import F, Q
from django.utils import timezone

from blog.models import ArticlePage, ClinicalApproval

APPROVAL = "live_revision__clinical_approval"


def review_interval_days():
    return ClinicalApproval.interval_days()


def articles_due_for_review(interval_days=None, today=None):
    """Live articles last reviewed ``interval_days`` or more ago, or never: never reviewed first, then oldest.

    One query however many articles there are: the live revision's approval and its reviewer come in the
    same query (``article.clinical_approval``).
    """
    days = review_interval_days() if interval_days is None else interval_days
    cutoff = (today or timezone.localdate()) - timedelta(days=days)
    # Reviewed on the cutoff day or before: approved before the clinic's next midnight after it.
    reviewed_by = timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))
    return (
        ArticlePage.objects.live()
        .filter(Q(**{f"{APPROVAL}__isnull": True}) | Q(**{f"{APPROVAL}__approved_at__lt": reviewed_by}))
        .select_related(f"{APPROVAL}__reviewer")
        .defer("live_revision__content")
        .order_by(F(f"{APPROVAL}__approved_at").asc(nulls_first=True), "title", "pk")
    )
