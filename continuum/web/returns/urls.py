"""Return upload and export URLs: the random token only, never a file name or a child's details."""

from django.urls import path

from continuum.web.returns import views

urlpatterns = [
    path("returns/", views.index, name="returns-index"),
    path("returns/upload/", views.upload, name="returns-upload"),
    path("returns/dashboards/live/", views.show_live_record, name="returns-live-record"),
    path("returns/exports/", views.export_new, name="returns-export"),
    path("returns/exports/<str:token>/", views.export_detail, name="returns-export-detail"),
    path("returns/exports/<str:token>/return.zip", views.export_download, name="returns-export-download"),
    path("returns/exports/<str:token>/validate/", views.export_validate, name="returns-export-validate"),
    path("returns/<str:token>/", views.detail, name="returns-upload-detail"),
    path("returns/<str:token>/report.<str:fmt>", views.download, name="returns-report-download"),
    path("returns/<str:token>/import/", views.import_upload, name="returns-import"),
    path("returns/<str:token>/import/progress/", views.import_progress, name="returns-import-progress"),
    path("returns/<str:token>/dashboards/", views.show_on_dashboards, name="returns-dashboards"),
]
