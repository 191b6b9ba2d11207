"""SEND URLs: record numbers only, never a name."""

from django.urls import path

from continuum.web.send import places, views

urlpatterns = [
    path("send/", views.open_requests, name="send-home"),
    path("send/new/", views.new_request, name="send-new"),
    path("send/places/", places.place_planning, name="send-places"),
    path("send/requests/<int:pk>/", views.request_page, name="send-request"),
]
