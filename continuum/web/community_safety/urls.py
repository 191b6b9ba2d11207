"""Community safety URLs: the period in the query string (months), never anything personal."""

from django.urls import path

from continuum.web.community_safety import views

urlpatterns = [
    path("community-safety/crime-summary/", views.crime_summary_page, name="crime-summary"),
    path("community-safety/cost-benefit/", views.cost_benefit_page, name="cost-benefit"),
]
