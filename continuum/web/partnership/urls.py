"""Partnership business URLs: record numbers only, never anything personal."""

from django.urls import path

from continuum.web.partnership import views

urlpatterns = [
    path("partnership/", views.index, name="partnership"),
    path("partnership/bodies/<int:pk>/", views.body_page, name="partnership-body"),
    path("partnership/bodies/<int:pk>/actions/", views.action_log_page, name="partnership-actions"),
    path("partnership/bodies/<int:pk>/attendance/", views.attendance_page, name="partnership-attendance"),
    path("partnership/meetings/<int:pk>/", views.meeting_page, name="partnership-meeting"),
    path("partnership/meetings/<int:pk>/pack/", views.pack_page, name="partnership-pack"),
    path(
        "partnership/meetings/<int:pk>/pack/<str:audience>.pdf", views.pack_pdf, name="partnership-pack-pdf"
    ),
    path("partnership/meetings/<int:pk>/minutes/", views.minutes_page, name="partnership-minutes"),
    path("partnership/training/", views.training_page, name="partnership-training"),
    path("partnership/papers/<int:pk>/", views.paper_file, name="partnership-paper"),
]
