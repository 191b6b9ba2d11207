"""Dashboard URLs: an area's slug, an indicator's code and a period label; never a child's details."""

from django.urls import path

from continuum.web.dashboards import views

urlpatterns = [
    path("performance/", views.index, name="performance-index"),
    path("performance/<slug:area>/", views.dashboard, name="performance-dashboard"),
    path("performance/<slug:area>/<slug:code>/children/", views.children, name="performance-children"),
    path("performance/<slug:area>/export.<str:fmt>", views.export, name="performance-export"),
]
