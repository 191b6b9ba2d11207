"""Improvement plan URLs: record numbers and days only, never anything personal."""

from django.urls import path

from continuum.web.improvement import views

urlpatterns = [
    path("improvement/", views.plan_list, name="improvement-plans"),
    path("improvement/import/", views.import_page, name="improvement-import"),
    path("improvement/<int:plan_pk>/", views.plan_page, name="improvement-plan"),
    path("improvement/<int:plan_pk>/actions/<int:action_pk>/", views.action_page, name="improvement-action"),
    path("improvement/<int:plan_pk>/stocktake/", views.stocktake_page, name="improvement-stocktake"),
    path("improvement/<int:plan_pk>/export.xlsx", views.export_xlsx, name="improvement-export"),
    path("improvement/<int:plan_pk>/report/", views.report_page, name="improvement-report"),
    path("improvement/<int:plan_pk>/report.<str:kind>", views.report_file, name="improvement-report-file"),
]
