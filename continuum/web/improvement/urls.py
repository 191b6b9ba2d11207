"""Improvement plan URLs: record numbers and days only, never anything personal."""

from django.urls import path

from continuum.web.improvement import views

urlpatterns = [
    path("improvement/", views.plan_list, name="improvement-plans"),
    path("improvement/import/", views.import_page, name="improvement-import"),
    path("improvement/<int:plan_pk>/", views.plan_page, name="improvement-plan"),
    path("improvement/<int:plan_pk>/dashboard/", views.dashboard_page, name="improvement-dashboard"),
    path("improvement/<int:plan_pk>/changes/", views.changes_page, name="improvement-changes"),
    path("improvement/<int:plan_pk>/priorities/new/", views.priority_new, name="improvement-priority-new"),
    path(
        "improvement/<int:plan_pk>/priorities/<int:priority_pk>/change/",
        views.priority_edit,
        name="improvement-priority-edit",
    ),
    path("improvement/<int:plan_pk>/objectives/new/", views.objective_new, name="improvement-objective-new"),
    path(
        "improvement/<int:plan_pk>/objectives/<int:objective_pk>/change/",
        views.objective_edit,
        name="improvement-objective-edit",
    ),
    path("improvement/<int:plan_pk>/actions/new/", views.action_new, name="improvement-action-new"),
    path("improvement/<int:plan_pk>/actions/<int:action_pk>/", views.action_page, name="improvement-action"),
    path(
        "improvement/<int:plan_pk>/actions/<int:action_pk>/change/",
        views.action_edit,
        name="improvement-action-edit",
    ),
    path("improvement/<int:plan_pk>/stocktake/", views.stocktake_page, name="improvement-stocktake"),
    path("improvement/<int:plan_pk>/export.xlsx", views.export_xlsx, name="improvement-export"),
    path("improvement/<int:plan_pk>/report/", views.report_page, name="improvement-report"),
    path("improvement/<int:plan_pk>/report.<str:kind>", views.report_file, name="improvement-report-file"),
]
