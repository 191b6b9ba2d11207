"""The access log search page."""

from django.urls import path

from continuum.web.audit import views

urlpatterns = [path("audit/", views.audit_log, name="audit-log")]
