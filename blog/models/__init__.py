from .clinic_settings import ClinicSettings
from .clinical_review import ClinicalApproval, ClinicalReviewTask, approve_revision
from .content_pages import ContentPage
from .home import HomePage
from .locations import Location, LocationsPage, footer_locations
from .pages import ArticlePage, ArticlePageTag, BlogIndexPage, live_articles
from .snippets import Category, Person, PhoneContact
from .team import TeamIndexPage

__all__ = [
    "ArticlePage",
    "ArticlePageTag",
    "BlogIndexPage",
    "Category",
    "ClinicSettings",
    "ClinicalApproval",
    "ClinicalReviewTask",
    "ContentPage",
    "HomePage",
    "Location",
    "LocationsPage",
    "Person",
    "PhoneContact",
    "TeamIndexPage",
    "approve_revision",
    "footer_locations",
    "live_articles",
]
