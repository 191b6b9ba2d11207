"""Partner API URLs (version 1). Paths carry internal contact numbers only."""

from django.urls import path

from continuum.api import views

urlpatterns = [
    path("api/v1/contacts/", views.contacts, name="api-contacts"),
    path("api/v1/contacts/<int:pk>/", views.contact_outcome, name="api-contact"),
    path("api/v1/openapi.json", views.openapi, name="api-openapi"),
]
