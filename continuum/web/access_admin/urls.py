"""Access administration URLs: internal record numbers only."""

from django.urls import path

from continuum.web.access_admin import views

urlpatterns = [
    path("access/", views.index, name="access-admin"),
    path("access/relationships/", views.relationships, name="access-relationships"),
    path("access/relationships/new/", views.relationship_new, name="access-relationship-new"),
    path("access/relationships/<int:pk>/end/", views.relationship_end, name="access-relationship-end"),
    path("access/restricted/", views.restrictions, name="access-restrictions"),
    path("access/restricted/new/", views.restriction_new, name="access-restriction-new"),
    path("access/restricted/<int:pk>/", views.restriction_edit, name="access-restriction-edit"),
    path("access/break-glass/", views.break_glass_review, name="access-break-glass"),
    path("access/break-glass/<int:pk>/review/", views.break_glass_entry, name="access-break-glass-entry"),
]
