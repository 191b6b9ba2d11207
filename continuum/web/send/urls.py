"""SEND URLs: record numbers only, never a name."""

from django.urls import path

from continuum.web.send import places, views

urlpatterns = [
    path("send/", views.open_requests, name="send-home"),
    path("send/new/", views.new_request, name="send-new"),
    path("send/reviews/", views.reviews_due, name="send-reviews"),
    path("send/transfers/", views.transfers_due, name="send-transfers"),
    path("send/places/", places.place_planning, name="send-places"),
    path("send/requests/<int:pk>/", views.request_page, name="send-request"),
    path("send/requests/<int:pk>/final/", views.final_plan, name="send-final"),
    path("send/plans/<int:pk>/", views.plan_page, name="send-plan"),
    path("send/plans/<int:pk>/change/", views.plan_change, name="send-plan-change"),
]
