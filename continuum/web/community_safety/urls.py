"""Community safety URLs: the period in the query string (months), never anything personal."""

from django.urls import path

from continuum.web.community_safety import board_pack, pages, views
from continuum.web.community_safety.iom_urls import urlpatterns as iom_recording
from continuum.web.community_safety.marac_urls import urlpatterns as marac_recording

urlpatterns = [
    path("community-safety/crime-summary/", views.crime_summary_page, name="crime-summary"),
    path("community-safety/cost-benefit/", views.cost_benefit_page, name="cost-benefit"),
]

urlpatterns += [
    path("community-safety/action-plan/", pages.action_plan_page, name="community-safety-action-plan"),
    path("community-safety/asb/", pages.asb_page, name="community-safety-asb"),
    path("community-safety/iom/", pages.iom_page, name="community-safety-iom"),
    path("community-safety/marac/", pages.marac_page, name="community-safety-marac"),
]

urlpatterns += [
    path("community-safety/", board_pack.landing, name="community-safety"),
    path("community-safety/board-pack/", board_pack.pack_page, name="community-safety-pack"),
    path("community-safety/board-pack.pdf", board_pack.pack_pdf, name="community-safety-pack-pdf"),
]

urlpatterns += [*iom_recording, *marac_recording]
