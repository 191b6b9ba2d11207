"""The workforce page. Paths carry record numbers only."""

from django.urls import path

from continuum.web.workforce import views

urlpatterns = [
    path("workforce/", views.teams, name="workforce"),
    path("workforce/teams/<int:team_pk>/", views.team, name="workforce-team"),
    path("workforce/workers/<int:worker_pk>/hours/", views.worker_hours, name="workforce-worker-hours"),
]
