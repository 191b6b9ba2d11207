"""Supervision URLs: a worker's record number only."""

from django.urls import path

from continuum.web.supervision import views

urlpatterns = [
    path("supervision/workers/<int:worker_pk>/", views.worker_supervision, name="supervision-worker"),
    path("supervision/workers/<int:worker_pk>/new/", views.supervision_new, name="supervision-new"),
]
