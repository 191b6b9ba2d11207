"""Actions, plan pages and case notes (issue 18 points 1 and 3). Paths carry record numbers only."""

from django.urls import path

from continuum.web.actions import views
from continuum.web.children import notes, plans, warnings

urlpatterns = [
    path("actions/", views.my_actions, name="my-actions"),
    path("actions/<int:action_pk>/", views.action_page, name="action"),
    path("children/<int:pk>/notes/", notes.notes_list, name="child-notes"),
    path("children/<int:pk>/notes/new/", notes.note_new, name="child-note-new"),
    path("children/<int:pk>/notes/<int:note_pk>/", notes.note_page, name="child-note"),
    path("children/<int:pk>/notes/<int:note_pk>/correct/", notes.note_correct, name="child-note-correct"),
    path("children/<int:pk>/warnings/", warnings.warnings_page, name="child-warnings"),
    path("children/<int:pk>/warnings/new/", warnings.warning_new, name="child-warning-new"),
    path("children/<int:pk>/warnings/<int:warning_pk>/end/", warnings.warning_end, name="child-warning-end"),
    path("children/<int:pk>/plans/<str:kind>/<int:plan_pk>/", plans.plan_page, name="child-plan"),
    path(
        "children/<int:pk>/plans/<str:kind>/<int:plan_pk>/outcomes/new/",
        plans.outcome_new,
        name="child-plan-outcome-new",
    ),
    path(
        "children/<int:pk>/plans/<str:kind>/<int:plan_pk>/actions/new/",
        plans.action_new,
        name="child-plan-action-new",
    ),
]
