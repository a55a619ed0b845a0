from .clinic_settings import ClinicSettings
from .pages import ArticlePage, ArticlePageTag, BlogIndexPage, HomePage, live_articles
from .snippets import Category, Person, PhoneContact

__all__ = [
    "ArticlePage",
    "ArticlePageTag",
    "BlogIndexPage",
    "Category",
    "ClinicSettings",
    "HomePage",
    "Person",
    "PhoneContact",
    "live_articles",
]
