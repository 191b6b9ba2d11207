"""Partnership business URLs: record numbers only, never anything personal."""

from django.urls import path

from continuum.web.partnership import business, views

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
    path("partnership/bodies/<int:pk>/membership/", business.membership_page, name="partnership-membership"),
    path("partnership/bodies/<int:pk>/budget/", business.budget_page, name="partnership-budget"),
    path("partnership/bodies/<int:pk>/annual-reports/", business.annual_list, name="partnership-annual-list"),
    path("partnership/annual-reports/<int:pk>/", business.annual_page, name="partnership-annual"),
    path(
        "partnership/annual-reports/<int:pk>/report.<str:fmt>",
        business.annual_file,
        name="partnership-annual-file",
    ),
    path("partnership/chapters/<int:pk>/", business.chapter_page, name="partnership-chapter"),
    path("partnership/training/", views.training_page, name="partnership-training"),
    path("partnership/training/courses/<int:pk>/", views.course_page, name="partnership-course"),
    path("partnership/papers/<int:pk>/", views.paper_file, name="partnership-paper"),
]
