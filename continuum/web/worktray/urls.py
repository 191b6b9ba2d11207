"""Work tray URLs: no personal data, only a team's record number in the query string."""

from django.urls import path

from continuum.web.worktray import views

urlpatterns = [
    path("work/", views.mine, name="worktray-mine"),
    path("work/team/", views.team, name="worktray-team"),
    path("work/team/workers/<int:worker_pk>/", views.worker_page, name="worktray-worker"),
    path("work/conferences/", views.conferences, name="worktray-conferences"),
]
