"""Complaints URLs: record numbers only, never a name."""

from django.urls import path

from continuum.web.complaints import views

urlpatterns = [
    path("complaints/", views.tray, name="complaints-tray"),
    path("complaints/new/", views.record, name="complaints-new"),
    path("complaints/all/", views.find, name="complaints-list"),
    path("complaints/figures/", views.figures, name="complaints-figures"),
    path("complaints/<int:pk>/", views.complaint_page, name="complaints-complaint"),
    path("complaints/compliments/", views.compliments, name="complaints-compliments"),
    path("complaints/enquiries/", views.enquiries, name="complaints-enquiries"),
    path("complaints/enquiries/<int:pk>/", views.enquiry_page, name="complaints-enquiry"),
    path("complaints/child/<int:child_pk>/", views.child_complaints, name="complaints-child"),
]
