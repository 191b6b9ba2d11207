"""SEND URLs: record numbers only, never a name."""

from django.urls import path

from continuum.web.send import views

urlpatterns = [
    path("send/", views.open_requests, name="send-home"),
    path("send/new/", views.new_request, name="send-new"),
    path("send/requests/<int:pk>/", views.request_page, name="send-request"),
]
