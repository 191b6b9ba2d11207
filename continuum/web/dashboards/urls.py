"""Dashboard URLs: an area's slug, an indicator's code and a period label; never a child's details."""

from django.urls import path

from continuum.web.dashboards import breakdowns, views

urlpatterns = [
    path("performance/", views.index, name="performance-index"),
    path("performance/<slug:area>/", views.dashboard, name="performance-dashboard"),
    path("performance/<slug:area>/<slug:code>/children/", views.children, name="performance-children"),
    path("performance/<slug:area>/<slug:code>/chart.svg", views.chart, name="performance-chart"),
    path("performance/<slug:area>/export.<str:fmt>", views.export, name="performance-export"),
    path(
        "performance/<slug:area>/<slug:code>/breakdowns/",
        breakdowns.breakdowns,
        name="performance-breakdowns",
    ),
    path(
        "performance/<slug:area>/<slug:code>/breakdowns/export.<str:fmt>",
        breakdowns.breakdowns_export,
        name="performance-breakdowns-export",
    ),
    path(
        "performance/<slug:area>/<slug:code>/disproportionality/",
        breakdowns.disproportionality_page,
        name="performance-disproportionality",
    ),
    path(
        "performance/<slug:area>/<slug:code>/disproportionality/export.<str:fmt>",
        breakdowns.disproportionality_export,
        name="performance-disproportionality-export",
    ),
]
