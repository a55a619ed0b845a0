from django.urls import path

from .views import EnrolView, VerifyView

urlpatterns = [
    path("verify/", VerifyView.as_view(), name="staff_2fa_verify"),
    path("enrol/", EnrolView.as_view(), name="staff_2fa_enrol"),
]
