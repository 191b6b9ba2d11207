"""Sign-off URLs: record numbers and the kind of work only."""

from django.urls import path

from continuum.web.signoff import views

urlpatterns = [
    path("authorisations/", views.tray, name="signoff-tray"),
    path(
        "children/<int:pk>/sign-off/<str:kind>/<int:record_pk>/", views.sign_off_page, name="child-sign-off"
    ),
]
