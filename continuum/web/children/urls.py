"""Child record URLs: internal record numbers only, never names, dates of birth or LAchildIDs."""

from django.urls import path

from continuum.web.children import views

urlpatterns = [
    path("children/search/", views.search, name="child-search"),
    path("children/<int:pk>/", views.record, name="child-record"),
    path("children/<int:pk>/chronology/", views.chronology, name="child-chronology"),
    path("children/<int:pk>/chronology/export/", views.chronology_export, name="child-chronology-export"),
    path("children/<int:pk>/family/", views.family, name="child-family"),
    path("children/<int:pk>/break-glass/", views.break_glass, name="child-break-glass"),
    path("children/<int:pk>/visits/new/", views.visit_new, name="child-visit-new"),
    path(
        "children/<int:pk>/assessments/<int:assessment_pk>/complete/",
        views.assessment_complete,
        name="child-assessment-complete",
    ),
    path("children/<int:pk>/strategy-discussions/new/", views.strategy_new, name="child-strategy-new"),
    path("children/<int:pk>/section-47/new/", views.s47_new, name="child-s47-new"),
    path("children/<int:pk>/icpc/new/", views.icpc_new, name="child-icpc-new"),
    path("children/<int:pk>/cp-plans/new/", views.cp_plan_new, name="child-cp-plan-new"),
]
