from .clinic_settings import ClinicSettings
from .clinical_review import ClinicalReviewTask
from .pages import ArticlePage, ArticlePageTag, BlogIndexPage, HomePage, live_articles
from .snippets import Category, Person, PhoneContact

__all__ = [
    "ArticlePage",
    "ArticlePageTag",
    "BlogIndexPage",
    "Category",
    "ClinicSettings",
    "ClinicalReviewTask",
    "HomePage",
    "Person",
    "PhoneContact",
    "live_articles",
]
