"""URLs of the IOM team's recording pages (an offender by the database id only, never a name)."""

from django.urls import URLPattern, path

from continuum.web.community_safety import iom_records

urlpatterns: list[URLPattern] = [
    path(
        "community-safety/iom/offenders/new/",
        iom_records.add_offender_page,
        name="community-safety-iom-add",
    ),
    path(
        "community-safety/iom/offenders/<int:pk>/",
        iom_records.offender_page,
        name="community-safety-iom-offender",
    ),
    path(
        "community-safety/iom/offenders/<int:pk>/colour/",
        iom_records.colour_page,
        name="community-safety-iom-colour",
    ),
    path(
        "community-safety/iom/offenders/<int:pk>/events/new/",
        iom_records.event_page,
        name="community-safety-iom-event",
    ),
    path(
        "community-safety/iom/offenders/<int:pk>/details/",
        iom_records.details_page,
        name="community-safety-iom-details",
    ),
    path(
        "community-safety/iom/offenders/<int:pk>/correct/",
        iom_records.correct_page,
        name="community-safety-iom-correct",
    ),
]
