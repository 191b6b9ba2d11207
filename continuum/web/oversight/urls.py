"""The IRO's pages: no personal data in the URLs, only record numbers."""

from django.urls import path

from continuum.web import professionals
from continuum.web.oversight import views

urlpatterns = [
    path("iro/caseload/", views.caseload, name="iro-caseload"),
    path("children/<int:pk>/escalations/", views.escalations, name="child-escalations"),
    path("children/<int:pk>/escalations/new/", views.escalation_new, name="child-escalation-new"),
    path(
        "children/<int:pk>/escalations/<int:escalation_pk>/answer/",
        views.escalation_answer,
        name="child-escalation-answer",
    ),
    path("children/<int:pk>/conferences/", views.conferences, name="child-conferences"),
    path("children/<int:pk>/conferences/book/", views.conference_book, name="child-conference-book"),
    path(
        "children/<int:pk>/conferences/<int:booking_pk>/record/",
        views.conference_record,
        name="child-conference-record",
    ),
    # The people around the child (issue 18 point 5), listed on the family page.
    path(
        "children/<int:pk>/professionals/new/", professionals.professional_new, name="child-professional-new"
    ),
]
