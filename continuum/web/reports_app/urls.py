"""Report URLs: the version's random token only."""

from django.urls import path

from continuum.web.reports_app import views

urlpatterns = [
    path("reports/", views.index, name="reports-index"),
    path("reports/generate/", views.generate, name="reports-generate"),
    path("reports/<str:token>/", views.detail, name="reports-version"),
    path("reports/<str:token>/commentary/", views.commentary, name="reports-commentary"),
    path("reports/<str:token>/publish/", views.publish, name="reports-publish"),
    path("reports/<str:token>/report.<str:fmt>", views.download, name="reports-file"),
]
